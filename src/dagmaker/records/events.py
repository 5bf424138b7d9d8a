"""Typed events: the source of truth of an execution.

Storage appends them; execution and step status are a fold over them (see
``dagmaker.records.fold``); resuming after a crash replays them into a fresh scheduler.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar


@dataclass(frozen=True)
class Event:
    """Base of every event. ``at`` is when it happened (UTC)."""

    at: datetime
    kind: ClassVar[str] = "Event"

    def payload(self) -> dict[str, Any]:
        """Fields other than ``at``, JSON-ready."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "at"}


@dataclass(frozen=True)
class StepEvent(Event):
    """An event about one step."""

    step: str


@dataclass(frozen=True)
class ExecutionStarted(Event):
    """The engine began (or resumed) driving the execution."""

    kind: ClassVar[str] = "ExecutionStarted"
    resumed: bool = False
    note: str = ""


@dataclass(frozen=True)
class StepStarted(StepEvent):
    """A step attempt began; ``attempt`` counts from 1."""

    kind: ClassVar[str] = "StepStarted"
    attempt: int = 1
    job_name: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JobLaunched(StepEvent):
    """The step's job is running as processes that outlive the engine (for re-attach)."""

    kind: ClassVar[str] = "JobLaunched"
    attempt: int = 1
    job_name: str = ""
    job_kind: str = ""
    handle: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepSucceeded(StepEvent):
    """The step finished; ``properties`` is its Describe*-shaped document."""

    kind: ClassVar[str] = "StepSucceeded"
    attempt: int = 1
    properties: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepFailed(StepEvent):
    """The step attempt failed. ``failure_kind`` is a ``FailureKind`` value."""

    kind: ClassVar[str] = "StepFailed"
    attempt: int = 1
    reason: str = ""
    failure_kind: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepRetryScheduled(StepEvent):
    """A failed attempt will be retried after ``delay_seconds``."""

    kind: ClassVar[str] = "StepRetryScheduled"
    attempt: int = 1
    delay_seconds: float = 0.0
    reason: str = ""


@dataclass(frozen=True)
class StepCacheHit(StepEvent):
    """The step reused an earlier successful run with the same cache key."""

    kind: ClassVar[str] = "StepCacheHit"
    source_execution_arn: str = ""
    properties: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepCacheMiss(StepEvent):
    """Caching was on but nothing could be reused; ``explanation`` says why."""

    kind: ClassVar[str] = "StepCacheMiss"
    cache_key: str = ""
    explanation: str = ""


@dataclass(frozen=True)
class StepSkipped(StepEvent):
    """The step will not run: its branch was not taken or an upstream step was skipped."""

    kind: ClassVar[str] = "StepSkipped"
    reason: str = ""


@dataclass(frozen=True)
class CallbackWaiting(StepEvent):
    """A callback step posted its message and waits for a token answer."""

    kind: ClassVar[str] = "CallbackWaiting"
    token: str = ""
    queue_url: str = ""


@dataclass(frozen=True)
class StepStopped(StepEvent):
    """The step was stopped at the user's request."""

    kind: ClassVar[str] = "StepStopped"
    attempt: int = 1
    reason: str = "Stopped by user"


@dataclass(frozen=True)
class UnitStarted(StepEvent):
    """A composite step (tuning) started one of its units (a trial: a training job).

    ``arguments`` is the unit's request and ``facts`` what the step's state machine
    needs to rebuild itself (a trial's index and sampled hyperparameters).
    """

    kind: ClassVar[str] = "UnitStarted"
    attempt: int = 1
    unit: str = ""
    step_type: str = ""
    arguments: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitLaunched(StepEvent):
    """A unit's job runs as processes that outlive the engine (for re-attach)."""

    kind: ClassVar[str] = "UnitLaunched"
    attempt: int = 1
    unit: str = ""
    handle: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitProgress(StepEvent):
    """New intermediate values a running unit reported (a trial's objective so far)."""

    kind: ClassVar[str] = "UnitProgress"
    attempt: int = 1
    unit: str = ""
    values: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class UnitStopRequested(StepEvent):
    """The composite step's state machine decided to stop a unit (early stopping)."""

    kind: ClassVar[str] = "UnitStopRequested"
    attempt: int = 1
    unit: str = ""
    reason: str = ""


@dataclass(frozen=True)
class UnitEnded(StepEvent):
    """A unit ended: ``status`` is ``Completed``, ``Failed`` or ``Stopped``."""

    kind: ClassVar[str] = "UnitEnded"
    attempt: int = 1
    unit: str = ""
    status: str = "Completed"
    properties: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    failure_kind: str = ""


@dataclass(frozen=True)
class CompositeRequest(StepEvent):
    """A request from outside that a composite step's state machine acts on.

    A monitoring schedule learns this way that it was stopped, started, updated or asked
    to run now (``request``), with what the request carries in ``details``.
    """

    kind: ClassVar[str] = "CompositeRequest"
    attempt: int = 1
    request: str = ""
    details: dict[str, Any] = field(default_factory=dict)


UNIT_EVENTS = (
    UnitStarted,
    UnitLaunched,
    UnitProgress,
    UnitStopRequested,
    UnitEnded,
    CompositeRequest,
)


@dataclass(frozen=True)
class StopRequested(Event):
    """Someone asked to stop the execution."""

    kind: ClassVar[str] = "StopRequested"
    by: str = ""


@dataclass(frozen=True)
class ExecutionFinished(Event):
    """The execution ended; ``status`` is an ``ExecutionStatus`` value."""

    kind: ClassVar[str] = "ExecutionFinished"
    status: str = "Succeeded"
    reason: str = ""


@dataclass(frozen=True)
class ExecutionRetried(Event):
    """RetryPipelineExecution: failed and stopped steps will run again."""

    kind: ClassVar[str] = "ExecutionRetried"
    steps: list[str] = field(default_factory=list)


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        ExecutionStarted,
        StepStarted,
        JobLaunched,
        StepSucceeded,
        StepFailed,
        StepRetryScheduled,
        StepCacheHit,
        StepCacheMiss,
        StepSkipped,
        CallbackWaiting,
        StepStopped,
        UnitStarted,
        UnitLaunched,
        UnitProgress,
        UnitStopRequested,
        UnitEnded,
        CompositeRequest,
        StopRequested,
        ExecutionFinished,
        ExecutionRetried,
    )
}


def event_from_payload(kind: str, at: datetime, payload: dict[str, Any]) -> Event:
    """Rebuild an event from its stored form; unknown fields are ignored (forward compat)."""
    cls = EVENT_TYPES[kind]
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(at=at, **{k: v for k, v in payload.items() if k in names})
