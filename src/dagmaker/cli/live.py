"""A live view of an execution's steps, redrawn from the metadata store."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dagmaker.cli.output import console, duration, styled

if TYPE_CHECKING:
    from rich.table import Table


def steps_table(client: Any, arn: str) -> Table:
    """Every step of the execution (pending ones too), in definition order."""
    from rich.table import Table

    from dagmaker.definition.codec import decode_strict

    execution = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    listed = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    by_name = {s["StepName"]: s for s in listed["PipelineExecutionSteps"]}
    document = client.describe_pipeline_definition_for_execution(PipelineExecutionArn=arn)
    definition = decode_strict(json.loads(document["PipelineDefinition"]))
    title = f"{arn.rsplit('/', 1)[-1]}  {styled(execution['PipelineExecutionStatus'])}"
    grid = Table(title=title, title_justify="left")
    for column in ("step", "type", "status", "time", "detail"):
        grid.add_column(column, overflow="fold")
    for name, step in definition.steps.items():
        grid.add_row(*_row(name, step.type, by_name.get(name)))
    return grid


def _row(name: str, step_type: str, listed: dict[str, Any] | None) -> list[str]:
    if listed is None:
        return [name, step_type, styled("Pending"), "", ""]
    detail = listed.get("FailureReason", "")
    if "CacheHitResult" in listed:
        detail = "cache hit from " + listed["CacheHitResult"]["SourcePipelineExecutionArn"]
    attempts = listed.get("AttemptCount", 1)
    if attempts and attempts > 1:
        detail = f"attempt {attempts}. {detail}"
    took = duration(listed.get("StartTime"), listed.get("EndTime"))
    return [name, step_type, styled(listed["StepStatus"]), took, detail[:300]]


def follow(client: Any, arn: str, done: Callable[[], bool], interval: float = 0.25) -> None:
    """Redraw the steps table until ``done()`` is true, then draw it once more."""
    from rich.live import Live

    with Live(steps_table(client, arn), console=console, refresh_per_second=8) as live:
        while not done():
            time.sleep(interval)
            live.update(steps_table(client, arn))
        live.update(steps_table(client, arn))
