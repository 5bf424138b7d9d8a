"""dagmaker: a chain of 10 and a fan-out of 10 processing steps whose code does nothing."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"


def _step(name: str, depends: list[str]) -> dict:
    step = {
        "Name": name,
        "Type": "Processing",
        "Arguments": {
            "ProcessingResources": {
                "ClusterConfig": {
                    "InstanceType": "ml.m5.large",
                    "InstanceCount": 1,
                    "VolumeSizeInGB": 1,
                }
            },
            "AppSpecification": {
                "ImageUri": IMAGE,
                "ContainerEntrypoint": ["python3", "-c", "pass"],
            },
            "RoleArn": "arn:aws:iam::000000000000:role/bench",
        },
    }
    if depends:
        step["DependsOn"] = depends
    return step


def definition(shape: str, size: int = 10) -> dict:
    """``chain``: each step after the previous; ``fanout``: all independent."""
    steps = [_step(f"S{i}", [f"S{i - 1}"] if shape == "chain" and i else []) for i in range(size)]
    return {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": [],
        "PipelineExperimentConfig": None,
        "Steps": steps,
    }


def runner(shape: str):
    """A callable running one execution of the shape to the end (inline, in this process)."""
    os.environ.setdefault("DAGMAKER_HOME", tempfile.mkdtemp(prefix="dagmaker-bench-"))
    from dagmaker.api import connect

    client = connect(inline=True)
    name = f"bench-{shape}"
    body = json.dumps(definition(shape))
    if client.services.pipelines.exists(name):
        client.update_pipeline(PipelineName=name, PipelineDefinition=body)
    else:
        client.create_pipeline(PipelineName=name, PipelineDefinition=body)

    def run() -> None:
        arn = client.start_pipeline_execution(PipelineName=name)["PipelineExecutionArn"]
        status = client.describe_pipeline_execution(PipelineExecutionArn=arn)
        if status["PipelineExecutionStatus"] != "Succeeded":
            raise RuntimeError(status)

    return run


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    from timing import median_seconds

    for shape in ("chain", "fanout"):
        median, _ = median_seconds(runner(shape), 3)
        print(f"dagmaker {shape}: {median:.3f}s")
