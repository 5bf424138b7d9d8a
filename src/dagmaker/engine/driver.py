"""The loop that drives one execution: starts ready steps, collects results, commits events.

Every state change is appended to the event log (and so committed) before it is acted
on: a step's ``StepStarted`` is durable before its job launches, and a job's handle is
durable (``JobLaunched``) while it runs, so a restarted engine can re-attach.
"""

from __future__ import annotations

import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dagmaker._lib import naming
from dagmaker._lib.durations import parse_duration
from dagmaker.definition import graph as graphs
from dagmaker.definition import step_types
from dagmaker.definition.codec import decode_strict
from dagmaker.definition.conditions import parse_conditions
from dagmaker.definition.model import PipelineDefinition, StepDef
from dagmaker.engine import cache as caching
from dagmaker.engine import retry
from dagmaker.engine.conditions import evaluate_all
from dagmaker.engine.ports import (
    CacheIndex,
    Clock,
    EventLog,
    ExecutionInfo,
    RunnerLookup,
    StepResult,
    StepStopped,
    StepWork,
    SystemClock,
)
from dagmaker.engine.resolver import ResolutionContext, resolve
from dagmaker.engine.scheduler import Outcome, Scheduler, rebuild
from dagmaker.errors import DagmakerError, JobFailure
from dagmaker.records import events as ev
from dagmaker.records.fold import fold_steps
from dagmaker.records.records import CacheEntry, ExecutionRecord
from dagmaker.records.statuses import ExecutionStatus, FailureKind, StepStatus

JSON = Any
_ENVELOPE = (
    "Name",
    "Type",
    "DependsOn",
    "DisplayName",
    "Description",
    "RetryPolicies",
    "CacheConfig",
    "PropertyFiles",
    "Arguments",
)


@dataclass(frozen=True)
class _Done:
    """A step thread's result, handed to the loop through a queue."""

    step: str
    attempt: int
    result: StepResult | None = None
    failure: str = ""
    kind: str = ""
    stopped: bool = False
    cache_payload: JSON = None


class Driver:
    """Runs executions to the end over the engine's ports.

    Args:
        log: The event log (storage).
        runners: Step type → runner.
        read_json: Reads JSON at an ``s3://`` URI (for JsonGet).
        clock: Time source.
        cache: The cache index, or None to disable caching.
        poll_interval: How often the loop checks for stop requests (seconds).
    """

    def __init__(
        self,
        *,
        log: EventLog,
        runners: RunnerLookup,
        read_json: Callable[[str], JSON],
        clock: Clock | None = None,
        cache: CacheIndex | None = None,
        poll_interval: float = 0.1,
        heartbeat_interval: float = 2.0,
    ) -> None:
        self.log = log
        self.runners = runners
        self.read_json = read_json
        self.clock = clock or SystemClock()
        self.cache = cache
        self.poll_interval = poll_interval
        self.heartbeat_interval = heartbeat_interval

    def run(self, record: ExecutionRecord) -> Outcome:
        """Drive ``record`` until it ends (or resume it, after a crash) and return how it ended."""
        return _Run(self, record).go()


