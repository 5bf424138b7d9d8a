"""Tuning steps and jobs (CreateHyperParameterTuningJob).

A tuning job runs up to ``MaxNumberOfTrainingJobs`` real training jobs (trials), at most
``MaxParallelTrainingJobs`` at a time, each with hyperparameters proposed by the search
(`tuning_search`). One control thread owns the search: it launches trials (each in a
thread of its own, through the training runner), follows their logs for intermediate
objective values (early stopping), and settles each finished trial — a trial whose log
never showed the objective metric fails, naming the metric and its regex.

The step's properties are DescribeHyperParameterTuningJob merged with
ListTrainingJobsForHyperParameterTuningJob (``TrainingJobSummaries``, best first); the
same document is kept in the jobs table (kind ``HyperParameterTuning``). The handles of
running trials are recorded with ``JobLaunched`` so that a restarted engine re-attaches
to them and keeps the trials that had finished.
"""

from __future__ import annotations

import contextlib
import threading
import time
from datetime import UTC, datetime
from typing import Any

from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.errors import DagmakerError, JobFailure, NotFound
from dagmaker.records import events as ev
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import FailureKind, JobStatus
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import job_arn, now, without_none
from dagmaker.runners.tuning_completion import criteria_met, giving_up
from dagmaker.runners.tuning_config import TuningConfig, parse_request
from dagmaker.runners.tuning_objective import LogFollower, Objective, objective_for
from dagmaker.runners.tuning_search import Search
from dagmaker.runners.tuning_summary import (
    best_first,
    best_of,
    objective_counters,
    objective_value,
    status_counters,
    trial_summary,
)
from dagmaker.runners.tuning_trials import Trial, run_trial, trial_name, trial_request
from dagmaker.runners.tuning_warm_start import WarmStart, load_warm_start
from dagmaker.runners.workspace import log_dir

KIND = "HyperParameterTuning"
POLL_SECONDS = 0.1


class TuningRunner:
    """Runs a CreateHyperParameterTuningJob request as a series of local training jobs."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Run the tuning job to the end; return its merged Describe/List document."""
        return _TuningJob(self.ctx, work).execute()


