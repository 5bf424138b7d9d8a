"""The engine's ports: what it needs from storage and runners, as narrow Protocols.

Storage and runners implement these structurally; the engine never imports them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

from dagmaker.definition.model import StepDef
from dagmaker.errors import DagmakerError
from dagmaker.records.events import Event
from dagmaker.records.records import CacheEntry

JSON = Any


@runtime_checkable
class Clock(Protocol):
    """Where the engine gets the time (injected so tests control it)."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)


@runtime_checkable
class EventLog(Protocol):
    """Durable, append-only event storage per execution."""

    def append(self, execution_arn: str, events: Sequence[Event]) -> None:
        """Commit ``events`` (in one transaction) before returning."""
        ...

    def load(self, execution_arn: str) -> list[Event]:
        """Every event of the execution, in order."""
        ...

    def stop_requested(self, execution_arn: str) -> bool:
        """Whether someone asked to stop the execution."""
        ...

    def heartbeat(self, execution_arn: str) -> None:
        """Record that the engine driving the execution is alive."""
        ...

    def release(self, execution_arn: str) -> None:
        """Give up driving the execution, so that another process may take it over."""
        ...


@runtime_checkable
class CacheIndex(Protocol):
    """Lookup of earlier successful step runs by cache key."""

    def lookup(self, pipeline_name: str, key: str, not_before: datetime) -> CacheEntry | None:
        """The newest entry with ``key`` created at or after ``not_before``."""
        ...

    def latest(self, pipeline_name: str, step_name: str) -> CacheEntry | None:
        """The newest entry for the step, whatever its key (to explain a miss)."""
        ...

    def record(self, entry: CacheEntry) -> None:
        """Remember a successful run."""
        ...


@dataclass(frozen=True)
class ExecutionInfo:
    """The execution a step belongs to."""

    arn: str
    execution_id: str
    pipeline_name: str
    pipeline_arn: str
    started_at: datetime


@dataclass
class StepWork:
    """Everything a runner gets to run one attempt of one step.

    Attributes:
        arguments: The step's ``Arguments`` with every expression resolved.
        extra: The step's other top-level keys (``FunctionArn``, ``OutputParameters``,
            ``SkipCheck``, …), resolved.
        job_name: The name the step's job gets (also ``Execution.*JobName``).
        emit: Appends an event to the execution log (``JobLaunched``, ``CallbackWaiting``).
        cancel: Set when the execution is being stopped; runners stop their job and raise
            :class:`StepStopped`.
        reattach: The handle recorded by ``JobLaunched`` when resuming after a crash.
        unit: For a unit of a composite step (a tuning trial), its name; "" otherwise.
    """

    execution: ExecutionInfo
    step: StepDef
    arguments: JSON
    extra: dict[str, JSON]
    job_name: str
    attempt: int
    emit: Callable[[Event], None]
    cancel: threading.Event = field(default_factory=threading.Event)
    reattach: dict[str, JSON] | None = None
    unit: str = ""


@dataclass
class StepResult:
    """A finished step: its Describe*-shaped properties and list-steps metadata."""

    properties: dict[str, JSON]
    metadata: dict[str, JSON] = field(default_factory=dict)


class StepStopped(DagmakerError):
    """Raised by a runner whose job ended because the execution was stopped."""

    headline = "Step stopped"

    def __init__(self, message: str = "Stopped by user") -> None:
        super().__init__(message)


@runtime_checkable
class StepRunner(Protocol):
    """Runs one step Type.

    A runner whose class sets ``inline = True`` finishes at once without a job (Condition,
    Fail); the loop calls it in its own thread instead of starting one.
    """

    def run(self, work: StepWork) -> StepResult:
        """Run (or, with ``work.reattach``, re-attach to) the step's job until it ends.

        Raises:
            StepStopped: when stopped through ``work.cancel``.
            JobFailure: when the job failed; ``kind`` classifies it for retry policies.
            DagmakerError: any other failure, with a message naming what went wrong.
        """
        ...
