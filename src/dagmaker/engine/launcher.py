"""Runs step attempts: each in a thread of its own, or at once for inline runners.

Whatever a runner raises becomes a :class:`Done` on one queue that the loop reads, so a
runner's failure is always a step failure, never a crash of the loop.
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
from dataclasses import dataclass, field
from typing import Any

from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.engine.units import RunnerLookup
from dagmaker.errors import DagmakerError, JobFailure, LeaseLost
from dagmaker.records.statuses import FailureKind

JSON = Any
_log = logging.getLogger("dagmaker.engine")


@dataclass(frozen=True)
class Done:
    """How one attempt of one step ended."""

    step: str
    attempt: int
    result: StepResult | None = None
    unit: str = ""
    failure: str = ""
    kind: str = ""
    stopped: bool = False
    metadata: dict[str, JSON] = field(default_factory=dict)
    cache_payload: JSON = None


class Launcher:
    """Starts runners and collects how their attempts ended.

    Args:
        runners: Step type → runner.
    """

    def __init__(self, runners: RunnerLookup) -> None:
        self.runners = runners
        self.done: queue.Queue[Done] = queue.Queue()
        self.cancels: dict[tuple[str, str], threading.Event] = {}

    def runner(self, step_type: str) -> Any:
        """The runner of a step type, or None when there is none."""
        try:
            return self.runners(step_type)
        except DagmakerError:
            return None

    def is_inline(self, step_type: str) -> bool:
        """Whether steps of this type finish at once in the loop's thread (no job)."""
        return bool(getattr(self.runner(step_type), "inline", False))

    def is_composite(self, step_type: str) -> bool:
        """Whether steps of this type are made of units driven by a state machine."""
        return bool(getattr(self.runner(step_type), "composite", False))

    def failed(self, work: StepWork, exc: BaseException) -> Done:
        """How an attempt ends when starting it raised ``exc``."""
        return _ended_by(exc, work)

    def start(self, work: StepWork, payload: JSON, *, cancelled: bool = False) -> Done | None:
        """Run ``work``; an inline runner's result is returned, others arrive on the queue."""
        try:
            runner = self.runners(work.step.type)
        except DagmakerError as exc:
            return Done(work.step.name, work.attempt, failure=reason_of(exc), unit=work.unit)
        if getattr(runner, "inline", False):
            return _attempt(runner, work, payload)
        self.cancels[(work.step.name, work.unit)] = work.cancel
        if cancelled:
            work.cancel.set()
        thread = threading.Thread(
            target=lambda: self.done.put(_attempt(runner, work, payload)),
            name=f"step-{work.step.name}",
            daemon=True,
        )
        thread.start()
        return None

    def cancel_all(self) -> None:
        """Ask every running attempt to stop (the execution is being stopped)."""
        for cancel in self.cancels.values():
            cancel.set()

    def collect(self, timeout: float) -> list[Done]:
        """Attempts that ended, waiting up to ``timeout`` seconds for the first."""
        try:
            ended = [self.done.get(timeout=max(timeout, 0.0))]
        except queue.Empty:
            return []
        while True:
            try:
                ended.append(self.done.get_nowait())
            except queue.Empty:
                break
        for item in ended:
            self.cancels.pop((item.step, item.unit), None)
        return ended


def _attempt(runner: Any, work: StepWork, payload: JSON) -> Done:
    try:
        result = runner.run(work)
    except Exception as exc:
        return _ended_by(exc, work)
    return Done(work.step.name, work.attempt, result=result, unit=work.unit, cache_payload=payload)


def _ended_by(exc: BaseException, work: StepWork) -> Done:
    name, attempt, unit = work.step.name, work.attempt, work.unit
    if isinstance(exc, (StepStopped, LeaseLost)):
        return Done(name, attempt, stopped=True, unit=unit)
    if isinstance(exc, JobFailure):
        return Done(
            name, attempt, failure=reason_of(exc), kind=exc.kind, metadata=exc.metadata, unit=unit
        )
    if isinstance(exc, DagmakerError):
        return Done(name, attempt, failure=reason_of(exc), unit=unit)
    _log.error(
        "step %s failed inside dagmaker:\n%s", name, "".join(traceback.format_exception(exc))
    )
    detail = "".join(traceback.format_exception_only(exc)).strip()
    return Done(
        name,
        attempt,
        failure=f"Internal error in dagmaker: {detail}",
        kind=FailureKind.JOB_INTERNAL_ERROR,
        unit=unit,
    )


def reason_of(exc: DagmakerError) -> str:
    """A step's FailureReason for an error: its message, prefixed with the field if any."""
    if isinstance(exc, JobFailure) and exc.metadata.get("Fail"):
        return exc.message
    return exc.details() if not exc.field else f"{exc.field}: {exc.details()}"
