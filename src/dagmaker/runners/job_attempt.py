"""The life of one job attempt, shared by processing, training and transform jobs.

A subclass says how to prepare the hosts' processes, what a success leaves behind and
how its Describe* document looks; this base launches (or re-attaches to) the processes,
follows them, turns their exit into a SageMaker-style failure, keeps the job's document
in the jobs table at every state change, and classifies failures for retry policies.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from dagmaker.compute import ExitInfo, ProcessSpec
from dagmaker.compute.protocol import Sandbox
from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.errors import DagmakerError, JobFailure
from dagmaker.records import events as ev
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import FailureKind, JobStatus
from dagmaker.runners import job_process
from dagmaker.runners.capacity import SlotPool
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import job_arn
from dagmaker.runners.publishing import Outputs, publishing
from dagmaker.runners.workspace import HostDirs, host_dirs

_log = logging.getLogger("dagmaker.runners")


class JobAttempt(ABC):
    """One attempt of one job.

    Class attributes:
        kind: ``Processing``, ``Training`` or ``Transform`` (jobs table, metadata key).
        arn_kind: The ARN resource type (``processing-job``, …).
    """

    kind: ClassVar[str]
    arn_kind: ClassVar[str]

    def __init__(self, ctx: RunnerContext, work: StepWork) -> None:
        self.ctx = ctx
        self.work = work
        self.request: dict[str, Any] = work.arguments
        self.name = work.job_name
        self.arn = job_arn(self.arn_kind, self.name)
        self.hosts: list[HostDirs] = []
        self.outputs = Outputs(ctx.artifacts, [])
        self.resume_note = ""
        self.describe: dict[str, Any] = self.initial_describe()

    # -- what subclasses provide -----------------------------------------------------------

    @abstractmethod
    def host_count(self) -> int:
        """How many host processes the job runs (``InstanceCount``)."""

    @abstractmethod
    def prepare(self) -> list[ProcessSpec]:
        """Stage inputs and configuration into ``self.hosts``; one spec per host."""

    @abstractmethod
    def failure_file(self, host: HostDirs) -> Path:
        """Where the job may explain its own failure (``/opt/ml/output/failure`` …)."""

    @abstractmethod
    def on_success(self) -> None:
        """Publish what the job produced (outputs, model archive) through ``self.outputs``.

        Everything published here is kept only if all of it is: a failure removes it.
        """

    @abstractmethod
    def initial_describe(self) -> dict[str, Any]:
        """The Describe* document while the job is InProgress."""

    @abstractmethod
    def finish_describe(self, status: JobStatus, reason: str) -> None:
        """Update ``self.describe`` for a job that ended with ``status``."""

    def time_limit(self) -> float | None:
        """``StoppingCondition.MaxRuntimeInSeconds``, when the request has one."""
        value = (self.request.get("StoppingCondition") or {}).get("MaxRuntimeInSeconds")
        return float(value) if value else None

    def after_exit(self) -> None:  # noqa: B027 - an optional hook, empty by default
        """Hook run once the processes ended, success or not (e.g. read metrics)."""

    def job_sandbox(self) -> Sandbox[Any]:
        """Where the job's processes run (the configured backend by default)."""
        return self.ctx.sandbox

    def job_slots(self) -> SlotPool | None:
        """The line the job waits in for capacity (the machine's job slots by default)."""
        return self.ctx.slots

    def step_metadata(self) -> dict[str, Any]:
        """What the step's Metadata says about the job."""
        return {f"{self.kind}Job": {"Arn": self.arn}}

    # -- the life of the attempt -----------------------------------------------------------

    def execute(self) -> StepResult:
        """Run (or re-attach to) the job until it ends; return its document."""
        try:
            run = self._start_or_reattach()
            exits = job_process.follow(
                self.job_sandbox(), run, self.work.cancel, self.ctx.stop_grace_seconds
            )
            self.after_exit()
            failure = self._failure(exits)
            if failure is not None:
                raise failure
            with publishing(self.ctx.artifacts, [h.workspace for h in self.hosts]) as outputs:
                self.outputs = outputs
                self.on_success()
        except StepStopped:
            self._finish(JobStatus.STOPPED, "")
            raise
        except DagmakerError as exc:
            self._finish(JobStatus.FAILED, exc.message)
            raise
        except Exception as exc:
            # dagmaker's own failure: keep the traceback where the worker logs go.
            _log.exception("job %s failed inside dagmaker", self.name)
            reason = f"InternalServerError: dagmaker failed while running the job: {exc!r}"
            self._finish(JobStatus.FAILED, reason)
            raise JobFailure(reason, kind=FailureKind.JOB_INTERNAL_ERROR) from exc
        self._finish(JobStatus.COMPLETED, "")
        metadata = self.step_metadata()
        if self.resume_note:
            metadata["Resumed"] = self.resume_note
        return StepResult(self.describe, metadata)

    def _failure(self, exits: list[ExitInfo]) -> JobFailure | None:
        # Hosts stopped because another one failed come last: the first failure explains.
        order = sorted(range(len(exits)), key=lambda i: exits[i].stopped)
        return job_process.failure_of(
            [exits[i] for i in order],
            [self.hosts[i].logs for i in order],
            [self.failure_file(self.hosts[i]) for i in order],
            self.time_limit(),
        )

    def _start_or_reattach(self) -> job_process.JobRun:
        count = max(1, self.host_count())
        if self.work.reattach:
            self.hosts = host_dirs(self.ctx.jobs_root, self.name, count, fresh=False)
            run = job_process.reattach(self.job_sandbox(), self.work.reattach)
            if run is not None:
                self.resume_note = "re-attached to the job's processes after an engine restart"
                return run
            self.resume_note = "re-run: the job's processes were gone after an engine restart"
        # Before a folder per host is made: InstanceCount may be any 32-bit number.
        pool = self.job_slots()
        if pool is not None:  # a cluster backend has no machine-wide line
            pool.require(count, self.name)
        self.hosts = host_dirs(self.ctx.jobs_root, self.name, count, fresh=True)
        self.record(JobStatus.IN_PROGRESS)
        run = job_process.launch(
            self.job_sandbox(),
            self.prepare(),
            self.job_slots(),
            self.name,
            cancel=self.work.cancel,
            on_wait=self._waiting,
        )
        launched = ev.JobLaunched(
            datetime.now(UTC),
            step=self.work.step.name,
            attempt=self.work.attempt,
            job_name=self.name,
            job_kind=self.kind,
            handle=run.handle_doc(self.arn),
        )
        try:
            self.work.emit(launched)
        except BaseException:
            # Not recorded (the claim was lost, or the store failed): the job never runs,
            # so whoever carries on can start it again without a twin beside it.
            job_process.discard(self.job_sandbox(), run)
            raise
        job_process.let_run(self.job_sandbox(), run)
        return run

    def _waiting(self, message: str) -> None:
        # Shown by Describe*, the CLI and the UI while the job waits for the machine.
        self.describe["StatusMessage"] = message
        self.record(JobStatus.IN_PROGRESS)
        self.describe.pop("StatusMessage", None)

    def _finish(self, status: JobStatus, reason: str) -> None:
        self.finish_describe(status, reason)
        self.record(status)

    def record(self, status: JobStatus) -> None:
        """Store the job's current document."""
        self.ctx.jobs.put(
            JobRecord(
                name=self.name,
                kind=self.kind,
                arn=self.arn,
                status=status,
                describe=self.describe,
                execution_arn=self.work.execution.arn,
                step_name=self.work.step.name,
            )
        )