class _TuningJob:
    """One run of one tuning job."""

    def __init__(self, ctx: RunnerContext, work: StepWork) -> None:
        self.ctx = ctx
        self.work = work
        self.request: dict[str, Any] = work.arguments
        self.name = work.job_name
        self.arn = job_arn("hyper-parameter-tuning-job", self.name)
        self.trials: list[Trial] = []
        self.followers: dict[str, LogFollower] = {}
        self.settled: set[str] = set()
        self.handles: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.created = now()
        self.ended: str | None = None
        self.clock_start = time.monotonic()
        self.status = JobStatus.IN_PROGRESS
        self.failure_reason = ""
        self.no_more_trials = ""
        self.objectives_in_order: list[float] = []
        self.warm = WarmStart()
        self.log_file = log_dir(ctx.jobs_root, self.name) / "stdout.log"
        self._config: TuningConfig | None = None
        self._objective: Objective | None = None
        self._search: Search | None = None

    @property
    def config(self) -> TuningConfig:
        assert self._config is not None, "set up first"
        return self._config

    @property
    def objective(self) -> Objective:
        assert self._objective is not None, "set up first"
        return self._objective

    @property
    def search(self) -> Search:
        assert self._search is not None, "set up first"
        return self._search

    def execute(self) -> StepResult:
        try:
            self._setup()
            self._drive()
            self._conclude()
        except StepStopped:
            self._finish(JobStatus.STOPPED, "")
            raise
        except DagmakerError as exc:
            self._abandon()
            self._finish(JobStatus.FAILED, exc.message)
            raise
        except Exception as exc:
            self._abandon()
            reason = f"InternalServerError: dagmaker failed while tuning: {exc!r}"
            self._finish(JobStatus.FAILED, reason)
            raise JobFailure(reason, kind=FailureKind.JOB_INTERNAL_ERROR) from exc
        self._finish(JobStatus.COMPLETED, "")
        return StepResult(self._document(), {"TuningJob": {"Arn": self.arn}})

    # -- setting up -----------------------------------------------------------------------

    def _setup(self) -> None:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        resumed = self._previous_document()
        try:
            self._config = parse_request(self.request)
            self._objective = objective_for(
                self.config.objective_metric, self.config.definition, self.ctx.images
            )
        except DagmakerError as error:
            raise JobFailure(f"ClientError: {error}") from None
        self._search = Search(self.config)
        self.warm = load_warm_start(self.ctx.jobs, self.request, self.config, KIND)
        for params, value in self.warm.seeds:
            self.search.seed(params, value)
        if self.warm.note:
            self._log(self.warm.note)
        if resumed is not None:
            self._resume(resumed)
        self._record()
        self._emit_handles()
        self._log(
            f"Tuning {self.config.objective_type.lower()}s {self.objective.name} with the "
            f"{self.config.strategy} strategy: up to {self.config.max_jobs} training jobs, "
            f"{self.config.max_parallel} at a time"
        )

    def _previous_document(self) -> dict[str, Any] | None:
        if not self.work.reattach:
            return None
        try:
            record = self.ctx.jobs.get(self.name, KIND)
        except NotFound:
            return None
        self.created = str(record.describe.get("CreationTime") or self.created)
        return record.describe

    def _resume(self, previous: dict[str, Any]) -> None:
        """Keep the trials of the run that crashed.

        Finished ones stay as they are; running ones are re-attached when their job was
        launched, and fail otherwise.
        """
        handles = (self.work.reattach or {}).get("trials") or {}
        summaries = sorted(
            previous.get("TrainingJobSummaries") or [], key=lambda s: _index_of(s, 0)
        )
        for position, summary in enumerate(summaries, 1):
            trial = Trial(
                index=_index_of(summary, position),
                name=str(summary["TrainingJobName"]),
                tuned={
                    str(k): str(v) for k, v in (summary.get("TunedHyperParameters") or {}).items()
                },
                status=str(summary.get("TrainingJobStatus") or "Failed"),
                objective=objective_value(summary),
                failure_reason=str(summary.get("FailureReason") or ""),
                record={
                    k: summary[k]
                    for k in ("CreationTime", "TrainingStartTime", "TrainingEndTime")
                    if k in summary
                },
            )
            self.trials.append(trial)
            self._resume_trial(trial, handles.get(trial.name))
        self._log(f"Resumed after an engine restart with {len(summaries)} earlier trial(s)")

    def _resume_trial(self, trial: Trial, handle: dict[str, Any] | None) -> None:
        params = self.warm.params_of(trial.tuned, self.config)
        if not trial.running:
            self.settled.add(trial.name)
            completed = trial.status == "Completed" and trial.objective is not None
            if completed and trial.objective is not None:
                self.objectives_in_order.append(trial.objective)
            if params is not None:
                self.search.seed(params, trial.objective if completed else None)
            return
        if handle is None:
            trial.status, trial.retryable = "Failed", True
            trial.failure_reason = (
                "InternalServerError: the engine stopped before this trial's job was launched"
            )
            self.settled.add(trial.name)
            self._mark_training_job(trial)
            return
        trial.handle = handle
        with self.lock:
            self.handles[trial.name] = handle
        trial.optuna_trial = self.search.ask(fixed=params)
        self._start(trial)
        self._log(f"Trial {trial.index} ({trial.name}) re-attached")

    # -- the control loop -----------------------------------------------------------------

    def _drive(self) -> None:
        while True:
            self._collect()
            if self.work.cancel.is_set():
                self._stop_all()
                raise StepStopped()
            if self._over_time():
                self.no_more_trials = "ResourceLimits.MaxRuntimeInSeconds was reached"
                self._stop_all()
            self._follow()
            while self._can_launch():
                self._launch(len(self.trials) + 1)
            if not any(t.running for t in self.trials):
                self._collect()
                return
            self.wake.wait(POLL_SECONDS)
            self.wake.clear()

    def _can_launch(self) -> bool:
        if self.no_more_trials or len(self.trials) >= self.config.max_jobs:
            return False
        if sum(1 for t in self.trials if t.running) >= self.config.max_parallel:
            return False
        failed = sum(1 for t in self.trials if t.status == "Failed")
        reason = giving_up(self.config, failed, len(self.objectives_in_order))
        if reason:
            self.no_more_trials = reason
            self._log(f"No more trials: {reason}")
            return False
        return True

    def _launch(self, index: int) -> None:
        proposal = self.search.ask()
        tuned = {r.name: r.hyperparameter(proposal.params[r.name]) for r in self.config.ranges}
        trial = Trial(index, trial_name(self.name, index), tuned, optuna_trial=proposal)
        trial.record = {"CreationTime": now()}
        self.trials.append(trial)
        self._start(trial)
        shown = ", ".join(f"{k}={v}" for k, v in tuned.items())
        self._log(f"Trial {index} ({trial.name}) started: {shown}")
        self._record()

    def _start(self, trial: Trial) -> None:
        request = trial_request(self.config.definition, self.arn, trial, self.objective.name)
        self.followers[trial.name] = LogFollower(log_dir(self.ctx.jobs_root, trial.name))
        trial.thread = threading.Thread(
            target=self._run_trial, args=(trial, request), name=f"trial-{trial.name}", daemon=True
        )
        trial.thread.start()

    def _run_trial(self, trial: Trial, request: dict[str, Any]) -> None:
        try:
            run_trial(self.ctx, self.work, trial, request, self._on_trial_event)
        finally:
            self.wake.set()

    def _on_trial_event(self, trial: Trial, event: ev.Event) -> None:
        if isinstance(event, ev.JobLaunched):
            with self.lock:
                self.handles[trial.name] = dict(event.handle)
            self._emit_handles()

    def _emit_handles(self) -> None:
        with self.lock:
            handle = {"Arn": self.arn, "trials": dict(self.handles)}
            self.work.emit(
                ev.JobLaunched(
                    datetime.now(UTC),
                    step=self.work.step.name,
                    attempt=self.work.attempt,
                    job_name=self.name,
                    job_kind=KIND,
                    handle=handle,
                )
            )

    def _follow(self) -> None:
        """Report intermediate objective values; stop trials the pruner gives up on."""
        if self.config.strategy != "Hyperband" and not self.config.early_stopping:
            return
        for trial in self.trials:
            if not trial.running or trial.pruned or trial.optuna_trial is None:
                continue
            lines, restarted = self.followers[trial.name].new_lines()
            if restarted:
                trial.values.clear()
            for value in self.objective.values(lines):
                trial.values.append(value)
                step = len(trial.values) - 1
                if step <= trial.reported:
                    continue  # the job started over; Optuna takes one value per iteration
                trial.reported = step
                if self.search.report(trial.optuna_trial, step, value):
                    self._prune(trial, step, value)
                    break

    def _prune(self, trial: Trial, step: int, value: float) -> None:
        trial.pruned = True
        trial.cancel.set()
        self._log(
            f"Trial {trial.index} ({trial.name}) stopped early at iteration {step + 1}: "
            f"{self.objective.name}={value:g} is not promising"
        )

    def _collect(self) -> None:
        for trial in self.trials:
            if trial.name in self.settled or trial.thread is None or trial.thread.is_alive():
                continue
            self.settled.add(trial.name)
            self._settle(trial)
            self._record()
            self._check_completion()

    def _settle(self, trial: Trial) -> None:
        values = self.objective.values(self.followers[trial.name].all_lines())
        with contextlib.suppress(NotFound):
            trial.record = self.ctx.jobs.get(trial.name, "Training").describe
        if trial.status == "Completed" and not values:
            trial.status, trial.failure_reason = "Failed", self.objective.missing_message()
            self._mark_training_job(trial)
        elif trial.status == "Completed" or (trial.pruned and values):
            trial.objective = values[-1]
        if trial.status == "Completed" and trial.objective is not None:
            self.objectives_in_order.append(trial.objective)
        pruned = trial.pruned and trial.status == "Stopped"
        completed = trial.status == "Completed"
        if trial.optuna_trial is not None:
            self.search.tell(
                trial.optuna_trial, trial.objective if completed else None, pruned=pruned
            )
        with self.lock:
            self.handles.pop(trial.name, None)
        self._log(
            f"Trial {trial.index} ({trial.name}) {trial.status.lower()}{self._outcome(trial)}"
        )

    def _outcome(self, trial: Trial) -> str:
        if trial.objective is not None:
            return f": {self.objective.name}={trial.objective:g}"
        if trial.failure_reason:
            return f": {trial.failure_reason.splitlines()[0]}"
        return ""

    def _mark_training_job(self, trial: Trial) -> None:
        """Record a trial the tuning job failed (the training job itself had not)."""
        try:
            record = self.ctx.jobs.get(trial.name, "Training")
        except NotFound:
            return
        record.status = JobStatus.FAILED
        record.describe.update(
            {
                "TrainingJobStatus": "Failed",
                "SecondaryStatus": "Failed",
                "FailureReason": trial.failure_reason,
                "LastModifiedTime": now(),
            }
        )
        self.ctx.jobs.put(record)
        trial.record = record.describe

    def _check_completion(self) -> None:
        if self.no_more_trials:
            return
        reason = criteria_met(self.config, self.objectives_in_order)
        if reason:
            self.no_more_trials = reason
            self._log(f"No more trials: {reason}")

    def _over_time(self) -> bool:
        limit = self.config.max_runtime_seconds
        return bool(limit) and time.monotonic() - self.clock_start > (limit or 0.0)

    def _stop_all(self) -> None:
        for trial in self.trials:
            if trial.running:
                trial.cancel.set()
        for trial in self.trials:
            if trial.thread is not None:
                trial.thread.join()
        self._collect()

    def _abandon(self) -> None:
        """Stop whatever trials still run after an unexpected error."""
        try:
            self._stop_all()
        except Exception:  # already failing; the original error is what matters
            return

    # -- finishing ------------------------------------------------------------------------

    def _conclude(self) -> None:
        summaries = self._summaries()
        if any(objective_value(s) is not None for s in summaries):
            return
        failures = [t for t in self.trials if t.failure_reason]
        first = (
            f"; the first failure ({failures[0].name}): {failures[0].failure_reason}"
            if failures
            else ""
        )
        raise JobFailure(
            f"ClientError: none of the {len(self.trials)} training jobs produced the objective "
            f"metric {self.objective.name}{first}"
        )

    def _summaries(self) -> list[dict[str, Any]]:
        if self._config is None or self._objective is None:
            return []
        return [
            trial_summary(t, self.name, self.objective.name, self.config.objective_type)
            for t in self.trials
        ]

    def _document(self) -> dict[str, Any]:
        maximize = self._config.maximize if self._config is not None else False
        summaries = best_first(self._summaries(), maximize)
        overall = None
        if self.warm.identical:
            overall = best_of([*summaries, *self.warm.summaries], maximize)
        return without_none(
            {
                "HyperParameterTuningJobName": self.name,
                "HyperParameterTuningJobArn": self.arn,
                "HyperParameterTuningJobConfig": self.request.get("HyperParameterTuningJobConfig"),
                "TrainingJobDefinition": self.request.get("TrainingJobDefinition"),
                "TrainingJobDefinitions": self.request.get("TrainingJobDefinitions"),
                "HyperParameterTuningJobStatus": self.status.value,
                "CreationTime": self.created,
                "HyperParameterTuningEndTime": self.ended,
                "LastModifiedTime": now(),
                "TrainingJobStatusCounters": status_counters(self.trials),
                "ObjectiveStatusCounters": objective_counters(summaries),
                "BestTrainingJob": best_of(summaries, maximize),
                "OverallBestTrainingJob": overall,
                "WarmStartConfig": self.request.get("WarmStartConfig"),
                "FailureReason": self.failure_reason or None,
                "ConsumedResources": {"RuntimeInSeconds": int(time.monotonic() - self.clock_start)},
                "TrainingJobSummaries": summaries,
            }
        )

    def _finish(self, status: JobStatus, reason: str) -> None:
        self.status = status
        self.failure_reason = reason if status == JobStatus.FAILED else ""
        self.ended = now()
        self._record()
        self._log(f"Tuning job {status.value.lower()}" + (f": {reason}" if reason else ""))

    def _record(self) -> None:
        self.ctx.jobs.put(
            JobRecord(
                name=self.name,
                kind=KIND,
                arn=self.arn,
                status=self.status,
                describe=self._document(),
                execution_arn=self.work.execution.arn,
                step_name=self.work.step.name,
            )
        )

    def _log(self, message: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        with self.log_file.open("a", encoding="utf-8") as handle:
            handle.write(f"[{stamp}] {message}\n")


def _index_of(summary: dict[str, Any], default: int) -> int:
    """A trial's position, from its name ``<tuning job>-<NNN>-<hex>``."""
    parts = str(summary.get("TrainingJobName", "")).rsplit("-", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else default