class _Run:
    """State of one drive of one execution."""

    def __init__(self, driver: Driver, record: ExecutionRecord) -> None:
        self.d = driver
        self.record = record
        self.definition: PipelineDefinition = decode_strict(record.definition)
        self.graph = graphs.build(self.definition)
        self.types = {n: s.type for n, s in self.definition.steps.items()}
        self.done: queue.Queue[_Done] = queue.Queue()
        self.cancels: dict[str, threading.Event] = {}
        self.properties: dict[str, dict[str, JSON]] = {}
        self.attempts: dict[str, int] = {}
        self.first_start: dict[str, datetime] = {}
        self.info = ExecutionInfo(
            arn=record.arn,
            execution_id=record.execution_id,
            pipeline_name=record.pipeline_name,
            pipeline_arn=record.pipeline_arn,
            started_at=record.created_at or self.d.clock.now(),
        )
        self.scheduler: Scheduler = Scheduler(self.graph, self.types)
        self.last_heartbeat = 0.0

    # -- lifecycle ------------------------------------------------------------------------

    def go(self) -> Outcome:
        history = self.d.log.load(self.record.arn)
        self.scheduler = rebuild(
            self.graph, self.types, history, self.record.parallelism, self._selected()
        )
        self._absorb(history)
        finished = self._already_finished(history)
        if finished is not None:
            return finished
        interrupted = sorted(self.scheduler.running())
        resumed = any(isinstance(e, ev.ExecutionStarted) for e in history)
        self._emit(ev.ExecutionStarted(self._now(), resumed=resumed, note=_note(interrupted)))
        for name in interrupted:
            self._resume_step(name, history)
        return self._loop()

    def _selected(self) -> set[str] | None:
        selective = self.record.selective or {}
        steps = selective.get("SelectedSteps")
        return {s["StepName"] for s in steps} if steps else None

    def _already_finished(self, history: list[ev.Event]) -> Outcome | None:
        for event in reversed(history):
            if isinstance(event, ev.ExecutionRetried):
                return None
            if isinstance(event, ev.ExecutionFinished):
                return Outcome(status=ExecutionStatus(event.status), reason=event.reason)
        return None

    def _absorb(self, history: list[ev.Event]) -> None:
        for name, view in fold_steps(history).items():
            if view.status == StepStatus.SUCCEEDED:
                self.properties[name] = view.properties
            self.attempts[name] = view.attempts
            if view.started_at is not None:
                self.first_start[name] = view.started_at

    def _loop(self) -> Outcome:
        while True:
            self._check_stop()
            self._apply_skips()
            outcome = self.scheduler.outcome()
            if outcome is not None:
                return self._finish(outcome)
            started = [self._start(name) for name in self.scheduler.ready(self._now())]
            if any(started):
                continue
            self._wait_for_results()
            self._heartbeat()

    def _finish(self, outcome: Outcome) -> Outcome:
        for name, status in sorted(self.scheduler.states.items()):
            if status == StepStatus.WAITING_FOR_RETRY:
                reason = "retry cancelled: the execution ended first"
                self._emit(
                    ev.StepFailed(
                        self._now(), step=name, attempt=self.attempts.get(name, 0), reason=reason
                    )
                )
        leftover = self.scheduler.running()
        if leftover:
            raise RuntimeError(f"execution ended with steps in flight: {sorted(leftover)}")
        self._emit(ev.ExecutionFinished(self._now(), status=outcome.status, reason=outcome.reason))
        return outcome

    def _wait_for_results(self) -> None:
        timeout = self.d.poll_interval
        wakeup = self.scheduler.next_wakeup(self._now())
        if wakeup is not None:
            timeout = min(timeout, wakeup)
        try:
            item = self.done.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return
        self._complete(item)
        while True:
            try:
                self._complete(self.done.get_nowait())
            except queue.Empty:
                return

    def _heartbeat(self) -> None:
        now = self._now().timestamp()
        if now - self.last_heartbeat >= self.d.heartbeat_interval:
            self.d.log.heartbeat(self.record.arn)
            self.last_heartbeat = now

    def _check_stop(self) -> None:
        if self.scheduler.stop_requested or not self.d.log.stop_requested(self.record.arn):
            return
        self.scheduler.stop_requested = True
        for cancel in self.cancels.values():
            cancel.set()
        for name, status in sorted(self.scheduler.states.items()):
            if status == StepStatus.WAITING_FOR_RETRY:
                self._emit(ev.StepStopped(self._now(), step=name, attempt=self.attempts[name]))

    def _apply_skips(self) -> None:
        while True:
            skips = self.scheduler.to_skip()
            if not skips:
                return
            for name, reason in skips:
                self._emit(ev.StepSkipped(self._now(), step=name, reason=reason))

    # -- starting steps -------------------------------------------------------------------

    def _start(self, name: str) -> bool:
        """Start one step; True when it finished synchronously (condition, fail, cache)."""
        step = self.definition.steps[name]
        attempt = self.attempts.get(name, 0) + 1
        self.attempts[name] = attempt
        job_name = naming.job_name(f"pipelines-{self.info.execution_id}-{name}", self._now())
        if step.type == "Condition":
            return self._run_inline(step, attempt, job_name, self._condition)
        if step.type == "Fail":
            return self._run_inline(step, attempt, job_name, self._fail)
        try:
            ctx = self._context(step, job_name)
            arguments = resolve(step.arguments, ctx, "Arguments")
            extra = {k: resolve(v, ctx, k) for k, v in step.raw.items() if k not in _ENVELOPE}
        except DagmakerError as exc:
            self._emit(ev.StepStarted(self._now(), step=name, attempt=attempt, job_name=job_name))
            self._emit(ev.StepFailed(self._now(), step=name, attempt=attempt, reason=_reason(exc)))
            return True
        payload = caching.cache_payload(step.type, arguments, extra)
        if self._try_cache(step, payload):
            return True
        self._launch(step, attempt, job_name, arguments, extra, payload)
        return False

    def _run_inline(
        self, step: StepDef, attempt: int, job_name: str, body: Callable[[StepDef], StepResult]
    ) -> bool:
        self._emit(ev.StepStarted(self._now(), step=step.name, attempt=attempt, job_name=""))
        try:
            result = body(step)
        except DagmakerError as exc:
            self._emit(
                ev.StepFailed(
                    self._now(),
                    step=step.name,
                    attempt=attempt,
                    reason=_reason(exc),
                    metadata=_fail_metadata(step, exc),
                )
            )
            return True
        self._succeed(step.name, attempt, result, None)
        return True

    def _condition(self, step: StepDef) -> StepResult:
        ctx = self._context(step, "")
        conditions = parse_conditions(step.arguments.get("Conditions"))
        outcome = evaluate_all(conditions, lambda value, path: resolve(value, ctx, path))
        return StepResult({"Outcome": outcome}, {"Condition": {"Outcome": str(outcome)}})

    def _fail(self, step: StepDef) -> StepResult:
        message = resolve(
            step.arguments.get("ErrorMessage", ""),
            self._context(step, ""),
            "Arguments.ErrorMessage",
        )
        raise _FailStepReached(str(message))

    def _launch(
        self,
        step: StepDef,
        attempt: int,
        job_name: str,
        arguments: JSON,
        extra: dict[str, JSON],
        payload: JSON,
    ) -> None:
        self._emit(ev.StepStarted(self._now(), step=step.name, attempt=attempt, job_name=job_name))
        self.first_start.setdefault(step.name, self._now())
        work = StepWork(
            execution=self.info,
            step=step,
            arguments=arguments,
            extra=extra,
            job_name=job_name,
            attempt=attempt,
            emit=self._emit_from_thread,
        )
        self._spawn(work, payload)

    def _spawn(self, work: StepWork, payload: JSON) -> None:
        self.cancels[work.step.name] = work.cancel
        if self.scheduler.stop_requested:
            work.cancel.set()
        thread = threading.Thread(
            target=self._run_step,
            args=(work, payload),
            name=f"step-{work.step.name}",
            daemon=True,
        )
        thread.start()

    def _run_step(self, work: StepWork, payload: JSON) -> None:
        name, attempt = work.step.name, work.attempt
        try:
            runner = self.d.runners(work.step.type)
            result = runner.run(work)
            self.done.put(_Done(name, attempt, result=result, cache_payload=payload))
        except StepStopped:
            self.done.put(_Done(name, attempt, stopped=True))
        except JobFailure as exc:
            self.done.put(_Done(name, attempt, failure=_reason(exc), kind=exc.kind))
        except DagmakerError as exc:
            self.done.put(_Done(name, attempt, failure=_reason(exc)))
        except Exception as exc:
            detail = "".join(traceback.format_exception_only(exc)).strip()
            self.done.put(
                _Done(
                    name,
                    attempt,
                    failure=f"Internal error in dagmaker: {detail}",
                    kind=FailureKind.JOB_INTERNAL_ERROR,
                )
            )

    def _resume_step(self, name: str, history: list[ev.Event]) -> None:
        view = fold_steps(history)[name]
        step = self.definition.steps[name]
        if step.type in ("Condition", "Fail") or not view.job_handle:
            note = "re-run: the engine stopped before its job was launched"
            self._emit(
                ev.StepFailed(
                    self._now(),
                    step=name,
                    attempt=view.attempts,
                    reason=note,
                    failure_kind=FailureKind.JOB_INTERNAL_ERROR,
                )
            )
            self._emit(
                ev.StepRetryScheduled(
                    self._now(), step=name, attempt=view.attempts, delay_seconds=0.0, reason=note
                )
            )
            return
        ctx = self._context(step, view.job_name)
        arguments = resolve(step.arguments, ctx, "Arguments")
        extra = {k: resolve(v, ctx, k) for k, v in step.raw.items() if k not in _ENVELOPE}
        work = StepWork(
            execution=self.info,
            step=step,
            arguments=arguments,
            extra=extra,
            job_name=view.job_name,
            attempt=view.attempts,
            emit=self._emit_from_thread,
            reattach=view.job_handle,
        )
        self._spawn(work, caching.cache_payload(step.type, arguments, extra))

    # -- caching --------------------------------------------------------------------------

    def _caching_on(self, step: StepDef) -> bool:
        info = step_types.STEP_TYPES.get(step.type)
        config = step.cache_config
        return bool(self.d.cache and info and info.cacheable and config and config.enabled)

    def _try_cache(self, step: StepDef, payload: JSON) -> bool:
        if not self._caching_on(step) or self.d.cache is None:
            return False
        key = caching.key(payload["Type"], payload["Arguments"], payload["Extra"])
        not_before = self._cache_horizon(step)
        hit = self.d.cache.lookup(self.record.pipeline_name, key, not_before)
        if hit is not None:
            self._emit(
                ev.StepCacheHit(
                    self._now(),
                    step=step.name,
                    source_execution_arn=hit.execution_arn,
                    properties=hit.properties,
                    metadata=hit.metadata,
                )
            )
            self.properties[step.name] = hit.properties
            return True
        self._emit(
            ev.StepCacheMiss(
                self._now(),
                step=step.name,
                cache_key=key,
                explanation=self._explain_miss(step, payload, not_before),
            )
        )
        return False

    def _cache_horizon(self, step: StepDef) -> datetime:
        config = step.cache_config
        if config is None or config.expire_after is None:
            return datetime.min.replace(tzinfo=self._now().tzinfo)
        return self._now() - parse_duration(config.expire_after)

    def _explain_miss(self, step: StepDef, payload: JSON, not_before: datetime) -> str:
        assert self.d.cache is not None
        latest = self.d.cache.latest(self.record.pipeline_name, step.name)
        if latest is None:
            return "no earlier successful run of this step"
        if caching.key(**_key_args(latest.arguments)) == caching.key(**_key_args(payload)):
            return f"the matching run ({latest.execution_arn}) is older than ExpireAfter"
        changes = caching.explain_difference(latest.arguments, payload)
        return "changed since the last run: " + "; ".join(changes)

    def _record_cache(self, name: str, result: StepResult, payload: JSON) -> None:
        step = self.definition.steps[name]
        if not self._caching_on(step) or self.d.cache is None or payload is None:
            return
        self.d.cache.record(
            CacheEntry(
                pipeline_name=self.record.pipeline_name,
                step_name=name,
                step_type=step.type,
                key=caching.key(**_key_args(payload)),
                arguments=payload,
                execution_arn=self.record.arn,
                properties=result.properties,
                metadata=result.metadata,
                created_at=self._now(),
            )
        )

    # -- results --------------------------------------------------------------------------

    def _complete(self, item: _Done) -> None:
        self.cancels.pop(item.step, None)
        if item.result is not None:
            self._succeed(item.step, item.attempt, item.result, item.cache_payload)
        elif item.stopped:
            self._emit(ev.StepStopped(self._now(), step=item.step, attempt=item.attempt))
        else:
            self._fail_step(item)

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
        self._record_cache(name, result, payload)

    def _fail_step(self, item: _Done) -> None:
        step = self.definition.steps[item.step]
        failed = ev.StepFailed(
            self._now(),
            step=item.step,
            attempt=item.attempt,
            reason=item.failure,
            failure_kind=item.kind,
        )
        elapsed = (self._now() - self.first_start.get(item.step, self._now())).total_seconds()
        decision = retry.decide(step.retry_policies, item.kind, item.attempt, elapsed)
        if not decision.retry or self.scheduler.stop_requested:
            self._emit(failed)
            return
        self._emit(failed)
        self._emit(
            ev.StepRetryScheduled(
                self._now(),
                step=item.step,
                attempt=item.attempt,
                delay_seconds=decision.delay_seconds,
                reason=decision.explanation,
            )
        )

    # -- helpers --------------------------------------------------------------------------

    def _context(self, step: StepDef, job_name: str) -> ResolutionContext:
        variables: dict[str, JSON] = {
            "PipelineName": self.info.pipeline_name,
            "PipelineArn": self.info.pipeline_arn,
            "PipelineExecutionId": self.info.execution_id,
            "PipelineExecutionArn": self.info.arn,
            "StartDateTime": _timestamp(self.info.started_at),
            "CurrentDateTime": lambda: _timestamp(self._now()),
        }
        if job_name and step.type == "Training":
            variables["TrainingJobName"] = job_name
        if job_name and step.type == "Processing":
            variables["ProcessingJobName"] = job_name
        return ResolutionContext(
            definition=self.definition,
            parameters=self.record.parameters,
            variables=variables,
            step_properties=self.properties,
            read_json=self.d.read_json,
            experiment=self._experiment(),
            step=step.name,
        )

    def _experiment(self) -> dict[str, JSON]:
        config = self.definition.experiment_config
        if not isinstance(config, dict):
            return {}
        base = ResolutionContext(
            definition=self.definition,
            parameters=self.record.parameters,
            variables={
                "PipelineName": self.info.pipeline_name,
                "PipelineExecutionId": self.info.execution_id,
            },
            step_properties={},
            read_json=self.d.read_json,
        )
        return {k: resolve(v, base, f"PipelineExperimentConfig.{k}") for k, v in config.items()}

    def _emit(self, event: ev.Event) -> None:
        self.d.log.append(self.record.arn, [event])
        self.scheduler.apply(event)

    def _emit_from_thread(self, event: ev.Event) -> None:
        # Runner threads only report facts (JobLaunched, CallbackWaiting) that do not move
        # the scheduler, so appending them from the thread is safe.
        self.d.log.append(self.record.arn, [event])

    def _now(self) -> datetime:
        return self.d.clock.now()


class _FailStepReached(DagmakerError):
    """A FailStep ran: its resolved ErrorMessage fails the execution."""

    headline = "FailStep reached"


def _fail_metadata(step: StepDef, exc: DagmakerError) -> dict[str, JSON]:
    if isinstance(exc, _FailStepReached):
        return {"Fail": {"ErrorMessage": exc.message}}
    return {}


def _reason(exc: DagmakerError) -> str:
    if isinstance(exc, _FailStepReached):
        return exc.message
    return exc.details() if not exc.field else f"{exc.field}: {exc.details()}"


def _key_args(payload: JSON) -> dict[str, JSON]:
    return {
        "step_type": payload["Type"],
        "arguments": payload["Arguments"],
        "extra": payload["Extra"],
    }


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _note(interrupted: list[str]) -> str:
    return f"resuming; steps in flight: {', '.join(interrupted)}" if interrupted else ""
