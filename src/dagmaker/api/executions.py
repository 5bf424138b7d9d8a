"""Recording executions: start, stop, retry and selective execution."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker._lib import naming
from dagmaker.api.ownership import owner_id
from dagmaker.api.services import Services
from dagmaker.definition import graph as graphs
from dagmaker.definition import parameters as params
from dagmaker.definition.validation import validate
from dagmaker.errors import Conflict, InvalidRequest, Issue
from dagmaker.records import events as ev
from dagmaker.records.fold import fold_steps
from dagmaker.records.records import ExecutionRecord
from dagmaker.records.statuses import ExecutionStatus, StepStatus


def start(
    services: Services,
    pipeline_name: str,
    parameters: list[dict[str, Any]] | None = None,
    *,
    display_name: str = "",
    description: str = "",
    parallelism: int | None = None,
    selective: dict[str, Any] | None = None,
) -> ExecutionRecord:
    """Record a new execution of the pipeline's current definition, owned by this process.

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
        owner=owner_id(),
    )
    events = selective_events(services, selective, pipeline.name, definition) if selective else []
    return services.executions.create(record, events)


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


def retry(services: Services, arn: str, parallelism: int | None = None) -> ExecutionRecord:
    """RetryPipelineExecution: run failed and stopped steps (and what follows) again.

    Raises:
        Conflict: when the execution has not failed or stopped, or ended at a FailStep.
    """
    record = services.executions.get(arn)
    if record.status not in (ExecutionStatus.FAILED, ExecutionStatus.STOPPED):
        raise Conflict(
            f"only Failed or Stopped executions can be retried; {record.arn} is "
            f"{record.status.value}"
        )
    views = fold_steps(services.event_log.load(record.arn))
    definition = validate(record.definition)
    if any(
        v.status == StepStatus.FAILED and definition.steps[n].type == "Fail"
        for n, v in views.items()
        if n in definition.steps
    ):
        raise Conflict(
            f"execution {record.arn} ended at a FailStep; an execution that ends in a "
            "FailStep cannot be retried (start a new one)"
        )
    again = sorted(
        n for n, v in views.items() if v.status in (StepStatus.FAILED, StepStatus.STOPPED)
    )
    services.executions.append(record.arn, [ev.ExecutionRetried(datetime.now(UTC), steps=again)])
    if parallelism:
        services.executions.set_parallelism(record.arn, parallelism)
    return services.executions.get(record.arn)


def selective_events(
    services: Services, config: dict[str, Any], pipeline_name: str, definition: Any
) -> list[ev.Event]:
    """Events that give a selective execution the source execution's unselected results.

    Raises:
        InvalidRequest: for an unknown source, unknown selected steps, or a selected step
            whose unselected upstream step did not succeed in the source execution.
    """
    source_arn = config.get("SourcePipelineExecutionArn", "")
    source = services.executions.get(source_arn)
    if source.pipeline_name != pipeline_name:
        raise InvalidRequest(
            f"source execution {source.arn} belongs to pipeline "
            f"{source.pipeline_name!r}, not {pipeline_name!r}",
            field="SelectiveExecutionConfig.SourcePipelineExecutionArn",
        )
    selected = {s.get("StepName") for s in config.get("SelectedSteps") or []}
    unknown = sorted(str(s) for s in selected - set(definition.steps))
    if not selected or unknown:
        raise InvalidRequest(
            f"SelectedSteps must name steps of the pipeline; unknown: {unknown}",
            field="SelectiveExecutionConfig.SelectedSteps",
        )
    views = fold_steps(services.event_log.load(source.arn))
    done = {n for n, v in views.items() if v.status == StepStatus.SUCCEEDED}
    _check_upstream(definition, selected, done, source.arn)
    now = datetime.now(UTC)
    result = {"SelectiveExecutionResult": {"SourcePipelineExecutionArn": source.arn}}
    return [
        ev.StepSucceeded(
            now,
            step=name,
            attempt=0,
            properties=views[name].properties,
            metadata={**views[name].metadata, **result},
        )
        for name in sorted(done - selected)
        if name in definition.steps
    ]


def _check_upstream(definition: Any, selected: set[str], done: set[str], source: str) -> None:
    built = graphs.build(definition)
    issues = []
    for name in sorted(selected):
        missing = sorted(u for u in built.upstream[name] if u not in selected and u not in done)
        if missing:
            issues.append(
                Issue(
                    name,
                    "SelectiveExecutionConfig.SelectedSteps",
                    f"needs {', '.join(missing)}, which did not succeed in {source}; "
                    "select them too",
                )
            )
    if issues:
        raise InvalidRequest.from_issues(issues)
