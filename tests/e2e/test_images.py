"""Private images: unmapped ones fail with the command that fixes it; mapped ones run."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dagmaker.api import connect
from dagmaker.cli.main import app
from tests.e2e.defs import pipeline, processing, upload_code

PRIVATE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/my-team-image:latest"


def test_unmapped_image_fails_then_runs_once_mapped(home: Path) -> None:
    code = upload_code("hello.py", "print('team image ok')\n")
    step = processing("Team", code)
    step["Arguments"]["AppSpecification"]["ImageUri"] = PRIVATE
    client = connect(inline=True)
    client.create_pipeline(PipelineName="team", PipelineDefinition=json.dumps(pipeline(step)))

    first = client.start_pipeline_execution(PipelineName="team")["PipelineExecutionArn"]
    failed = client.list_pipeline_execution_steps(PipelineExecutionArn=first)[
        "PipelineExecutionSteps"
    ][0]
    assert failed["StepStatus"] == "Failed"
    assert PRIVATE in failed["FailureReason"]
    assert f"dagmaker images map '{PRIVATE}' --to python" in failed["FailureReason"]

    mapped = CliRunner().invoke(app, ["images", "map", PRIVATE.rsplit(":", 1)[0], "--to", "python"])
    assert mapped.exit_code == 0, mapped.output
    second = client.start_pipeline_execution(PipelineName="team")["PipelineExecutionArn"]
    assert (
        client.describe_pipeline_execution(PipelineExecutionArn=second)["PipelineExecutionStatus"]
        == "Succeeded"
    )


def test_unknown_runtime_is_rejected(home: Path) -> None:
    result = CliRunner().invoke(app, ["images", "map", PRIVATE, "--to", "kubernetes"])
    assert result.exit_code == 2
    assert "unknown runtime 'kubernetes'" in result.output
