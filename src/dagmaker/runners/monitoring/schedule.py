"""Monitoring schedules as composite steps: the I/O around `ScheduleMachine`.

A schedule's execution has one step of type ``MonitoringSchedule`` whose arguments say
what the schedule was created as. While the engine drives it, this runner

- turns what clients asked of the schedule since (the schedules table: a new
  configuration, stop or start, runs asked for now) into ``CompositeRequest`` events,
  which the loop records before the machine acts on them;
- publishes what the machine knows: the schedule's status and last run, and every run's
  ``MonitoringExecutionSummary``.

Deleting a schedule stops its execution: the machine stops a run in progress, then the
step ends.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from dagmaker.engine.ports import Clock, StepWork, SystemClock
from dagmaker.errors import DagmakerError, JobFailure, NotFound
from dagmaker.records import events as ev
from dagmaker.records.monitoring import STOPPED, MonitoringRunRecord, ScheduleRecord
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import job_arn
from dagmaker.runners.monitoring.machine import Run, ScheduleMachine, ScheduleSetup

JSON = Any
# How often a schedule's requests are read while its engine waits.
OBSERVE_SECONDS = 0.25


class ScheduleRunner:
    """The composite runner of ``MonitoringSchedule`` steps.

    Args:
        context: The runners' services (the schedules table, the jobs table).
        clock: Time source of the requests it records (tests inject one).
    """

    composite = True

    def __init__(self, context: RunnerContext, clock: Clock | None = None) -> None:
        self.ctx = context
        self.clock = clock or SystemClock()
        self.machines: dict[str, ScheduleMachine] = {}
        self.read_at: dict[str, float] = {}

    def machine(self, work: StepWork) -> ScheduleMachine:
        """A machine for the schedule the step's arguments describe.

        Raises:
            JobFailure: when the arguments cannot make a schedule.
        """
        args = work.arguments
        try:
            setup = ScheduleSetup(
                name=str(args["MonitoringScheduleName"]),
                arn=str(args["MonitoringScheduleArn"]),
                execution_arn=work.execution.arn,
                created=datetime.fromisoformat(args["CreationTime"]),
                endpoint_name=str(args.get("EndpointName") or ""),
                config=dict(args["MonitoringScheduleConfig"]),
                definition=dict(args["JobDefinition"]),
            )
            machine = ScheduleMachine(setup)
        except (KeyError, TypeError, ValueError, DagmakerError) as error:
            raise JobFailure(f"ClientError: the schedule cannot run: {error}") from None
        self.machines[work.execution.arn] = machine
        return machine

    def observe(self, work: StepWork, running: Sequence[str]) -> list[ev.StepEvent]:
        """What clients asked of the schedule since the machine last heard."""
        machine = self.machines.get(work.execution.arn)
        if machine is None or self.ctx.schedules is None or not self._due(work):
            return []
        try:
            record = self.ctx.schedules.get(machine.setup.name)
        except NotFound:
            return []  # deleted: the execution is being stopped
        if record.execution_arn != work.execution.arn:
            return []  # a new schedule of the same name runs as another execution
        return self._requests(work, machine, record)

    def _due(self, work: StepWork) -> bool:
        now = time.monotonic()
        if now - self.read_at.get(work.execution.arn, 0.0) < OBSERVE_SECONDS:
            return False
        self.read_at[work.execution.arn] = now
        return True

    def _requests(
        self, work: StepWork, machine: ScheduleMachine, record: ScheduleRecord
    ) -> list[ev.StepEvent]:
        at = self.clock.now()
        events: list[ev.StepEvent] = []

        def request(name: str, **details: JSON) -> None:
            events.append(
                ev.CompositeRequest(
                    at, step=work.step.name, attempt=work.attempt, request=name, details=details
                )
            )

        if record.config_version > machine.version:
            request(
                "update",
                Version=record.config_version,
                Config=record.config,
                Definition=record.definition,
            )
        if (record.wanted == STOPPED) != machine.stopped:
            request("stop" if record.wanted == STOPPED else "start")
        for number in range(machine.run_requests + 1, record.run_requests + 1):
            request("run", Request=number)
        return events

    def publish(self, work: StepWork, machine: Any) -> None:
        """Report the schedule's status and last run, and the runs that changed."""
        assert isinstance(machine, ScheduleMachine)
        schedules = self.ctx.schedules
        if schedules is None:
            return
        for run in machine.take_changed():
            schedules.put_run(self._run_record(machine, run))
        latest = machine.latest()
        summary = self.summary(machine, latest) if latest is not None else None
        schedules.report(work.execution.arn, machine.status, machine.version, summary)

    def _run_record(self, machine: ScheduleMachine, run: Run) -> MonitoringRunRecord:
        return MonitoringRunRecord(
            schedule_name=machine.setup.name,
            execution_arn=machine.setup.execution_arn,
            job_name=run.job_name,
            scheduled_time=run.scheduled,
            status=run.status,
            summary=self.summary(machine, run),
            created_at=run.created,
        )

    def summary(self, machine: ScheduleMachine, run: Run) -> dict[str, JSON]:
        """The run's ``MonitoringExecutionSummary`` (times as ISO strings)."""
        summary: dict[str, JSON] = {
            "MonitoringScheduleName": machine.setup.name,
            "ScheduledTime": run.scheduled.isoformat(),
            "CreationTime": run.created.isoformat(),
            "LastModifiedTime": (run.ended or run.created).isoformat(),
            "MonitoringExecutionStatus": run.status,
        }
        if self._has_job(run.job_name):
            summary["ProcessingJobArn"] = job_arn("processing-job", run.job_name)
        if machine.setup.endpoint_name:
            summary["EndpointName"] = machine.setup.endpoint_name
        if run.failure_reason:
            summary["FailureReason"] = run.failure_reason
        if run.definition_name:
            summary["MonitoringJobDefinitionName"] = run.definition_name
        if run.monitoring_type:
            summary["MonitoringType"] = run.monitoring_type
        return summary

    def _has_job(self, name: str) -> bool:
        try:
            self.ctx.jobs.get(name, "Processing")
        except NotFound:
            return False
        return True
