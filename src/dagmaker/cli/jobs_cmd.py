"""``dagmaker jobs …`` and ``dagmaker logs``: jobs and their logs."""

from __future__ import annotations

import sys
import time
from typing import Annotated, Any

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console, print_json, styled, table, when

app = typer.Typer(
    add_completion=False, help="Processing, training and other jobs.", no_args_is_help=True
)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the API document")]
KINDS = ("Processing", "Training", "Transform", "HyperParameterTuning", "AutoML")


@app.command("list")
@guarded
def list_jobs(
    kind: Annotated[str | None, typer.Option(help=f"One kind of job: {', '.join(KINDS)}")] = None,
    json_output: JsonFlag = False,
) -> None:
    """List jobs, newest first."""
    listed = context.client().list_jobs(**({"Kind": kind} if kind is not None else {}))
    if json_output:
        print_json(listed)
        return
    rows = [
        [j["JobName"], j["JobType"], styled(j["Status"]), when(j["CreationTime"]), j["StepName"]]
        for j in listed["Jobs"]
    ]
    console.print(table("Jobs", ["name", "type", "status", "created", "step"], rows))


@app.command("describe")
@guarded
def describe(name: str, json_output: JsonFlag = False) -> None:
    """The Describe*Job document of a job."""
    document = context.client().describe_job(JobName=name)["Document"]
    if json_output:
        print_json(document)
        return
    for key in sorted(document):
        value = document[key]
        if isinstance(value, (str, int, float)) or value is None:
            console.print(f"{key}: {when(value)}", markup=False)


def logs(
    execution: Annotated[str, typer.Argument(help="Execution ARN or id, or a job name")],
    step: Annotated[str | None, typer.Argument(help="Step name")] = None,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new lines")] = False,
    host: Annotated[str, typer.Option(help="Host of a multi-instance job")] = "algo-1",
) -> None:
    """Print a step's job log (stdout then stderr), optionally following it."""
    client = context.client()
    where = (
        {"JobName": execution}
        if step is None
        else {
            "PipelineExecutionArn": execution,
            "StepName": step,
        }
    )
    if follow:
        _follow(client, {**where, "Host": host})
        return
    for stream in ("stdout", "stderr"):
        sys.stdout.write(client.get_job_log(**where, Host=host, Stream=stream)["Log"])
    sys.stdout.flush()


def _follow(client: Any, where: dict[str, str]) -> None:
    offset = 0
    while True:
        part = client.get_job_log(**where, Offset=offset)
        offset = part["NextOffset"]
        sys.stdout.write(part["Log"])
        sys.stdout.flush()
        if part["JobStatus"] in _ENDED and not part["Log"]:
            return
        time.sleep(0.25)


_ENDED = ("Completed", "Failed", "Stopped")
logs_command = guarded(logs)
