"""``dagmaker executions …``."""

from __future__ import annotations

import time
from typing import Annotated, Any

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.live import steps_table
from dagmaker.cli.output import console, print_json, styled, table, when

app = typer.Typer(
    add_completion=False, help="Pipeline executions: list, inspect, stop.", no_args_is_help=True
)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the API document")]


def _arn(ref: str) -> str:
    """Accept an execution ARN or its short id."""
    described = context.client().describe_pipeline_execution(PipelineExecutionArn=ref)
    return str(described["PipelineExecutionArn"])


@app.command("list")
@guarded
def list_executions(
    pipeline: Annotated[str | None, typer.Option(help="Only this pipeline")] = None,
    json_output: JsonFlag = False,
) -> None:
    """List executions, newest first."""
    client = context.client()
    names = (
        [pipeline]
        if pipeline
        else [p["PipelineName"] for p in client.list_pipelines()["PipelineSummaries"]]
    )
    summaries: list[dict[str, Any]] = []
    for name in names:
        summaries += client.list_pipeline_executions(PipelineName=name)[
            "PipelineExecutionSummaries"
        ]
    summaries.sort(key=lambda s: s["StartTime"], reverse=True)
    if json_output:
        print_json({"PipelineExecutionSummaries": summaries})
        return
    rows = [
        [
            s["PipelineExecutionArn"].rsplit("/", 1)[-1],
            s["PipelineExecutionArn"].split("/")[1],
            styled(s["PipelineExecutionStatus"]),
            when(s["StartTime"]),
            s.get("PipelineExecutionFailureReason", "")[:120],
        ]
        for s in summaries
    ]
    console.print(table("Executions", ["id", "pipeline", "status", "started", "reason"], rows))


@app.command("describe")
@guarded
def describe(execution: str, json_output: JsonFlag = False) -> None:
    """Describe one execution (ARN or id)."""
    document = context.client().describe_pipeline_execution(PipelineExecutionArn=_arn(execution))
    if json_output:
        print_json(document)
        return
    for key, value in document.items():
        shown = styled(value) if key == "PipelineExecutionStatus" else when(value)
        console.print(f"{key}: {shown}")


@app.command("steps")
@guarded
def steps(execution: str, json_output: JsonFlag = False) -> None:
    """Steps of one execution: status, timing, cache hits and misses, failures."""
    client = context.client()
    arn = _arn(execution)
    document = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    if json_output:
        print_json(document)
        return
    console.print(steps_table(client, arn))
    for step in document["PipelineExecutionSteps"]:
        if step.get("CacheMissExplanation"):
            console.print(
                f"cache miss {step['StepName']}: {step['CacheMissExplanation']}", markup=False
            )


@app.command("stop")
@guarded
def stop(execution: str) -> None:
    """Stop an execution: running jobs get SIGTERM, then SIGKILL after a grace period."""
    response = context.client().stop_pipeline_execution(PipelineExecutionArn=_arn(execution))
    console.print(f"Stopping {response['PipelineExecutionArn']}")


@app.command("retry")
@guarded
def retry(
    execution: str,
    wait: Annotated[bool, typer.Option(help="Drive it here until it ends")] = True,
) -> None:
    """Retry a failed or stopped execution: failed/stopped steps run again."""
    client = context.client()
    arn = _arn(execution)
    client.retry_pipeline_execution(PipelineExecutionArn=arn)
    if wait:
        final = client.wait_for_pipeline_execution(PipelineExecutionArn=arn)
        console.print(steps_table(client, arn))
        raise typer.Exit(0 if final["PipelineExecutionStatus"] == "Succeeded" else 1)
    console.print(f"Retrying {arn}")


@guarded
def resume(
    wait: Annotated[bool, typer.Option(help="Wait until the resumed executions end")] = False,
) -> None:
    """Continue every execution whose engine died (also done automatically by the worker)."""
    client = context.client()
    resumed = client.resume_pipeline_executions()
    for arn in resumed["Resumed"]:
        console.print(f"resuming {arn} (its engine process had died)", markup=False)
    console.print(
        f"{resumed['ActiveCount']} execution(s) active; the background worker drives them"
    )
    while wait and client.resume_pipeline_executions()["ActiveCount"]:
        time.sleep(0.5)
