"""The loop that drives one execution: the scheduler decides, the loop acts and records.

Every state change is appended to the event log (and so committed) before it is acted
on: a step's ``StepStarted`` is durable before its job launches, and a job's handle is
durable (``JobLaunched``) while it runs, so a restarted engine can re-attach. The loop
sends the scheduler events only; it never sets the scheduler's state itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dagmaker._lib import naming
from dagmaker.definition import graph as graphs
from dagmaker.definition.codec import decode_strict
from dagmaker.definition.model import StepDef
from dagmaker.engine import retry
from dagmaker.engine.composite import Composites
from dagmaker.engine.launcher import Done, Launcher, reason_of
from dagmaker.engine.ports import (
    CacheIndex,
    Clock,
    EventLog,
    ExecutionInfo,
    StepResult,
    StepWork,
)
from dagmaker.engine.scheduler import Outcome, rebuild
from dagmaker.engine.step_cache import StepCache
from dagmaker.engine.step_preparer import PreparedStep, StepPreparer
from dagmaker.engine.units import RunnerLookup
from dagmaker.errors import DagmakerError
from dagmaker.records import events as ev
from dagmaker.records.fold import StepView, fold_steps
from dagmaker.records.records import ExecutionRecord
from dagmaker.records.statuses import ExecutionStatus, StepStatus

JSON = Any


@dataclass(frozen=True)
class LoopSettings:
    """How the loop is wired and paced.

    Attributes:
        log: The event log (storage).
        runners: Step type → runner.
        read_json: Reads the JSON object at an ``s3://`` URI (JsonGet).
        clock: Time source.
        cache: The cache index, or None to disable caching.
        poll_interval: Longest wait for a step result before checking for a stop.
        heartbeat_interval: How often the loop tells the log it is alive.
        handoff: When set, the loop stops driving and lets the execution go, for
            another process to carry on.
    """

    log: EventLog
    runners: RunnerLookup
    read_json: Callable[[str], JSON]
    clock: Clock
    cache: CacheIndex | None = None
    poll_interval: float = 0.1
    heartbeat_interval: float = 2.0
    handoff: threading.Event | None = None


class ExecutionLoop:
    """One drive of one execution, from its event log to its end (or a hand-off)."""

    def __init__(self, settings: LoopSettings, record: ExecutionRecord) -> None:
        self.s = settings
        self.record = record
        self.definition = decode_strict(record.definition)
        self.graph = graphs.build(self.definition)
        self.types = {n: s.type for n, s in self.definition.steps.items()}
        self.info = ExecutionInfo(
            arn=record.arn,
            execution_id=record.execution_id,
            pipeline_name=record.pipeline_name,
            pipeline_arn=record.pipeline_arn,
            started_at=record.created_at or settings.clock.now(),
        )
        self.properties: dict[str, dict[str, JSON]] = {}
        self.attempts: dict[str, int] = {}
        self.first_start: dict[str, datetime] = {}
        self.preparer = StepPreparer(
            self.definition,
            self.info,
            record.parameters,
            self.properties,
            settings.read_json,
            settings.clock,
        )
        self.cache = StepCache(settings.cache, record.pipeline_name, record.arn)
        self.launcher = Launcher(settings.runners)
        self.composites = Composites(
            self.launcher, self._emit, self._emit_from_thread, settings.clock
        )
        self.scheduler = rebuild(self.graph, self.types, [], record.parallelism, self._selected())
        self.last_heartbeat = 0.0

    # -- lifecycle ------------------------------------------------------------------------

    def run(self) -> Outcome | None:
        """Drive to the end and return how the execution ended; None after a hand-off."""
        history = self.s.log.load(self.record.arn)
        self.scheduler = rebuild(
            self.graph, self.types, history, self.record.parallelism, self._selected()
        )
        views = fold_steps(history)
        self._absorb(views)
        finished = _already_finished(history)
        if finished is not None:
            return finished
        interrupted = sorted(self.scheduler.running())
        resumed = any(isinstance(e, ev.ExecutionStarted) for e in history)
        self._emit(ev.ExecutionStarted(self._now(), resumed=resumed, note=_note(interrupted)))
        for name in interrupted:
            self._resume(self.definition.steps[name], views[name], history)
        return self._loop()

    def _selected(self) -> set[str] | None:
        steps = (self.record.selective or {}).get("SelectedSteps")
        return {s["StepName"] for s in steps} if steps else None

    def _absorb(self, views: dict[str, StepView]) -> None:
        for name, view in views.items():
            if view.status == StepStatus.SUCCEEDED:
                self.properties[name] = view.properties
            self.attempts[name] = view.attempts
            if view.started_at is not None:
                self.first_start[name] = view.started_at

    def _loop(self) -> Outcome | None:
        while True:
            if self.s.handoff is not None and self.s.handoff.is_set():
                self.s.log.release(self.record.arn)
                return None
            self._check_stop()
            for done in self.composites.tick(self.scheduler.stop_requested):
                self._complete(done)
            self._apply_skips()
            outcome = self.scheduler.outcome()
            if outcome is not None:
                return self._finish(outcome)
            if any([self._start(name) for name in self.scheduler.ready(self._now())]):
                continue
            self._wait_for_results()
            self._heartbeat()

    def _finish(self, outcome: Outcome) -> Outcome:
        for name in self.scheduler.waiting_for_retry():
            reason = "retry cancelled: the execution ended first"
            self._emit(
                ev.StepFailed(self._now(), step=name, attempt=self.attempts[name], reason=reason)
            )
        leftover = self.scheduler.running()
        if leftover:
            raise RuntimeError(f"execution ended with steps in flight: {sorted(leftover)}")
        self._emit(ev.ExecutionFinished(self._now(), status=outcome.status, reason=outcome.reason))
        return outcome

    def _wait_for_results(self) -> None:
        now = self._now()
        waits = [self.scheduler.next_wakeup(now), self.composites.next_wakeup(now)]
        timeout = min([self.s.poll_interval, *(w for w in waits if w is not None)])
        for done in self.launcher.collect(timeout):
            if done.unit:
                self.composites.unit_done(done)
            else:
                self._complete(done)

    def _heartbeat(self) -> None:
        now = self._now().timestamp()
        if now - self.last_heartbeat >= self.s.heartbeat_interval:
            self.s.log.heartbeat(self.record.arn)
            self.last_heartbeat = now

    def _check_stop(self) -> None:
        # A stop is requested by another process appending StopRequested to the log; the
        # scheduler learns of it like of any other event.
        if self.scheduler.stop_requested or not self.s.log.stop_requested(self.record.arn):
            return
        self.scheduler.apply(ev.StopRequested(self._now()))
        self.launcher.cancel_all()
        self.composites.cancel_all()
        for name in self.scheduler.waiting_for_retry():
            self._emit(ev.StepStopped(self._now(), step=name, attempt=self.attempts[name]))

    def _apply_skips(self) -> None:
        while skips := self.scheduler.to_skip():
            for name, reason in skips:
                self._emit(ev.StepSkipped(self._now(), step=name, reason=reason))

    # -- starting and resuming steps ------------------------------------------------------

    def _start(self, name: str) -> bool:
        """Start one attempt of a step; True when it already ended (inline, cache, error)."""
        step = self.definition.steps[name]
        attempt = self.attempts.get(name, 0) + 1
        self.attempts[name] = attempt
        job_name = self._job_name(step)
        try:
            prepared = self.preparer.prepare(step, job_name)
        except DagmakerError as exc:
            self._emit(ev.StepStarted(self._now(), step=name, attempt=attempt, job_name=job_name))
            self._emit(
                ev.StepFailed(self._now(), step=name, attempt=attempt, reason=reason_of(exc))
            )
            return True
        looked_up = self.cache.lookup(step, prepared.cache_payload, self._now())
        if looked_up is not None:
            self._emit(looked_up)
            if isinstance(looked_up, ev.StepCacheHit):
                self.properties[name] = looked_up.properties
                return True
        self._emit(ev.StepStarted(self._now(), step=name, attempt=attempt, job_name=job_name))
        self.first_start.setdefault(name, self._now())
        return self._launch(step, prepared, self._work(step, prepared, job_name, attempt))

    def _job_name(self, step: StepDef) -> str:
        if self.launcher.is_inline(step.type):
            return ""
        if self.record.kind in ("job", "schedule"):
            return step.name  # a job (or schedule) on its own keeps the name it was given
        return naming.job_name(f"pipelines-{self.info.execution_id}-{step.name}", self._now())

    def _resume(self, step: StepDef, view: StepView, history: list[ev.Event]) -> None:
        # A launched job is re-attached; a step whose job was never launched runs now as
        # the same attempt: jobs run only once their handle is recorded, so nothing of it
        # ran (and a step without a job runs again).
        try:
            prepared = self.preparer.prepare(step, view.job_name)
        except DagmakerError as exc:
            failed = ev.StepFailed(
                self._now(), step=step.name, attempt=view.attempts, reason=reason_of(exc)
            )
            self._emit(failed)
            return
        reattach = view.job_handle or None
        work = self._work(step, prepared, view.job_name, view.attempts, reattach=reattach)
        self._launch(step, prepared, work, history)

    def _work(
        self,
        step: StepDef,
        prepared: PreparedStep,
        job_name: str,
        attempt: int,
        reattach: dict[str, JSON] | None = None,
    ) -> StepWork:
        return StepWork(
            execution=self.info,
            step=step,
            arguments=prepared.arguments,
            extra=prepared.extra,
            job_name=job_name,
            attempt=attempt,
            emit=self._emit_from_thread,
            reattach=reattach,
        )

    def _launch(
        self,
        step: StepDef,
        prepared: PreparedStep,
        work: StepWork,
        history: list[ev.Event] | None = None,
    ) -> bool:
        stopping = self.scheduler.stop_requested
        if stopping:
            work.cancel.set()
        if self.launcher.is_composite(step.type):
            runner = self.launcher.runner(step.type)
            done = self.composites.begin(work, runner, prepared.cache_payload, history or [])
        else:
            done = self.launcher.start(work, prepared.cache_payload, cancelled=stopping)
        if done is None:
            return False
        self._complete(done)
        return True

    # -- results --------------------------------------------------------------------------

    def _complete(self, done: Done) -> None:
        if done.result is not None:
            self._succeed(done.step, done.attempt, done.result, done.cache_payload)
        elif done.stopped:
            self._emit(ev.StepStopped(self._now(), step=done.step, attempt=done.attempt))
        else:
            self._fail(done)

    def _succeed(self, name: str, attempt: int, result: StepResult, payload: JSON) -> None:
        self._emit(
            ev.StepSucceeded(
                self._now(),
                step=name,
                attempt=attempt,
                properties=result.properties,
                metadata=result.metadata,
            )
        )
        self.properties[name] = result.properties
        self.cache.record(self.definition.steps[name], result, payload, self._now())

    def _fail(self, done: Done) -> None:
        step = self.definition.steps[done.step]
        self._emit(
            ev.StepFailed(
                self._now(),
                step=done.step,
                attempt=done.attempt,
                reason=done.failure,
                failure_kind=done.kind,
                metadata=done.metadata,
            )
        )
        elapsed = (self._now() - self.first_start.get(done.step, self._now())).total_seconds()
        decision = retry.decide(step.retry_policies, done.kind, done.attempt, elapsed)
        if decision.retry and not self.scheduler.stop_requested:
            self._emit(
                ev.StepRetryScheduled(
                    self._now(),
                    step=done.step,
                    attempt=done.attempt,
                    delay_seconds=decision.delay_seconds,
                    reason=decision.explanation,
                )
            )

    # -- recording ------------------------------------------------------------------------

    def _emit(self, event: ev.Event) -> None:
        self.s.log.append(self.record.arn, [event])
        self.scheduler.apply(event)

    def _emit_from_thread(self, event: ev.Event) -> None:
        # Runner threads only report facts (JobLaunched, CallbackWaiting) that do not move
        # the scheduler, so appending them from the thread is safe.
        self.s.log.append(self.record.arn, [event])

    def _now(self) -> datetime:
        return self.s.clock.now()


def _already_finished(history: list[ev.Event]) -> Outcome | None:
    for event in reversed(history):
        if isinstance(event, ev.ExecutionRetried):
            return None
        if isinstance(event, ev.ExecutionFinished):
            return Outcome(status=ExecutionStatus(event.status), reason=event.reason)
    return None


def _note(interrupted: list[str]) -> str:
    return f"resuming; steps in flight: {', '.join(interrupted)}" if interrupted else ""
