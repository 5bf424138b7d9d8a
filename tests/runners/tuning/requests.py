"""Requests and code for tuning tests: script-mode trials on a scikit-learn image."""

from __future__ import annotations

import io
import tarfile
from typing import Any

from dagmaker.api.client import LocalSageMakerClient

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
BUCKET = "tuning-tests"
SOURCEDIR = f"s3://{BUCKET}/code/sourcedir.tar.gz"


def upload_script(client: LocalSageMakerClient, source: str) -> None:
    """Upload ``source`` as ``train.py`` in the source directory trials run."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("train.py")
        info.size = len(source.encode())
        archive.addfile(info, io.BytesIO(source.encode()))
    client.services.artifacts.write_bytes(SOURCEDIR, buffer.getvalue())


def tuning_request(
    ranges: dict[str, list[dict[str, Any]]],
    *,
    strategy: str = "Random",
    jobs: int | None = 4,
    parallel: int = 2,
    metric: str = "validation:loss",
    regex: str = r"validation-loss: ([0-9.]+)",
    static: dict[str, str] | None = None,
    **config: Any,
) -> dict[str, Any]:
    """A CreateHyperParameterTuningJob request (as the SDK's tuner sends it)."""
    limits: dict[str, int] = {"MaxParallelTrainingJobs": parallel}
    if jobs:
        limits["MaxNumberOfTrainingJobs"] = jobs
    return {
        "HyperParameterTuningJobConfig": {
            "Strategy": strategy,
            "ResourceLimits": limits,
            "HyperParameterTuningJobObjective": {
                "Type": "Minimize",
                "MetricName": "validation:loss",
            },
            "ParameterRanges": ranges,
            "RandomSeed": 11,
            **config,
        },
        "TrainingJobDefinition": {
            "StaticHyperParameters": {
                "sagemaker_program": '"train.py"',
                "sagemaker_submit_directory": f'"{SOURCEDIR}"',
                **(static or {}),
            },
            "AlgorithmSpecification": {
                "TrainingImage": IMAGE,
                "TrainingInputMode": "File",
                "MetricDefinitions": [{"Name": metric, "Regex": regex}],
            },
            "RoleArn": "arn:aws:iam::000000000000:role/test",
            "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/models"},
            "HyperParameterTuningResourceConfig": {
                "InstanceType": "ml.m5.large",
                "InstanceCount": 1,
                "VolumeSizeInGB": 5,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 120},
        },
    }


X_RANGE = {"ContinuousParameterRanges": [{"Name": "x", "MinValue": "0", "MaxValue": "1"}]}
