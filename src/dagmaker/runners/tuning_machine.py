"""The tuning job's state machine: which trials start, which stop early, when it is done.

Events in, decisions out (``dagmaker.engine.units``): it never launches, sleeps or
writes. The engine records each decision (``UnitStarted`` with the trial's sampled
hyperparameters, ``UnitStopRequested``) before acting on it and feeds back how trials end
(``UnitEnded``) and what their logs show (``UnitProgress``), so replaying an execution's
log rebuilds the machine — and its search — exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dagmaker.engine.ports import StepResult
from dagmaker.engine.units import Decision, FinishStep, StartUnit, StopUnit
from dagmaker.records import events as ev
from dagmaker.runners.describe import job_arn, without_none
from dagmaker.runners.tuning_completion import criteria_met, giving_up
from dagmaker.runners.tuning_config import TuningConfig
from dagmaker.runners.tuning_objective import Objective
from dagmaker.runners.tuning_search import Search
from dagmaker.runners.tuning_summary import (
    best_first,
    best_of,
    objective_counters,
    status_counters,
    trial_summary,
)
from dagmaker.runners.tuning_trials import Trial, trial_name, trial_request
from dagmaker.runners.tuning_warm_start import WarmStart

JSON = Any
_ENDED = ("Completed", "Failed", "Stopped")


@dataclass(frozen=True)
class TuningSetup:
    """What a tuning job is, read from its request (and its warm-start parents)."""

    name: str
    request: dict[str, JSON]
    config: TuningConfig
    objective: Objective
    warm: WarmStart

    @property
    def arn(self) -> str:
        """The tuning job's ARN."""
        return job_arn("hyper-parameter-tuning-job", self.name)


