"""``dagmaker jobs …`` and ``dagmaker logs``: jobs and their logs."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console, print_json, styled, table, when
from dagmaker.errors import InvalidRequest, NotFound
from dagmaker.records.fold import fold_steps
from dagmaker.runners.workspace import log_dir

app = typer.Typer(
    add_completion=False, help="Processing, training and other jobs.", no_args_is_help=True
)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the API document")]
_DESCRIBE = {
    "Processing": "describe_processing_job",
    "Training": "describe_training_job",
    "Transform": "describe_transform_job",
    "HyperParameterTuning": "describe_hyper_parameter_tuning_job",
    "AutoML": "describe_auto_ml_job",
}
_NAME = {
    "Processing": "ProcessingJobName",
    "Training": "TrainingJobName",
    "Transform": "TransformJobName",
    "HyperParameterTuning": "HyperParameterTuningJobName",
    "AutoML": "AutoMLJobName",
}


@app.command("list")
@guarded
def list_jobs(
    kind: Annotated[str | None, typer.Option(help="Processing, Training, …")] = None,
    json_output: JsonFlag = False,
) -> None:
    """List jobs, newest first."""
    records = context.client().services.jobs.list(kind)
    if json_output:
        print_json(
            {
                "Jobs": [
                    {
                        "JobName": r.name,
                        "JobType": r.kind,
                        "JobArn": r.arn,
                        "Status": r.status.value,
                        "CreationTime": r.created_at,
                        "PipelineExecutionArn": r.execution_arn or None,
                        "StepName": r.step_name or None,
                    }
                    for r in records
                ]
            }
        )
        return
    rows = [
        [r.name, r.kind, styled(r.status.value), when(r.created_at), r.step_name] for r in records
    ]
    console.print(table("Jobs", ["name", "type", "status", "created", "step"], rows))


@app.command("describe")
@guarded
def describe(name: str, json_output: JsonFlag = False) -> None:
    """The Describe*Job document of a job."""
    client = context.client()
    record = client.services.jobs.get(name)
    method = getattr(client, _DESCRIBE.get(record.kind, ""), None)
    document = method(**{_NAME[record.kind]: record.name}) if method else record.describe
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
    folder = _log_folder(execution, step, host)
    if follow:
        _follow(folder)
        return
    for name in ("stdout.log", "stderr.log"):
        path = folder / name
        if path.is_file():
            sys.stdout.write(path.read_text(errors="replace"))
    sys.stdout.flush()


def _log_folder(execution: str, step: str | None, host: str) -> Path:
    client = context.client()
    jobs_root = context.settings().jobs_root
    if step is None:
        return log_dir(jobs_root, client.services.jobs.get(execution).name, host)
    record = client.services.executions.get(execution)
    views = fold_steps(client.services.event_log.load(record.arn))
    view = views.get(step)
    if view is None:
        raise NotFound(f"step {step!r} has not started in this execution", step=step)
    if not view.job_name:
        raise InvalidRequest(
            f"step {step!r} ({view.status.value}) ran no job, so it has no log", step=step
        )
    return log_dir(jobs_root, view.job_name, host)


def _follow(folder: Path) -> None:
    path = folder / "stdout.log"
    offset = 0
    while True:
        if path.is_file():
            with path.open("rb") as handle:
                handle.seek(offset)
                chunk = handle.read()
            offset += len(chunk)
            sys.stdout.write(chunk.decode("utf-8", "replace"))
            sys.stdout.flush()
        if (folder / "exit_code").exists() and path.is_file() and offset >= path.stat().st_size:
            return
        time.sleep(0.25)


logs_command = guarded(logs)
