"""Tuning steps and jobs (CreateHyperParameterTuningJob): a composite step.

A tuning job runs up to ``MaxNumberOfTrainingJobs`` real training jobs (trials), at most
``MaxParallelTrainingJobs`` at a time, with hyperparameters proposed by the search. Which
trials start and stop is decided by the pure `TuningMachine`; the engine's loop launches
each trial through the training runner, records everything in the execution's event log
and re-attaches to running trials after a restart — the same road as every other step.

This runner does the I/O around the machine: it reads warm-start parents, follows the
trials' logs for intermediate objective values (early stopping), and publishes the tuning
job's Describe document and log. The step's properties are
DescribeHyperParameterTuningJob merged with ListTrainingJobsForHyperParameterTuningJob
(``TrainingJobSummaries``, best first).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from dagmaker.engine.ports import StepWork
from dagmaker.errors import DagmakerError, JobFailure, NotFound
from dagmaker.records import events as ev
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import JobStatus
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import now
from dagmaker.runners.tuning_config import parse_request
from dagmaker.runners.tuning_machine import TuningMachine, TuningSetup
from dagmaker.runners.tuning_objective import LogFollower, objective_for
from dagmaker.runners.tuning_trials import Trial
from dagmaker.runners.tuning_warm_start import load_warm_start
from dagmaker.runners.workspace import log_dir

KIND = "HyperParameterTuning"


class TuningRunner:
    """Runs a CreateHyperParameterTuningJob request as a series of local training jobs."""

    composite = True

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context
        self.followers: dict[str, LogFollower] = {}
        self.setups: dict[str, TuningSetup] = {}
        self.written: dict[str, int] = {}

    def machine(self, work: StepWork) -> TuningMachine:
        """A fresh machine for the job.

        Raises:
            JobFailure: for a request that cannot run (bad ranges, no objective regex).
        """
        try:
            config = parse_request(work.arguments)
            objective = objective_for(config.objective_metric, config.definition, self.ctx.images)
        except DagmakerError as error:
            raise JobFailure(f"ClientError: {error}") from None
        warm = load_warm_start(self.ctx.jobs, work.arguments, config, KIND)
        setup = TuningSetup(work.job_name, work.arguments, config, objective, warm)
        self.setups[work.job_name] = setup
        self.written[work.job_name] = 0
        return TuningMachine(setup, datetime.now(UTC))

    def observe(self, work: StepWork, running: Sequence[str]) -> list[ev.StepEvent]:
        """New objective values in the running trials' logs (for early stopping only)."""
        setup = self.setups[work.job_name]
        if setup.config.strategy != "Hyperband" and not setup.config.early_stopping:
            return []
        events: list[ev.StepEvent] = []
        for unit in running:
            follower = self.followers.get(unit)
            if follower is None:
                follower = self.followers[unit] = LogFollower(log_dir(self.ctx.jobs_root, unit))
            lines, _restarted = follower.new_lines()
            values = setup.objective.values(lines)
            if values:
                events.append(
                    ev.UnitProgress(
                        datetime.now(UTC),
                        step=work.step.name,
                        attempt=work.attempt,
                        unit=unit,
                        values=values,
                    )
                )
        return events

    def publish(self, work: StepWork, machine: Any) -> None:
        """Write the tuning job's document and the new lines of its log."""
        assert isinstance(machine, TuningMachine)
        for trial in machine.failed_for_objective:
            self._mark_failed(trial)
        machine.failed_for_objective.clear()
        self.ctx.jobs.put(
            JobRecord(
                name=work.job_name,
                kind=KIND,
                arn=machine.setup.arn,
                status=JobStatus(machine.status),
                describe=machine.document(datetime.now(UTC)),
                execution_arn=work.execution.arn,
                step_name=work.step.name,
            )
        )
        self._log(work.job_name, machine.messages)

    def _mark_failed(self, trial: Trial) -> None:
        """Record a trial the tuning job failed (the training job itself had not)."""
        with contextlib.suppress(NotFound):
            record = self.ctx.jobs.get(trial.name, "Training")
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

    def _log(self, job_name: str, messages: list[str]) -> None:
        start = self.written.get(job_name, 0)
        if start >= len(messages):
            return
        path = log_dir(self.ctx.jobs_root, job_name) / "stdout.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        with path.open("a", encoding="utf-8") as handle:
            for message in messages[start:]:
                handle.write(f"[{stamp}] {message}\n")
        self.written[job_name] = len(messages)
