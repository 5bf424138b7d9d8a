"""Status is derived: fold an execution's events into step and execution views."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from dagmaker.records import events as ev
from dagmaker.records.statuses import ExecutionStatus, StepStatus
from dagmaker.records.transitions import RETRIED_STATUS, step_status_after


@dataclass
class StepView:
    """Everything known about one step of one execution, derived from events."""

    name: str
    status: StepStatus = StepStatus.PENDING
    attempts: int = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    failure_reason: str = ""
    failure_kind: str = ""
    properties: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    job_name: str = ""
    job_handle: dict[str, Any] = field(default_factory=dict)
    cache_source: str = ""
    cache_explanation: str = ""
    skip_reason: str = ""
    retry_at: datetime | None = None
    callback_token: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ExecutionView:
    """Execution status derived from events."""

    status: ExecutionStatus = ExecutionStatus.EXECUTING
    failure_reason: str = ""
    stop_requested: bool = False
    ended_at: datetime | None = None


def fold_steps(events: Iterable[ev.Event]) -> dict[str, StepView]:
    """Fold events into one view per step that any event mentions."""
    views: dict[str, StepView] = {}
    for event in events:
        if isinstance(event, ev.StepEvent):
            view = views.setdefault(event.step, StepView(name=event.step))
            _apply(view, event)
        elif isinstance(event, ev.ExecutionRetried):
            for name in event.steps:
                if name in views:
                    _reset(views[name])
    return views


def _reset(view: StepView) -> None:
    view.status = RETRIED_STATUS
    view.ended_at = None
    view.failure_reason = ""
    view.failure_kind = ""
    view.retry_at = None
    view.callback_token = ""


def _apply(view: StepView, event: ev.StepEvent) -> None:
    view.status = step_status_after(event, view.status)
    handler = _HANDLERS.get(type(event))
    if handler is not None:
        handler(view, event)


def _started(view: StepView, event: Any) -> None:
    view.attempts = event.attempt
    view.started_at = view.started_at or event.at
    view.job_name = event.job_name or view.job_name
    view.metadata.update(event.metadata)
    view.retry_at = None
    view.history.append({"Attempt": event.attempt, "StartTime": event.at})


def _launched(view: StepView, event: Any) -> None:
    view.job_handle = dict(event.handle)
    view.job_name = event.job_name or view.job_name


def _succeeded(view: StepView, event: Any) -> None:
    view.ended_at = event.at
    view.properties = event.properties
    view.metadata.update(event.metadata)
    _close_history(view, event.at, "Succeeded", "")


def _failed(view: StepView, event: Any) -> None:
    view.ended_at = event.at
    view.failure_reason = event.reason
    view.failure_kind = event.failure_kind
    view.metadata.update(event.metadata)
    _close_history(view, event.at, "Failed", event.reason)


def _retry(view: StepView, event: Any) -> None:
    view.ended_at = None
    view.retry_at = event.at + timedelta(seconds=event.delay_seconds)


def _cache_hit(view: StepView, event: Any) -> None:
    view.started_at = view.started_at or event.at
    view.ended_at = event.at
    view.properties = event.properties
    view.metadata.update(event.metadata)
    view.cache_source = event.source_execution_arn


def _cache_miss(view: StepView, event: Any) -> None:
    view.cache_explanation = event.explanation


def _skipped(view: StepView, event: Any) -> None:
    view.skip_reason = event.reason


def _callback(view: StepView, event: Any) -> None:
    view.callback_token = event.token
    view.metadata["Callback"] = {"CallbackToken": event.token, "SqsQueueUrl": event.queue_url}


def _stopped(view: StepView, event: Any) -> None:
    view.ended_at = event.at
    view.failure_reason = event.reason
    _close_history(view, event.at, "Stopped", event.reason)


def _close_history(view: StepView, at: datetime, status: str, reason: str) -> None:
    if view.history and "EndTime" not in view.history[-1]:
        view.history[-1].update({"EndTime": at, "Status": status, "FailureReason": reason})


_HANDLERS: dict[type[ev.StepEvent], Any] = {
    ev.StepStarted: _started,
    ev.JobLaunched: _launched,
    ev.StepSucceeded: _succeeded,
    ev.StepFailed: _failed,
    ev.StepRetryScheduled: _retry,
    ev.StepCacheHit: _cache_hit,
    ev.StepCacheMiss: _cache_miss,
    ev.StepSkipped: _skipped,
    ev.CallbackWaiting: _callback,
    ev.StepStopped: _stopped,
}


def fold_execution(events: Iterable[ev.Event]) -> ExecutionView:
    """Fold events into the execution's status."""
    return advance(ExecutionView(), events)


def advance(view: ExecutionView, events: Iterable[ev.Event]) -> ExecutionView:
    """Apply more events to an execution view (storage keeps its projection this way)."""
    for event in events:
        if isinstance(event, ev.StopRequested):
            view.stop_requested = True
            if not view.status.terminal:
                view.status = ExecutionStatus.STOPPING
        elif isinstance(event, ev.ExecutionFinished):
            view.status = ExecutionStatus(event.status)
            view.failure_reason = event.reason
            view.ended_at = event.at
        elif isinstance(event, ev.ExecutionRetried):
            view = ExecutionView()
    return view
