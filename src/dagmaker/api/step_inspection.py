"""One step of one execution in full: what ListPipelineExecutionSteps summarises, and more.

A dagmaker extension for UIs: the step's definition, its arguments with every expression
resolved, its properties, each attempt, the cache decision and the job that ran it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from dagmaker.api.services import Services
from dagmaker.errors import DagmakerError, NotFound
from dagmaker.records.records import ExecutionRecord
from dagmaker.records.statuses import StepStatus

if TYPE_CHECKING:
    from dagmaker.definition.model import PipelineDefinition
    from dagmaker.records.fold import StepView

JSON = Any


@dataclass(frozen=True)
class _FixedClock:
    """``CurrentDateTime`` as it read when the step started."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment


class StepInspectionMethods:
    """Mixed into the client: ``describe_pipeline_execution_step``."""

    services: Services

    def describe_pipeline_execution_step(
        self, PipelineExecutionArn: str, StepName: str, **_: Any
    ) -> dict[str, JSON]:
        """Everything known about one step of an execution; a dagmaker extension.

        Returns the step's ``StepType``, ``StepStatus`` (``Pending`` before it starts),
        ``Attempts`` (start, end, status and failure of each), ``Properties`` (its
        Describe*-shaped outputs), ``Metadata``, ``JobName``, the cache decision
        (``CacheHitResult`` or ``CacheMissExplanation``), ``Definition`` (the step's
        JSON as written), ``ResolvedArguments`` (its ``Arguments`` with every expression
        resolved against this execution; or ``ResolutionProblem`` saying why they
        cannot be yet) and its ``Upstream`` / ``Downstream`` steps.

        Raises:
            NotFound: for an unknown execution, or a step the definition lacks.
        """
        from dagmaker.definition.codec import decode_strict
        from dagmaker.records.fold import StepView, fold_steps

        record = self.services.executions.get(PipelineExecutionArn)
        definition = decode_strict(record.definition)
        if StepName not in definition.steps:
            raise NotFound(
                f"step {StepName!r} is not in the definition of {record.arn}",
                step=StepName,
                hint="List its steps with list_pipeline_execution_steps.",
            )
        views = fold_steps(self.services.event_log.load(record.arn))
        view = views.get(StepName) or StepView(name=StepName)
        document = _describe(record, definition, view)
        document.update(_resolved(self.services, record, definition, views, view))
        return {k: v for k, v in document.items() if v not in (None, "", [], {})}


def _describe(
    record: ExecutionRecord, definition: PipelineDefinition, view: StepView
) -> dict[str, JSON]:
    from dagmaker.definition import graph as graphs

    step = definition.steps[view.name]
    built = graphs.build(definition)
    document: dict[str, JSON] = {
        "PipelineExecutionArn": record.arn,
        "StepName": view.name,
        "StepType": step.type,
        "StepDisplayName": step.display_name,
        "StepDescription": step.description,
        "StepStatus": view.status.value,
        "StartTime": view.started_at,
        "EndTime": view.ended_at,
        "AttemptCount": view.attempts,
        "Attempts": [dict(entry) for entry in view.history],
        "FailureReason": view.failure_reason,
        "FailureKind": view.failure_kind,
        "SkipReason": view.skip_reason,
        "RetryTime": view.retry_at,
        "JobName": view.job_name,
        "Metadata": dict(view.metadata),
        "Properties": view.properties,
        "CacheMissExplanation": "" if view.cache_source else view.cache_explanation,
        "Definition": step.raw,
        "Upstream": sorted(built.upstream[view.name]),
        "Downstream": sorted(built.downstream[view.name]),
    }
    if view.cache_source:
        document["CacheHitResult"] = {"SourcePipelineExecutionArn": view.cache_source}
    if view.callback_token:
        document["CallbackToken"] = view.callback_token
    return document


def _resolved(
    services: Services,
    record: ExecutionRecord,
    definition: PipelineDefinition,
    views: dict[str, StepView],
    view: StepView,
) -> dict[str, JSON]:
    """The step's arguments resolved the way the engine resolves them when it starts."""
    from dagmaker.engine.ports import ExecutionInfo
    from dagmaker.engine.step_preparer import StepPreparer

    started = record.created_at or datetime.now(UTC)
    info = ExecutionInfo(
        arn=record.arn,
        execution_id=record.execution_id,
        pipeline_name=record.pipeline_name,
        pipeline_arn=record.pipeline_arn,
        started_at=started,
    )
    finished = {n: v.properties for n, v in views.items() if v.status == StepStatus.SUCCEEDED}
    clock = _FixedClock(view.started_at or datetime.now(UTC))
    preparer = StepPreparer(
        definition, info, record.parameters, finished, services.read_json, clock
    )
    try:
        prepared = preparer.prepare(definition.steps[view.name], view.job_name)
    except DagmakerError as exc:
        return {"ResolutionProblem": exc.message}
    except (OSError, ValueError) as exc:
        # A JsonGet whose file is gone or no longer JSON: say so instead of failing.
        return {"ResolutionProblem": f"a referenced file could not be read: {exc}"}
    return {"ResolvedArguments": prepared.arguments, "ResolvedExtras": prepared.extra}
