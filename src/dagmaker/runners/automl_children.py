"""The jobs an AutoML job starts: real processing and training jobs, run by their runners.

Each child job is recorded, listed and described like any job of its kind. It runs in
the calling thread (`run_child`) or in a thread of its own (`start_child`); a child
that finds no free job slot waits and tries again, as tuning trials do. Its handle is
passed to ``on_launch`` when its processes start, so that a restarted engine can
re-attach to it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dagmaker.engine.ports import StepStopped, StepWork
from dagmaker.errors import DagmakerError, JobFailure
from dagmaker.records import events as ev
from dagmaker.records.statuses import FailureKind
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.processing import ProcessingRunner
from dagmaker.runners.training import TrainingRunner

CAPACITY_WAIT_SECONDS = 600.0
RUNNERS: dict[str, type[ProcessingRunner] | type[TrainingRunner]] = {
    "Processing": ProcessingRunner,
    "Training": TrainingRunner,
}
STEP_TYPES = {
    "Processing": "AWS::SageMaker::ProcessingJob",
    "Training": "AWS::SageMaker::TrainingJob",
}


@dataclass
class Child:
    """One job of an AutoML job.

    Attributes:
        name: The job's name.
        kind: ``Processing`` or ``Training``.
        request: Its Create* request.
        cancel: Set to stop it.
        handle: Its processes' handle, to re-attach to after an engine restart.
        status: ``InProgress``, ``Completed``, ``Failed`` or ``Stopped``.
        failure_reason: Why it failed.
        describe: Its Describe* document once it ended.
        thread: The thread running it (`start_child`).
    """

    name: str
    kind: str
    request: dict[str, Any]
    cancel: threading.Event = field(default_factory=threading.Event)
    handle: dict[str, Any] | None = None
    status: str = "InProgress"
    failure_reason: str = ""
    describe: dict[str, Any] = field(default_factory=dict)
    thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether the job has not ended."""
        return self.status == "InProgress"

    @property
    def step_type(self) -> str:
        """``AWS::SageMaker::TrainingJob`` and the like (``CandidateStepType``)."""
        return STEP_TYPES[self.kind]


Launched = Callable[[Child, dict[str, Any]], None]


def start_child(
    ctx: RunnerContext, parent: StepWork, child: Child, on_launch: Launched, wake: threading.Event
) -> None:
    """Run ``child`` in a thread of its own; ``wake`` is set when it ends."""

    def body() -> None:
        try:
            run_child(ctx, parent, child, on_launch)
        finally:
            wake.set()

    child.thread = threading.Thread(target=body, name=f"automl-{child.name}", daemon=True)
    child.thread.start()


def run_child(ctx: RunnerContext, parent: StepWork, child: Child, on_launch: Launched) -> None:
    """Run (or re-attach to) the child's job until it ends; set its status."""
    started = time.monotonic()
    delay = 0.5
    while True:
        outcome = _attempt(ctx, parent, child, on_launch)
        if outcome != FailureKind.CAPACITY_ERROR:
            return
        if time.monotonic() - started > CAPACITY_WAIT_SECONDS:
            return
        child.handle = None
        child.status = "InProgress"
        if child.cancel.wait(delay):
            child.status = "Stopped"
            return
        delay = min(delay * 2, 5.0)


def _attempt(ctx: RunnerContext, parent: StepWork, child: Child, on_launch: Launched) -> str | None:
    def emit(event: ev.Event) -> None:
        if isinstance(event, ev.JobLaunched):
            child.handle = dict(event.handle)
            on_launch(child, child.handle)

    work = StepWork(
        execution=parent.execution,
        step=parent.step,
        arguments=child.request,
        extra={},
        job_name=child.name,
        attempt=1,
        emit=emit,
        cancel=child.cancel,
        reattach=child.handle,
    )
    try:
        child.describe = RUNNERS[child.kind](ctx).run(work).properties
    except StepStopped:
        child.status = "Stopped"
        return None
    except JobFailure as error:
        child.status, child.failure_reason = "Failed", error.message
        return error.kind
    except DagmakerError as error:
        child.status, child.failure_reason = "Failed", error.message
        return None
    except Exception as error:  # the child must end with a status whatever happened
        child.status = "Failed"
        child.failure_reason = f"InternalServerError: the job could not run: {error!r}"
        return FailureKind.JOB_INTERNAL_ERROR
    child.status = "Completed"
    return None


class Handles:
    """The running children's handles, recorded as one ``JobLaunched`` of the parent job.

    Each launch re-emits every running child's handle under ``children``; after an engine
    restart, ``previous`` finds a child's handle in the event that was recorded.
    """

    def __init__(self, work: StepWork, arn: str, kind: str) -> None:
        self.work = work
        self.arn = arn
        self.kind = kind
        self.lock = threading.Lock()
        self.running: dict[str, dict[str, Any]] = {}

    def launched(self, child: Child, handle: dict[str, Any]) -> None:
        """Record a child's handle (called from the child's thread)."""
        with self.lock:
            self.running[child.name] = handle
            document = {"Arn": self.arn, "children": dict(self.running)}
            self.work.emit(
                ev.JobLaunched(
                    datetime.now(UTC),
                    step=self.work.step.name,
                    attempt=self.work.attempt,
                    job_name=self.work.job_name,
                    job_kind=self.kind,
                    handle=document,
                )
            )

    def forget(self, name: str) -> None:
        """A child ended: its handle is no longer needed."""
        with self.lock:
            self.running.pop(name, None)

    def previous(self, name: str) -> dict[str, Any] | None:
        """The handle an earlier run of the parent recorded for ``name``."""
        children = (self.work.reattach or {}).get("children") or {}
        handle = children.get(name)
        return dict(handle) if isinstance(handle, dict) else None
