"""Composite steps: a step made of units of work, decided by a pure state machine.

A tuning step is a composite step: its state machine decides which trials (units) start,
which stop early and when the step is done; each unit is a job of another step type
(a training job) that the loop launches through the runner table like any step. Units
are recorded in the execution's event log (``UnitStarted``, ``UnitLaunched``,
``UnitProgress``, ``UnitStopRequested``, ``UnitEnded``), so a restarted engine rebuilds
the machine from the log and re-attaches to the units still running: the same road as
every other unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from dagmaker.engine.ports import StepResult, StepRunner, StepWork
from dagmaker.records import events as ev

JSON = Any


@dataclass(frozen=True)
class StartUnit:
    """Start a unit: a job of ``step_type`` named ``unit`` with request ``arguments``."""

    unit: str
    step_type: str
    arguments: dict[str, JSON]
    facts: dict[str, JSON] = field(default_factory=dict)


@dataclass(frozen=True)
class StopUnit:
    """Stop a running unit (its job is stopped; it ends ``Stopped``)."""

    unit: str
    reason: str = ""


@dataclass(frozen=True)
class FinishStep:
    """The composite step is over: succeeded with ``result``, failed, or stopped."""

    result: StepResult | None = None
    failure: str = ""
    kind: str = ""
    stopped: bool = False


Decision = StartUnit | StopUnit | FinishStep


@runtime_checkable
class UnitMachine(Protocol):
    """The pure state machine of one attempt of a composite step."""

    def apply(self, event: ev.StepEvent) -> None:
        """Learn from one of the step's unit events."""
        ...

    def decide(self, now: datetime, stopping: bool) -> list[Decision]:
        """What to do now; ``stopping`` when the execution is being stopped."""
        ...

    def next_wakeup(self, now: datetime) -> float | None:
        """Seconds until a decision depends on time alone (a runtime limit), or None."""
        ...


@runtime_checkable
class CompositeRunner(Protocol):
    """A runner whose step is a composite step (its class sets ``composite = True``)."""

    def machine(self, work: StepWork) -> UnitMachine:
        """A fresh machine for one attempt of the step.

        Raises:
            JobFailure: when the step's request cannot be run (the step fails).
        """
        ...

    def observe(self, work: StepWork, running: Sequence[str]) -> list[ev.StepEvent]:
        """Progress of the running units since the last call (``UnitProgress`` events)."""
        ...

    def publish(self, work: StepWork, machine: UnitMachine) -> None:
        """Record the step's current Describe* document (called after its machine moved)."""
        ...


RunnerLookup = Callable[[str], StepRunner | CompositeRunner]
"""Step type → its runner: one that runs a step's job, or one that drives a composite step."""
