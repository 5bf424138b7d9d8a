"""Hand-written definitions with real processing jobs, as the real SDK would emit them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dagmaker.api import connect_s3

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
BUCKET = "test-bucket"


def upload_code(name: str, source: str) -> str:
    """Put a script into the artifact store; return its s3:// URI."""
    key = f"code/{name}"
    connect_s3().put_object(Bucket=BUCKET, Key=key, Body=source.encode())
    return f"s3://{BUCKET}/{key}"


def processing(
    name: str,
    code_uri: str,
    *,
    inputs: dict[str, Any] | None = None,
    outputs: dict[str, Any] | None = None,
    env: dict[str, Any] | None = None,
    arguments: list[Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A Processing step running ``code_uri`` with python3."""

    def s3_input(input_name: str, uri: Any) -> dict[str, Any]:
        return {
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

    items = [s3_input(k, v) for k, v in (inputs or {}).items()]
    items.append(s3_input("code", code_uri))
    script = code_uri.rsplit("/", 1)[-1]
    outs = [
        {
            "OutputName": k,
            "AppManaged": False,
            "S3Output": {
                "S3Uri": v,
                "LocalPath": f"/opt/ml/processing/output/{k}",
                "S3UploadMode": "EndOfJob",
            },
        }
        for k, v in (outputs or {}).items()
    ]
    arguments_ = {
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceType": "ml.m5.xlarge",
                "InstanceCount": 1,
                "VolumeSizeInGB": 30,
            }
        },
        "AppSpecification": {
            "ImageUri": IMAGE,
            "ContainerEntrypoint": ["python3", f"/opt/ml/processing/input/code/{script}"],
            **({"ContainerArguments": arguments} if arguments else {}),
        },
        "RoleArn": "arn:aws:iam::000000000000:role/test",
        "ProcessingInputs": items,
        "ProcessingOutputConfig": {"Outputs": outs},
    }
    if env:
        arguments_["Environment"] = env
    return {"Name": name, "Type": "Processing", "Arguments": arguments_, **extra}


def pipeline(
    *steps: dict[str, Any], parameters: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A definition document."""
    return {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": parameters or [],
        "PipelineExperimentConfig": None,
        "Steps": list(steps),
    }


def out(execution_step: str, name: str) -> dict[str, Any]:
    """Get a step's processing output URI."""
    return {
        "Get": f"Steps.{execution_step}.ProcessingOutputConfig.Outputs['{name}'].S3Output.S3Uri"
    }


def run_dir(tmp: Path) -> Path:
    """A scratch dir."""
    tmp.mkdir(parents=True, exist_ok=True)
    return tmp
