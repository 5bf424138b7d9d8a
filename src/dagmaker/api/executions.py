"""Starting, stopping and driving executions."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

from dagmaker._lib import naming
from dagmaker.api.services import Services
from dagmaker.definition import parameters as params
from dagmaker.definition.validation import validate
from dagmaker.engine.scheduler import Outcome
from dagmaker.errors import Conflict, InvalidRequest, Issue
from dagmaker.records import events as ev
from dagmaker.records.records import ExecutionRecord

STALE_AFTER = timedelta(seconds=15)


def owner_id() -> str:
    """Who drives an execution: host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def start(
    services: Services,
    pipeline_name: str,
    parameters: list[dict[str, Any]] | None = None,
    *,
    display_name: str = "",
    description: str = "",
    parallelism: int | None = None,
    selective: dict[str, Any] | None = None,
    inline: bool = False,
) -> ExecutionRecord:
    """Record a new execution of the pipeline's current definition.

    Raises:
        InvalidRequest: for unknown, missing or mistyped parameter values.
    """
    pipeline = services.pipelines.get(pipeline_name)
    definition = validate(pipeline.definition)
    values = params.resolve(definition, _overrides(parameters or []))
    execution_id = naming.random_id(12)
    record = ExecutionRecord(
        arn=naming.execution_arn(pipeline.name, execution_id),
        execution_id=execution_id,
        pipeline_name=pipeline.name,
        pipeline_arn=pipeline.arn,
        definition=pipeline.definition,
        parameters=values,
        display_name=display_name,
        description=description,
        parallelism=parallelism or pipeline.parallelism,
        selective=selective,
        created_at=datetime.now(UTC),
        owner=owner_id() if inline else "",
    )
    return services.executions.create(record, inline=inline)


def _overrides(parameters: list[dict[str, Any]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    issues = []
    for i, item in enumerate(parameters):
        if not isinstance(item, dict) or "Name" not in item or "Value" not in item:
            issues.append(Issue("", f"PipelineParameters[{i}]", "each entry needs Name and Value"))
            continue
        values[str(item["Name"])] = item["Value"]
    if issues:
        raise InvalidRequest.from_issues(issues)
    return values


def drive(services: Services, arn: str) -> Outcome:
    """Run the execution in this process until it ends (used inline and by the worker)."""
    record = services.executions.get(arn)
    try:
        return services.driver().run(record)
    finally:
        services.executions.release(arn)


def request_stop(services: Services, arn: str, by: str = "user") -> ExecutionRecord:
    """Ask the driver of an execution to stop it.

    Raises:
        Conflict: when the execution has already ended.
    """
    record = services.executions.get(arn)
    if record.status.terminal:
        raise Conflict(
            f"execution {record.arn} has already ended ({record.status.value}); nothing to stop"
        )
    if not record.stop_requested:
        services.executions.append(record.arn, [ev.StopRequested(datetime.now(UTC), by=by)])
    return services.executions.get(record.arn)
