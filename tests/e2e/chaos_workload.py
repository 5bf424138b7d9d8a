"""The chaos test's workload: pipelines, jobs started on their own and a tuning job.

Every job appends ``<job name> <attempt>`` to one marker file when it starts (the attempt
counts the lines already there for that name, under a file lock), so the test can prove
that no job ran twice.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

from tests.e2e.defs import BUCKET, pipeline, processing, upload_code

SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::000000000000:role/chaos"
SOURCEDIR = f"s3://{BUCKET}/code/sourcedir.tar.gz"
PIPELINE = "chaos"
GROUP = "chaos-models"
METRIC = "validation:loss"

_MARK = """
import fcntl
def mark(path, name):
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        earlier = sum(1 for line in handle if line.split()[:1] == [name])
        handle.write(f"{name} {earlier + 1}\\n")
"""

PREPARE = (
    _MARK
    + """
import json, os, sys, time
config = json.load(open("/opt/ml/config/processingjobconfig.json"))
mark(sys.argv[1], config["ProcessingJobName"])
time.sleep(float(sys.argv[2]))
os.makedirs("/opt/ml/processing/output/data", exist_ok=True)
with open("/opt/ml/processing/output/data/train.csv", "w") as handle:
    handle.write("".join(f"{i},{i % 3}\\n" for i in range(20)))
"""
)

TRAIN = (
    _MARK
    + """
import json, os, time
hps = json.loads(os.environ["SM_HPS"])
mark(hps["marker"], os.environ["TRAINING_JOB_NAME"])
time.sleep(float(hps["delay"]))
os.makedirs("/opt/ml/model", exist_ok=True)
with open("/opt/ml/model/model.txt", "w") as handle:
    handle.write(os.environ["TRAINING_JOB_NAME"])
print(f"validation-loss: {abs(float(hps.get('x', 0.5)) - 0.3):.6f}", flush=True)
"""
)


def upload_code_bundle(client: Any) -> str:
    """Upload the processing script and the training source directory; the script's URI."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("train.py")
        info.size = len(TRAIN.encode())
        archive.addfile(info, io.BytesIO(TRAIN.encode()))
    client.services.artifacts.write_bytes(SOURCEDIR, buffer.getvalue())
    return upload_code("prepare.py", PREPARE)


def _hyperparameters(marker: Path, delay: float, **more: str) -> dict[str, str]:
    values = {
        "sagemaker_program": '"train.py"',
        "sagemaker_submit_directory": json.dumps(SOURCEDIR),
        "marker": json.dumps(str(marker)),
        "delay": str(delay),
    }
    values.update(more)
    return values


def _algorithm() -> dict[str, Any]:
    return {
        "TrainingImage": SKLEARN,
        "TrainingInputMode": "File",
        "MetricDefinitions": [{"Name": METRIC, "Regex": r"validation-loss: ([0-9.]+)"}],
    }


def training_request(marker: Path, delay: float, **extra: Any) -> dict[str, Any]:
    """A CreateTrainingJob request (also a Training step's Arguments)."""
    return {
        "AlgorithmSpecification": _algorithm(),
        "HyperParameters": _hyperparameters(marker, delay),
        "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/models"},
        "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 5},
        "StoppingCondition": {"MaxRuntimeInSeconds": 300},
        "RoleArn": ROLE,
        **extra,
    }


def processing_request(code: str, marker: Path, delay: float, output: str) -> dict[str, Any]:
    """A CreateProcessingJob request running the prepare script."""
    step = processing("P", code, arguments=[str(marker), str(delay)], outputs={"data": output})
    arguments: dict[str, Any] = step["Arguments"]
    return arguments


def tuning_request(marker: Path, delay: float, jobs: int, parallel: int) -> dict[str, Any]:
    """A CreateHyperParameterTuningJob request (without its name)."""
    return {
        "HyperParameterTuningJobConfig": {
            "Strategy": "Random",
            "ResourceLimits": {
                "MaxNumberOfTrainingJobs": jobs,
                "MaxParallelTrainingJobs": parallel,
            },
            "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": METRIC},
            "ParameterRanges": {
                "ContinuousParameterRanges": [{"Name": "x", "MinValue": "0", "MaxValue": "1"}]
            },
            "RandomSeed": 7,
        },
        "TrainingJobDefinition": {
            "StaticHyperParameters": _hyperparameters(marker, delay),
            "AlgorithmSpecification": _algorithm(),
            "RoleArn": ROLE,
            "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/tuning"},
            "HyperParameterTuningResourceConfig": {
                "InstanceType": "ml.m5.large",
                "InstanceCount": 1,
                "VolumeSizeInGB": 5,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 300},
        },
    }


def pipeline_definition(code: str, marker: Path, delay: float) -> dict[str, Any]:
    """Prepare (cached) → Fit → Check (loss ≤ 1) → Register, with a Label parameter."""
    label = {"Get": "Parameters.Label"}
    prepare = processing(
        "Prepare",
        code,
        arguments=[str(marker), str(delay), label],
        outputs={"data": f"s3://{BUCKET}/prepared"},
        CacheConfig={"Enabled": True, "ExpireAfter": "P1D"},
    )
    data = {"Get": "Steps.Prepare.ProcessingOutputConfig.Outputs['data'].S3Output.S3Uri"}
    channel = {
        "ChannelName": "train",
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": data,
                "S3DataDistributionType": "FullyReplicated",
            }
        },
    }
    fit = {
        "Name": "Fit",
        "Type": "Training",
        "Arguments": training_request(marker, delay, InputDataConfig=[channel]),
    }
    model_data = {"Get": "Steps.Fit.ModelArtifacts.S3ModelArtifacts"}
    register = {
        "Name": "Register",
        "Type": "RegisterModel",
        "Arguments": {
            "ModelPackageGroupName": GROUP,
            "InferenceSpecification": {
                "Containers": [{"Image": SKLEARN, "ModelDataUrl": model_data}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
            },
            "ModelApprovalStatus": "PendingManualApproval",
        },
    }
    check = {
        "Name": "Check",
        "Type": "Condition",
        "Arguments": {
            "Conditions": [
                {
                    "Type": "LessThanOrEqualTo",
                    "LeftValue": {"Get": f"Steps.Fit.FinalMetricDataList['{METRIC}'].Value"},
                    "RightValue": 1.0,
                }
            ],
            "IfSteps": [register],
            "ElseSteps": [],
        },
    }
    return pipeline(
        prepare,
        fit,
        check,
        parameters=[{"Name": "Label", "Type": "String", "DefaultValue": "a"}],
    )


# A starter: starts its work with the local client, then leaves at once (the background
# worker carries the work on) or lingers, driving it, until the test kills it.
STARTER = """
import json, sys, time
from dagmaker.api import connect
client = connect()
calls = json.loads(sys.argv[1])
for method, kwargs in calls:
    getattr(client, method)(**kwargs)
print("started", flush=True)
if sys.argv[2] == "linger":
    time.sleep(120)
"""