class TuningMachine:
    """One attempt of one tuning job.

    Args:
        setup: The job.
        created: When this machine was made; trials started before it belong to an
            earlier drive of the same job (an engine restart).
    """

    def __init__(self, setup: TuningSetup, created: datetime) -> None:
        self.setup = setup
        self.config = setup.config
        self.created = created
        self.started_at = created
        self.search = Search(setup.config)
        for params, value in setup.warm.seeds:
            self.search.seed(params, value)
        self.trials: dict[str, Trial] = {}
        self.objectives_in_order: list[float] = []
        self.no_more_trials = ""
        self.pending: dict[str, Any] = {}
        self.status = "InProgress"
        self.failure_reason = ""
        self.ended_at: datetime | None = None
        self.messages: list[str] = []
        self.failed_for_objective: list[Trial] = []
        self.live = False
        if setup.warm.note:
            self.messages.append(setup.warm.note)

    # -- events ---------------------------------------------------------------------------

    def apply(self, event: ev.StepEvent) -> None:
        """Learn from one of the tuning step's unit events."""
        if isinstance(event, ev.UnitStarted):
            self._started(event)
        elif isinstance(event, ev.UnitLaunched) and event.unit in self.trials:
            self.trials[event.unit].launched = True
        elif isinstance(event, ev.UnitProgress) and event.unit in self.trials:
            self._progress(self.trials[event.unit], event.values)
        elif isinstance(event, ev.UnitStopRequested) and event.unit in self.trials:
            self.trials[event.unit].stop_asked = True
        elif isinstance(event, ev.UnitEnded) and event.unit in self.trials:
            self._settle(self.trials[event.unit], event)

    def _started(self, event: ev.UnitStarted) -> None:
        tuned = {str(k): str(v) for k, v in (event.facts.get("Tuned") or {}).items()}
        trial = Trial(int(event.facts.get("Index", len(self.trials) + 1)), event.unit, tuned)
        trial.created = event.at
        proposal = self.pending.pop(event.unit, None)
        if proposal is None:
            # Rebuilding from the log: the search proposes what it proposed before.
            fixed = self.setup.warm.params_of(tuned, self.config)
            proposal = self.search.ask(fixed=fixed)
        trial.optuna_trial = proposal
        self.trials[event.unit] = trial
        self.started_at = min(self.started_at, event.at)
        shown = ", ".join(f"{k}={v}" for k, v in tuned.items())
        self._say(f"Trial {trial.index} ({trial.name}) started: {shown}")

    def _progress(self, trial: Trial, values: list[float]) -> None:
        for value in values:
            trial.values.append(value)
            step = len(trial.values) - 1
            if step <= trial.reported or trial.prune_at is not None:
                continue  # the job started over; the search takes one value per iteration
            trial.reported = step
            if trial.optuna_trial is not None and self.search.report(
                trial.optuna_trial, step, value
            ):
                trial.prune_at = (step, value)

    def _settle(self, trial: Trial, event: ev.UnitEnded) -> None:
        trial.status = event.status
        trial.record = dict(event.properties) or trial.record
        trial.failure_reason = event.reason
        trial.retryable = event.failure_kind not in ("",)
        trial.pruned = trial.prune_at is not None
        final = _final_value(event.properties, self.setup.objective.name, trial.values)
        if trial.status == "Completed" and final is None:
            trial.status, trial.failure_reason = "Failed", self.setup.objective.missing_message()
            self.failed_for_objective.append(trial)
        elif trial.status == "Completed" or (trial.pruned and final is not None):
            trial.objective = final
        if trial.status == "Completed" and trial.objective is not None:
            self.objectives_in_order.append(trial.objective)
        completed = trial.status == "Completed"
        if trial.optuna_trial is not None:
            self.search.tell(
                trial.optuna_trial,
                trial.objective if completed else None,
                pruned=trial.pruned and trial.status == "Stopped",
            )
        self._say(
            f"Trial {trial.index} ({trial.name}) {trial.status.lower()}{self._outcome(trial)}"
        )
        if not self.no_more_trials:
            reason = criteria_met(self.config, self.objectives_in_order)
            if reason:
                self.no_more_trials = reason
                self._say(f"No more trials: {reason}")

    def _outcome(self, trial: Trial) -> str:
        if trial.objective is not None:
            return f": {self.setup.objective.name}={trial.objective:g}"
        if trial.failure_reason:
            return f": {trial.failure_reason.splitlines()[0]}"
        return ""

    # -- decisions ------------------------------------------------------------------------

    def decide(self, now: datetime, stopping: bool) -> list[Decision]:
        """Trials to start or stop, or the end of the tuning job."""
        if not self.live:
            self._begin_live()
        running = [t for t in self.trials.values() if t.running]
        if stopping:
            if running:
                return self._stop_all(running, "the tuning job was stopped")
            return [self._finish(now, "Stopped")]
        decisions: list[Decision] = list(self._stops(running, now))
        while self._can_launch(len(running) + _starts(decisions), _starts(decisions)):
            decisions.append(self._launch(len(self.trials) + _starts(decisions) + 1))
        if not running and not decisions:
            return [self._finish(now, "Completed")]
        return decisions

    def _begin_live(self) -> None:
        self.live = True
        earlier = [t for t in self.trials.values() if t.created and t.created < self.created]
        if earlier:
            self._say(f"Resumed after an engine restart with {len(earlier)} earlier trial(s)")
        for trial in earlier:
            if trial.running and trial.launched:
                self._say(f"Trial {trial.index} ({trial.name}) re-attached")
        self._say(
            f"Tuning {self.config.objective_type.lower()}s {self.setup.objective.name} with the "
            f"{self.config.strategy} strategy: up to {self.config.max_jobs} training jobs, "
            f"{self.config.max_parallel} at a time"
        )

    def _stops(self, running: list[Trial], now: datetime) -> list[Decision]:
        limit = self.config.max_runtime_seconds
        if limit and not self.no_more_trials and (now - self.started_at).total_seconds() > limit:
            self.no_more_trials = "ResourceLimits.MaxRuntimeInSeconds was reached"
            self._say(f"No more trials: {self.no_more_trials}")
            return self._stop_all(running, self.no_more_trials)
        stops: list[Decision] = []
        for trial in running:
            if trial.prune_at is not None and not trial.stop_asked:
                step, value = trial.prune_at
                reason = (
                    f"stopped early at iteration {step + 1}: "
                    f"{self.setup.objective.name}={value:g} is not promising"
                )
                self._say(f"Trial {trial.index} ({trial.name}) {reason}")
                stops.append(StopUnit(trial.name, reason))
        return stops

    def _stop_all(self, running: list[Trial], reason: str) -> list[Decision]:
        return [StopUnit(t.name, reason) for t in running if not t.stop_asked]

    def _can_launch(self, running: int, planned: int) -> bool:
        if self.no_more_trials or len(self.trials) + planned >= self.config.max_jobs:
            return False
        if running >= self.config.max_parallel:
            return False
        failed = sum(1 for t in self.trials.values() if t.status == "Failed")
        reason = giving_up(self.config, failed, len(self.objectives_in_order))
        if reason:
            self.no_more_trials = reason
            self._say(f"No more trials: {reason}")
            return False
        return True

    def _launch(self, index: int) -> StartUnit:
        proposal = self.search.ask()
        tuned = {r.name: r.hyperparameter(proposal.params[r.name]) for r in self.config.ranges}
        name = trial_name(self.setup.name, index)
        self.pending[name] = proposal
        request = trial_request(
            self.config.definition, self.setup.arn, name, tuned, self.setup.objective.name
        )
        return StartUnit(name, "Training", request, {"Index": index, "Tuned": tuned})

    def _finish(self, now: datetime, status: str) -> FinishStep:
        self.ended_at = now
        if status == "Stopped":
            self.status = "Stopped"
            self._say("Tuning job stopped")
            return FinishStep(stopped=True)
        if not any(t.objective is not None for t in self.trials.values()):
            self.status = "Failed"
            self.failure_reason = self._no_objective_reason()
            self._say(f"Tuning job failed: {self.failure_reason}")
            return FinishStep(failure=self.failure_reason)
        self.status = "Completed"
        self._say("Tuning job completed")
        metadata = {"TuningJob": {"Arn": self.setup.arn}}
        return FinishStep(StepResult(self.document(now), metadata))

    def _no_objective_reason(self) -> str:
        failures = [t for t in self.trials.values() if t.failure_reason]
        first = (
            f"; the first failure ({failures[0].name}): {failures[0].failure_reason}"
            if failures
            else ""
        )
        return (
            f"ClientError: none of the {len(self.trials)} training jobs produced the objective "
            f"metric {self.setup.objective.name}{first}"
        )

    def next_wakeup(self, now: datetime) -> float | None:
        """Seconds until ``MaxRuntimeInSeconds`` runs out, when it is set."""
        limit = self.config.max_runtime_seconds
        if not limit or self.no_more_trials:
            return None
        return max(0.0, limit - (now - self.started_at).total_seconds())

    # -- documents ------------------------------------------------------------------------

    def summaries(self) -> list[dict[str, JSON]]:
        """HyperParameterTrainingJobSummary of every trial, best first."""
        summaries = [
            trial_summary(t, self.setup.name, self.setup.objective.name, self.config.objective_type)
            for t in self.trials.values()
        ]
        return best_first(summaries, self.config.maximize)

    def document(self, now: datetime) -> dict[str, JSON]:
        """DescribeHyperParameterTuningJob merged with the trials' summaries."""
        request = self.setup.request
        summaries = self.summaries()
        overall = None
        if self.setup.warm.identical:
            overall = best_of([*summaries, *self.setup.warm.summaries], self.config.maximize)
        return without_none(
            {
                "HyperParameterTuningJobName": self.setup.name,
                "HyperParameterTuningJobArn": self.setup.arn,
                "HyperParameterTuningJobConfig": request.get("HyperParameterTuningJobConfig"),
                "TrainingJobDefinition": request.get("TrainingJobDefinition"),
                "TrainingJobDefinitions": request.get("TrainingJobDefinitions"),
                "HyperParameterTuningJobStatus": self.status,
                "CreationTime": self.started_at.isoformat(),
                "HyperParameterTuningEndTime": self.ended_at.isoformat() if self.ended_at else None,
                "LastModifiedTime": now.isoformat(),
                "TrainingJobStatusCounters": status_counters(self.trials.values()),
                "ObjectiveStatusCounters": objective_counters(summaries),
                "BestTrainingJob": best_of(summaries, self.config.maximize),
                "OverallBestTrainingJob": overall,
                "WarmStartConfig": request.get("WarmStartConfig"),
                "FailureReason": self.failure_reason or None,
                "ConsumedResources": {
                    "RuntimeInSeconds": int((now - self.started_at).total_seconds())
                },
                "TrainingJobSummaries": summaries,
            }
        )

    def _say(self, message: str) -> None:
        # Replayed events rebuild the state without repeating the log they once wrote.
        if self.live:
            self.messages.append(message)


def _starts(decisions: list[Decision]) -> int:
    return sum(isinstance(d, StartUnit) for d in decisions)


def _final_value(properties: dict[str, JSON], metric: str, values: list[float]) -> float | None:
    for item in properties.get("FinalMetricDataList") or []:
        if item.get("MetricName") == metric and item.get("Value") is not None:
            return float(item["Value"])
    return values[-1] if values else None
