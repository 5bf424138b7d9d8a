"""ClarifyCheck steps: model names filled in, baselines staged, drift reported.

The analysis is a stand-in program (``stand_in_clarify.py``) behind a custom image; the
real Clarify program runs in the end-to-end tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from tests.e2e.defs import BUCKET
from tests.runners.checks.test_quality_check_runner import IMAGE as ANALYZER
from tests.runners.checks.test_quality_check_runner import run

IMAGE = "localhost/stand-in-clarify:1"
HERE = Path(__file__).parent
DATA = f"s3://{BUCKET}/data/rows.csv"
CONFIG = f"s3://{BUCKET}/clarify/config/analysis_config.json"
OUT = f"s3://{BUCKET}/clarify/out"


@pytest.fixture
def client(home: Path) -> Any:
    client = connect(inline=True)
    client.services.images.put(IMAGE, "python")
    artifacts = client.services.artifacts
    artifacts.write_bytes(
        f"s3://{BUCKET}/code/clarify.py", (HERE / "stand_in_clarify.py").read_bytes()
    )
    artifacts.write_bytes(DATA, b"1\n2\n3\n")
    config = {
        "dataset_type": "text/csv",
        "label": 0,
        "label_values_or_threshold": [1],
        "facet": [{"name_or_index": 1}],
        "methods": {"post_training_bias": {"methods": "all"}, "report": {"name": "report"}},
        "predictor": {"instance_type": "ml.m5.large", "initial_instance_count": 1},
    }
    artifacts.write_bytes(CONFIG, json.dumps(config).encode())
    return client


def _input(name: str, uri: str, path: str) -> dict[str, Any]:
    return {
        "InputName": name,
        "AppManaged": False,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": path,
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
            "S3CompressionType": "None",
        },
    }


def clarify_step(name: str, **settings: Any) -> dict[str, Any]:
    """A ClarifyCheck step as the SDK writes it, with the stand-in's entry point."""
    step = {
        "Name": name,
        "Type": "ClarifyCheck",
        "Arguments": {
            "ProcessingResources": {
                "ClusterConfig": {
                    "InstanceType": "ml.m5.xlarge",
                    "InstanceCount": 1,
                    "VolumeSizeInGB": 30,
                }
            },
            "AppSpecification": {
                "ImageUri": IMAGE,
                "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/clarify.py"],
            },
            "RoleArn": "arn:aws:iam::000000000000:role/r",
            "ProcessingInputs": [
                _input("analysis_config", CONFIG, "/opt/ml/processing/input/config"),
                _input("dataset", DATA, "/opt/ml/processing/input/data"),
                _input("code", f"s3://{BUCKET}/code/clarify.py", "/opt/ml/processing/input/code"),
            ],
            "ProcessingOutputConfig": {
                "Outputs": [
                    {
                        "OutputName": "analysis_result",
                        "AppManaged": False,
                        "S3Output": {
                            "S3Uri": OUT,
                            "LocalPath": "/opt/ml/processing/output",
                            "S3UploadMode": "EndOfJob",
                        },
                    }
                ]
            },
        },
        "CheckType": "MODEL_BIAS",
        "ModelPackageGroupName": None,
        "SkipCheck": False,
        "FailOnViolation": True,
        "RegisterNewBaseline": False,
        "SuppliedBaselineConstraints": None,
        "ModelName": "my-model",
    }
    step.update(settings)
    return step


def _baseline(client: Any, rows: int) -> str:
    uri = f"s3://{BUCKET}/baselines/{rows}/analysis.json"
    metric = {"name": "CI", "value": float(rows)}
    document = {
        "pre_training_bias_metrics": {
            "facets": {"f": [{"value_or_threshold": "1", "metrics": [metric]}]}
        }
    }
    client.services.artifacts.write_bytes(uri, json.dumps(document).encode())
    return uri


def test_the_step_model_name_reaches_the_analysis(client: Any) -> None:
    parameters = [{"Name": "Model", "Type": "String", "DefaultValue": "model-from-parameter"}]
    step = clarify_step(
        "Bias", SkipCheck=True, RegisterNewBaseline=True, ModelName={"Get": "Parameters.Model"}
    )
    result = run(client, step, parameters=parameters)
    assert result["status"] == "Succeeded"
    artifacts = client.services.artifacts
    assert json.loads(artifacts.read_bytes(f"{OUT}/seen.json")) == {
        "model_name": "model-from-parameter"
    }
    # The user's config is left as it was.
    assert "model_name" not in json.loads(artifacts.read_bytes(CONFIG))["predictor"]
    meta = result["steps"]["Bias"]["Metadata"]["ClarifyCheck"]
    assert meta["CalculatedBaselineConstraints"] == f"{OUT}/analysis.json"
    assert meta["BaselineUsedForDriftCheckConstraints"] == f"{OUT}/analysis.json"
    assert "CalculatedBaselineStatistics" not in meta
    assert meta["CheckType"] == "MODEL_BIAS"


def test_bias_drift_fails_the_step(client: Any) -> None:
    supplied = _baseline(client, rows=2)
    result = run(client, clarify_step("Bias", SuppliedBaselineConstraints=supplied))
    step = result["steps"]["Bias"]
    assert (result["status"], step["StepStatus"]) == ("Failed", "Failed")
    assert step["FailureReason"].startswith(
        "ClientError: Clarify check failed. See violation report"
    )
    meta = step["Metadata"]["ClarifyCheck"]
    assert meta["ViolationReport"] == f"{OUT}/constraint_violations.json"
    assert meta["BaselineUsedForDriftCheckConstraints"] == supplied


def test_data_bias_baseline_comes_from_the_approved_package(client: Any) -> None:
    pre = _baseline(client, rows=5)
    client.create_model_package(
        ModelPackageGroupName="bias-group",
        ModelApprovalStatus="Approved",
        InferenceSpecification={
            "Containers": [{"Image": ANALYZER}],
            "SupportedContentTypes": [],
            "SupportedResponseMIMETypes": [],
        },
        DriftCheckBaselines={
            "Bias": {
                "PreTrainingConstraints": {"ContentType": "application/json", "S3Uri": pre},
                "PostTrainingConstraints": {"ContentType": "application/json", "S3Uri": "s3://x/p"},
            }
        },
    )
    step = clarify_step(
        "DataBias", CheckType="DATA_BIAS", ModelPackageGroupName="bias-group", ModelName=None
    )
    del step["ModelName"]
    result = run(client, step)
    assert result["status"] == "Succeeded"
    meta = result["steps"]["DataBias"]["Metadata"]["ClarifyCheck"]
    assert meta["BaselineUsedForDriftCheckConstraints"] == pre
    assert "ViolationReport" not in meta
    seen = json.loads(client.services.artifacts.read_bytes(f"{OUT}/seen.json"))
    assert seen == {"model_name": None}
