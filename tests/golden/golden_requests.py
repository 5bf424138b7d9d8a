"""Create* request bodies for golden pipelines (plain Python, shared with the oracle run).

The values may be pipeline variables of either SDK; these builders only place them.
"""

from __future__ import annotations

from typing import Any

ROLE = "arn:aws:iam::123456789012:role/PipelineRole"
IMAGE = "123456789012.dkr.ecr.us-west-2.amazonaws.com/my-image:latest"


def processing(
    name: str = "prep-2024-01-02-03-04-05-678",
    outputs: dict[str, Any] | None = None,
    inputs: dict[str, Any] | None = None,
    instance_count: Any = 1,
    arguments: list[Any] | None = None,
    experiment_config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A CreateProcessingJob request with named inputs and outputs (name -> S3 URI)."""
    request: dict[str, Any] = {
        "ProcessingJobName": name,
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceType": "ml.m5.xlarge",
                "InstanceCount": instance_count,
                "VolumeSizeInGB": 30,
            }
        },
        "AppSpecification": {
            "ImageUri": IMAGE,
            "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/prep.py"],
        },
        "RoleArn": ROLE,
        "ProcessingInputs": [
            {
                "InputName": input_name,
                "AppManaged": False,
                "S3Input": {
                    "S3Uri": uri,
                    "LocalPath": f"/opt/ml/processing/input/{input_name}",
                    "S3DataType": "S3Prefix",
                    "S3InputMode": "File",
                    "S3DataDistributionType": "FullyReplicated",
                    "S3CompressionType": "None",
                },
            }
            for input_name, uri in (inputs or {}).items()
        ],
        "ProcessingOutputConfig": {
            "Outputs": [
                {
                    "OutputName": output_name,
                    "AppManaged": False,
                    "S3Output": {
                        "S3Uri": uri,
                        "LocalPath": f"/opt/ml/processing/{output_name}",
                        "S3UploadMode": "EndOfJob",
                    },
                }
                for output_name, uri in (outputs or {}).items()
            ]
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }
    if arguments is not None:
        request["AppSpecification"]["ContainerArguments"] = arguments
    if experiment_config is not None:
        request["ExperimentConfig"] = experiment_config
    return request


def training(
    name: str = "train-2024-01-02-03-04-05-678",
    channels: dict[str, Any] | None = None,
    hyperparameters: dict[str, Any] | None = None,
    experiment_config: dict[str, Any] | None = None,
    output_path: Any = "s3://my-bucket/output",
) -> dict[str, Any]:
    """A CreateTrainingJob request with one S3 channel per entry of ``channels``."""
    request: dict[str, Any] = {
        "TrainingJobName": name,
        "AlgorithmSpecification": {
            "TrainingImage": IMAGE,
            "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": "val:acc", "Regex": "val_acc=([0-9.]+)"}],
        },
        "OutputDataConfig": {"S3OutputPath": output_path},
        "ResourceConfig": {
            "InstanceCount": 1,
            "InstanceType": "ml.m5.xlarge",
            "VolumeSizeInGB": 30,
        },
        "RoleArn": ROLE,
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "InputDataConfig": [
            {
                "ChannelName": channel,
                "DataSource": {
                    "S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": uri,
                        "S3DataDistributionType": "FullyReplicated",
                    }
                },
                "ContentType": "text/csv",
            }
            for channel, uri in (channels or {}).items()
        ],
    }
    if hyperparameters is not None:
        request["HyperParameters"] = hyperparameters
    if experiment_config is not None:
        request["ExperimentConfig"] = experiment_config
    return request


def transform(
    model_name: Any,
    data: Any,
    name: str = "batch-2024-01-02-03-04-05-678",
    output_path: Any = "s3://my-bucket/transform",
    experiment_config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A CreateTransformJob request."""
    request: dict[str, Any] = {
        "TransformJobName": name,
        "ModelName": model_name,
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": data}},
            "ContentType": "text/csv",
            "SplitType": "Line",
        },
        "TransformOutput": {"S3OutputPath": output_path, "AssembleWith": "Line"},
        "TransformResources": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge"},
    }
    if experiment_config is not None:
        request["ExperimentConfig"] = experiment_config
    return request


def tuning(
    train_uri: Any,
    max_jobs: Any = 4,
    name: str = "tune-240102-0304",
    learning_rate_max: Any = "0.5",
) -> dict[str, Any]:
    """A CreateHyperParameterTuningJob request with one training job definition."""
    return {
        "HyperParameterTuningJobName": name,
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "ResourceLimits": {"MaxNumberOfTrainingJobs": max_jobs, "MaxParallelTrainingJobs": 2},
            "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "val:acc"},
            "ParameterRanges": {
                "ContinuousParameterRanges": [
                    {
                        "Name": "learning_rate",
                        "MinValue": "0.01",
                        "MaxValue": learning_rate_max,
                        "ScalingType": "Auto",
                    }
                ],
                "IntegerParameterRanges": [],
                "CategoricalParameterRanges": [],
            },
        },
        "TrainingJobDefinition": {
            "StaticHyperParameters": {"epochs": "10"},
            "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
            "RoleArn": ROLE,
            "InputDataConfig": [
                {
                    "ChannelName": "train",
                    "DataSource": {
                        "S3DataSource": {
                            "S3DataType": "S3Prefix",
                            "S3Uri": train_uri,
                            "S3DataDistributionType": "FullyReplicated",
                        }
                    },
                }
            ],
            "OutputDataConfig": {"S3OutputPath": "s3://my-bucket/tuning"},
            "ResourceConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.xlarge",
                "VolumeSizeInGB": 30,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        },
    }


def create_model(model_data: Any, name: str = "model-2024-01-02-03-04-05-678") -> dict[str, Any]:
    """A CreateModel request."""
    return {
        "ModelName": name,
        "ExecutionRoleArn": ROLE,
        "PrimaryContainer": {
            "Image": IMAGE,
            "Environment": {"SAGEMAKER_PROGRAM": "inference.py"},
            "ModelDataUrl": model_data,
        },
    }


class FunctionRef:
    """An existing function, by ARN (what a Lambda helper object offers a LambdaStep)."""

    def __init__(self, function_arn: str) -> None:
        self.function_arn = function_arn
        self.zipped_code_dir = None
        self.script = None
