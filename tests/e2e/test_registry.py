"""Model steps and the model registry: create, register, approve with history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dagmaker.api import connect
from dagmaker.cli.main import app
from dagmaker.errors import InvalidRequest, NotFound
from tests.e2e.defs import BUCKET, pipeline

XGB = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


def _train_step(data_uri: str) -> dict[str, Any]:
    channel = {
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": data_uri,
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        "ContentType": "text/csv",
        "ChannelName": "train",
    }
    return {
        "Name": "Train",
        "Type": "Training",
        "Arguments": {
            "AlgorithmSpecification": {"TrainingImage": XGB, "TrainingInputMode": "File"},
            "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/models"},
            "ResourceConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.large",
                "VolumeSizeInGB": 5,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 600},
            "RoleArn": "arn:aws:iam::000000000000:role/r",
            "InputDataConfig": [channel],
            "HyperParameters": {"objective": "reg:squarederror", "num_round": "5"},
        },
    }


MODEL_DATA = {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}


def _register_steps() -> list[dict[str, Any]]:
    container = {"Image": XGB, "Environment": {}, "ModelDataUrl": MODEL_DATA}
    create = {
        "Name": "Deploy-CreateModel",
        "Type": "Model",
        "Arguments": {
            "ExecutionRoleArn": "arn:aws:iam::000000000000:role/r",
            "PrimaryContainer": container,
        },
    }
    register = {
        "Name": "Deploy-RegisterModel",
        "Type": "RegisterModel",
        "Arguments": {
            "ModelPackageGroupName": "abalone",
            "InferenceSpecification": {
                "Containers": [container],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
                "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
                "SupportedTransformInstanceTypes": ["ml.m5.large"],
            },
            "ModelApprovalStatus": {"Get": "Parameters.Approval"},
            "ModelMetrics": {
                "ModelQuality": {
                    "Statistics": {
                        "ContentType": "application/json",
                        "S3Uri": f"s3://{BUCKET}/eval/evaluation.json",
                    }
                },
                "Bias": {},
                "Explainability": {},
            },
            "CustomerMetadataProperties": {"team": "ml"},
            "SkipModelValidation": "None",
        },
    }
    return [create, register]


def _data(client: Any) -> str:
    rows = "\n".join(f"{i % 7 * 1.5},{i % 7},{i % 3}" for i in range(60)) + "\n"
    client.services.artifacts.write_bytes(f"s3://{BUCKET}/data/train.csv", rows.encode())
    return f"s3://{BUCKET}/data"


def test_model_and_register_steps_fill_the_registry(home: Path) -> None:
    client = connect(inline=True)
    definition = pipeline(
        _train_step(_data(client)),
        *_register_steps(),
        parameters=[
            {"Name": "Approval", "Type": "String", "DefaultValue": "PendingManualApproval"}
        ],
    )
    client.create_pipeline(PipelineName="reg", PipelineDefinition=json.dumps(definition))
    first = client.start_pipeline_execution(PipelineName="reg")["PipelineExecutionArn"]
    second = client.start_pipeline_execution(
        PipelineName="reg", PipelineParameters=[{"Name": "Approval", "Value": "Approved"}]
    )["PipelineExecutionArn"]
    for arn in (first, second):
        status = client.describe_pipeline_execution(PipelineExecutionArn=arn)
        assert status["PipelineExecutionStatus"] == "Succeeded", status
    steps = {
        s["StepName"]: s
        for s in client.list_pipeline_execution_steps(PipelineExecutionArn=second)[
            "PipelineExecutionSteps"
        ]
    }
    package_arn = steps["Deploy-RegisterModel"]["Metadata"]["RegisterModel"]["Arn"]
    assert package_arn.endswith("model-package/abalone/2")
    package = client.describe_model_package(ModelPackageName=package_arn)
    assert package["ModelApprovalStatus"] == "Approved"
    assert package["ModelPackageVersion"] == 2
    assert package["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"].endswith(
        "evaluation.json"
    )
    assert package["CustomerMetadataProperties"] == {"team": "ml"}
    container = package["InferenceSpecification"]["Containers"][0]
    assert container["ModelDataUrl"].endswith("/output/model.tar.gz")
    model_arn = steps["Deploy-CreateModel"]["Metadata"]["Model"]["Arn"]
    model = client.describe_model(ModelName=model_arn)
    assert model["PrimaryContainer"]["ModelDataUrl"] == container["ModelDataUrl"]
    listed = client.list_model_packages(ModelPackageGroupName="abalone")
    assert [p["ModelPackageVersion"] for p in listed["ModelPackageSummaryList"]] == [2, 1]


def test_approval_changes_keep_history_via_cli(home: Path) -> None:
    client = connect(inline=True)
    client.create_model_package(
        ModelPackageGroupName="g",
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [{"Image": XGB}],
            "SupportedContentTypes": [],
            "SupportedResponseMIMETypes": [],
        },
    )
    runner = CliRunner()
    approved = runner.invoke(
        app, ["models", "approve", "g/1", "--reason", "mse ok", "--by", "alice"]
    )
    assert approved.exit_code == 0, approved.output
    rejected = runner.invoke(app, ["models", "reject", "g/1", "--reason", "drift", "--by", "bob"])
    assert rejected.exit_code == 0
    described = json.loads(runner.invoke(app, ["models", "describe", "g/1", "--json"]).stdout)
    history = [
        (h["PreviousStatus"], h["ModelApprovalStatus"], h["ChangedBy"], h["Reason"])
        for h in described["ApprovalHistory"]
    ]
    assert history == [
        (None, "PendingManualApproval", "api", "registered"),
        ("PendingManualApproval", "Approved", "alice", "mse ok"),
        ("Approved", "Rejected", "bob", "drift"),
    ]
    assert runner.invoke(app, ["models", "latest", "g"]).exit_code == 1
    runner.invoke(app, ["models", "approve", "g/1"])
    assert runner.invoke(app, ["models", "latest", "g"]).stdout.strip().endswith("/g/1")


def test_bad_registry_input_is_named(home: Path) -> None:
    client = connect(inline=True)
    with pytest.raises(InvalidRequest, match="'Maybe' is not an approval status"):
        client.create_model_package(ModelPackageGroupName="g", ModelApprovalStatus="Maybe")
    with pytest.raises(NotFound, match="model package 'g/9' does not exist"):
        client.describe_model_package(ModelPackageName="g/9")
    definition = pipeline(
        {
            "Name": "M",
            "Type": "Model",
            "Arguments": {
                "PrimaryContainer": {
                    "Image": XGB,
                    "ModelDataUrl": f"s3://{BUCKET}/missing/model.tar.gz",
                }
            },
        }
    )
    client.create_pipeline(PipelineName="nomodel", PipelineDefinition=json.dumps(definition))
    arn = client.start_pipeline_execution(PipelineName="nomodel")["PipelineExecutionArn"]
    step = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)["PipelineExecutionSteps"][
        0
    ]
    assert step["StepStatus"] == "Failed"
    assert (
        "missing/model.tar.gz" in step["FailureReason"]
        and "does not exist" in step["FailureReason"]
    )
