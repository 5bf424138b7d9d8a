"""``dagmaker run FILE``: create or update the pipeline, start it and follow it live."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Annotated, Any

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import EXIT_FAILED, EXIT_OK, guarded
from dagmaker.cli.live import follow
from dagmaker.cli.loader import load
from dagmaker.cli.output import console, print_json
from dagmaker.errors import Conflict, InvalidRequest
from dagmaker.records.statuses import ExecutionStatus


def parse_overrides(items: list[str]) -> list[dict[str, str]]:
    """``Name=Value`` strings as StartPipelineExecution parameters."""
    result = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InvalidRequest(
                f"parameter override {item!r} must look like Name=Value", field="-p"
            )
        result.append({"Name": name, "Value": value})
    return result


@guarded
def run(
    file: Annotated[
        Path, typer.Argument(help="A .py file defining `pipeline`, or a definition .json")
    ],
    param: Annotated[list[str], typer.Option("-p", "--param", help="Name=Value override")] = [],  # noqa: B006
    name: Annotated[str | None, typer.Option(help="Pipeline name (default: from the file)")] = None,
    parallelism: Annotated[int | None, typer.Option(help="Max parallel steps")] = None,
    detach: Annotated[
        bool, typer.Option(help="Hand the execution to the background worker")
    ] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the final execution document")
    ] = False,
    quiet: Annotated[bool, typer.Option(help="No live view")] = False,
) -> None:
    """Run a pipeline to the end; exit 0 if it succeeded, 1 if it failed, 2 on bad input."""
    overrides = parse_overrides(param)  # before anything is stored
    loaded = load(file, name)
    client = context.client()
    _upsert(client, loaded.name, loaded.definition)
    limit = {"MaxParallelExecutionSteps": parallelism} if parallelism is not None else None
    response = client.start_pipeline_execution(
        PipelineName=loaded.name,
        PipelineParameters=overrides,
        **({"ParallelismConfiguration": limit} if limit else {}),
    )
    if detach:
        console.print(response["PipelineExecutionArn"])
        return
    arn = response["PipelineExecutionArn"]
    final = _follow(client, arn, quiet or json_output)
    if json_output:
        print_json(final)
    else:
        _summary(arn, final)
    status = final["PipelineExecutionStatus"]
    raise typer.Exit(EXIT_OK if status == ExecutionStatus.SUCCEEDED else EXIT_FAILED)


def _upsert(api: Any, name: str, definition: dict[str, object]) -> None:
    body = json.dumps(definition)
    try:
        api.create_pipeline(PipelineName=name, PipelineDefinition=body, RoleArn="")
    except Conflict:
        api.update_pipeline(PipelineName=name, PipelineDefinition=body)


def _follow(api: Any, arn: str, quiet: bool) -> dict[str, Any]:
    """Wait for the execution's end (drawing its steps live); Ctrl-C stops it."""
    ended = threading.Event()

    def wait() -> None:
        try:
            api.wait_for_pipeline_execution(PipelineExecutionArn=arn)
        finally:
            ended.set()

    threading.Thread(target=wait, name="wait", daemon=True).start()
    try:
        if quiet:
            ended.wait()
        else:
            follow(api, arn, ended.is_set)
    except KeyboardInterrupt:
        console.print("Stopping… (running jobs get SIGTERM)")
        api.stop_pipeline_execution(PipelineExecutionArn=arn)
        return dict(api.wait_for_pipeline_execution(PipelineExecutionArn=arn))
    return dict(api.describe_pipeline_execution(PipelineExecutionArn=arn))


def _summary(arn: str, final: dict[str, object]) -> None:
    status = final["PipelineExecutionStatus"]
    console.print(f"Execution {arn}")
    console.print(f"Status: {status}")
    if final.get("FailureReason"):
        console.print(f"Reason: {final['FailureReason']}", markup=False)
    console.print(f"Steps: dagmaker executions steps {arn.rsplit('/', 1)[-1]}")
