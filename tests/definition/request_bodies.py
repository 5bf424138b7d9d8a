"""Smallest complete request bodies per step type, for tests that build definitions by hand.

Each passes the request-shape rules; tests add or break one member at a time.
"""

from __future__ import annotations

import copy
from typing import Any

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/job:latest"
CLUSTER = {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30}
RESOURCES = {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30}
_TRAINING_DEFINITION = {
    "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
    "OutputDataConfig": {"S3OutputPath": "s3://bucket/train"},
    "ResourceConfig": RESOURCES,
    "RoleArn": ROLE,
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
}
BASE: dict[str, dict[str, Any]] = {
    "Processing": {
        "ProcessingResources": {"ClusterConfig": CLUSTER},
        "AppSpecification": {"ImageUri": IMAGE},
        "RoleArn": ROLE,
    },
    "Training": _TRAINING_DEFINITION,
    "Tuning": {
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 4, "MaxParallelTrainingJobs": 2},
        },
        "TrainingJobDefinition": _TRAINING_DEFINITION,
    },
    "Transform": {
        "ModelName": "model",
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/in"}}
        },
        "TransformOutput": {"S3OutputPath": "s3://bucket/out"},
        "TransformResources": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1},
    },
    "Model": {"ExecutionRoleArn": ROLE, "PrimaryContainer": {"Image": IMAGE}},
    "RegisterModel": {
        "ModelPackageGroupName": "group",
        "InferenceSpecification": {
            "Containers": [{"Image": IMAGE}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        "ModelApprovalStatus": "PendingManualApproval",
    },
    "AutoML": {
        "InputDataConfig": [
            {
                "DataSource": {
                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/automl"}
                },
                "TargetAttributeName": "y",
            }
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/automl-out"},
        "AutoMLJobConfig": {"Mode": "ENSEMBLING"},
        "RoleArn": ROLE,
    },
    "EMR": {"ClusterId": "j-1ABCDEFGHIJKL", "StepConfig": {"HadoopJarStep": {"Jar": "x.jar"}}},
}


def arguments(step_type: str, **members: Any) -> dict[str, Any]:
    """A complete Arguments body for ``step_type`` with ``members`` replacing the base ones."""
    return {**copy.deepcopy(BASE.get(step_type, {})), **members}


def complete(step_type: str, args: dict[str, Any]) -> dict[str, Any]:
    """``args`` with every base member it lacks filled in, recursively."""
    return _fill(copy.deepcopy(BASE.get(step_type, {})), args)


def _fill(base: Any, given: Any) -> Any:
    if not (isinstance(base, dict) and isinstance(given, dict)):
        return given
    merged = dict(given)
    for key, value in base.items():
        merged[key] = _fill(value, given[key]) if key in given else copy.deepcopy(value)
    return merged
