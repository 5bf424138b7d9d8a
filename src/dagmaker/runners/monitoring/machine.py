"""A monitoring schedule's state machine: when a run is due, and what each run was.

Events in, decisions out (`dagmaker.engine.units`): it never launches, sleeps or writes.
It learns of changes to the schedule (``CompositeRequest``: ``update``, ``stop``,
``start``, ``run``) and of its runs (``UnitStarted`` … ``UnitEnded``) from the
execution's event log, so replaying the log rebuilds it exactly; time comes in as
``now``.

Rules:

- one run at a time; a run asked for now (``run``) goes first, even on a stopped
  schedule;
- a recurring schedule runs at its first run time after it was created (or started
  again, or updated); when runs were missed (nothing drove the schedule for a while)
  only the latest missed one runs, and its facts say how many were skipped;
- a ``NOW`` schedule runs once when created or updated to ``NOW``;
- the schedule ends only when its execution is stopped (the schedule was deleted).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from dagmaker.engine.units import Decision, FinishStep, StartUnit, StopUnit
from dagmaker.records import events as ev
from dagmaker.runners.monitoring.cadence import Cadence, parse_expression
from dagmaker.runners.monitoring.windows import Offsets, Window, offsets_of, window_for

JSON = Any
UNIT_TYPE = "MonitoringExecution"
SCHEDULE, NOW, MANUAL = "Schedule", "Now", "Manual"
RECENT_RUNS = 3
_STATUS_OF_END = {"Completed": "Completed", "Failed": "Failed", "Stopped": "Stopped"}


@dataclass(frozen=True)
class ScheduleSetup:
    """What a schedule is, from its step's arguments.

    Attributes:
        name: ``MonitoringScheduleName``.
        arn: ``MonitoringScheduleArn``.
        execution_arn: The execution the schedule runs as (names its runs' jobs).
        created: ``CreationTime``: the first run is the first run time after it.
        endpoint_name: The monitored endpoint ("" for batch transform capture).
        config: The ``MonitoringScheduleConfig`` it was created with.
        definition: The job definition it runs: ``{"MonitoringType", "Name", "Request"}``.
    """

    name: str
    arn: str
    execution_arn: str
    created: datetime
    endpoint_name: str
    config: dict[str, JSON]
    definition: dict[str, JSON]


@dataclass
class Run:
    """One run of the schedule (a unit: the run's processing job)."""

    job_name: str
    scheduled: datetime
    trigger: str
    window: Window
    created: datetime
    definition_name: str
    monitoring_type: str
    status: str = "InProgress"
    failure_reason: str = ""
    properties: dict[str, JSON] = field(default_factory=dict)
    ended: datetime | None = None
    stop_asked: bool = False
    missed: int = 0

    @property
    def running(self) -> bool:
        """Whether the run has not ended yet."""
        return self.ended is None


class ScheduleMachine:
    """The runs of one monitoring schedule.

    Args:
        setup: The schedule.
    """

    def __init__(self, setup: ScheduleSetup) -> None:
        self.setup = setup
        self.version = 1
        self.config: dict[str, JSON] = {}
        self.definition: dict[str, JSON] = {}
        self.cadence = Cadence("")
        self.offsets = Offsets()
        self.anchor = setup.created
        self.stopped = False
        self.once_at: datetime | None = None
        self.manual: list[datetime] = []
        self.run_requests = 0
        self.runs: dict[str, Run] = {}
        self.changed: set[str] = set()
        self.rebuilt = True
        self._configure(setup.config, setup.definition, setup.created)

    # -- events ---------------------------------------------------------------------------

    def apply(self, event: ev.StepEvent) -> None:
        """Learn from one of the schedule step's events."""
        if isinstance(event, ev.CompositeRequest):
            self._requested(event)
        elif isinstance(event, ev.UnitStarted):
            self._started(event)
        elif isinstance(event, ev.UnitStopRequested) and event.unit in self.runs:
            self.runs[event.unit].stop_asked = True
        elif isinstance(event, ev.UnitEnded) and event.unit in self.runs:
            self._ended(self.runs[event.unit], event)

    def _requested(self, event: ev.CompositeRequest) -> None:
        details = event.details
        if event.request == "update":
            self.version = int(details.get("Version", self.version + 1))
            self._configure(details["Config"], details["Definition"], event.at)
        elif event.request == "stop":
            self.stopped = True
        elif event.request == "start" and self.stopped:
            self.stopped = False
            self.anchor = max(self.anchor, event.at)
        elif event.request == "run":
            self.run_requests = max(self.run_requests, int(details.get("Request", 0)))
            self.manual.append(_whole_second(event.at))

    def _configure(
        self, config: dict[str, JSON], definition: dict[str, JSON], at: datetime
    ) -> None:
        schedule = config.get("ScheduleConfig") or {}
        self.config = config
        self.definition = definition
        self.cadence = parse_expression(schedule.get("ScheduleExpression"))
        self.offsets = offsets_of(schedule)
        self.anchor = max(self.anchor, at)
        self.once_at = at if self.cadence.once else None

    def _started(self, event: ev.UnitStarted) -> None:
        facts = event.facts
        scheduled = datetime.fromisoformat(facts["ScheduledTime"])
        run = Run(
            job_name=event.unit,
            scheduled=scheduled,
            trigger=str(facts.get("Trigger", SCHEDULE)),
            window=Window(
                datetime.fromisoformat(facts["WindowStart"]),
                datetime.fromisoformat(facts["WindowEnd"]),
            ),
            created=event.at,
            definition_name=str(facts.get("DefinitionName", "")),
            monitoring_type=str(facts.get("MonitoringType", "")),
            missed=int(facts.get("Missed", 0)),
        )
        self.runs[event.unit] = run
        self.changed.add(event.unit)
        if run.trigger == SCHEDULE:
            self.anchor = max(self.anchor, scheduled)
        elif run.trigger == NOW:
            self.once_at = None
        elif self.manual:
            self.manual.pop(0)

    def _ended(self, run: Run, event: ev.UnitEnded) -> None:
        status = _STATUS_OF_END.get(event.status, "Failed")
        if status == "Completed":
            status = str(event.properties.get("MonitoringExecutionStatus") or "Completed")
        run.properties = dict(event.properties)
        run.failure_reason = event.reason
        run.ended = event.at
        self._mark(run, status)

    def _mark(self, run: Run, status: str) -> None:
        run.status = status
        self.changed.add(run.job_name)

    # -- decisions ------------------------------------------------------------------------

    def decide(self, now: datetime, stopping: bool) -> list[Decision]:
        """The run to start now, if any; when ``stopping``, stop the run, then finish."""
        self.rebuilt = False  # from here on, every change is new
        running = [r for r in self.runs.values() if r.running]
        if stopping:
            if running:
                return [
                    StopUnit(r.job_name, "the monitoring schedule was deleted")
                    for r in running
                    if not r.stop_asked
                ]
            return [FinishStep(stopped=True)]
        if running:
            return []
        if self.manual:
            return [self._start(self.manual[0], MANUAL)]
        if self.stopped:
            return []
        if self.once_at is not None:
            return [self._start(self.once_at, NOW)]
        due, count = self.cadence.latest_due(self.anchor, now)
        if due is not None:
            return [self._start(due, SCHEDULE, missed=count - 1)]
        return []

    def _start(self, scheduled: datetime, trigger: str, missed: int = 0) -> StartUnit:
        window = window_for(self.cadence, scheduled, self.offsets, now_run=trigger == MANUAL)
        name = run_name(self.setup.execution_arn, len(self.runs) + 1, scheduled)
        facts = {
            "ScheduledTime": scheduled.isoformat(),
            "Trigger": trigger,
            "WindowStart": window.start.isoformat(),
            "WindowEnd": window.end.isoformat(),
            "DefinitionName": str(self.definition.get("Name") or ""),
            "MonitoringType": str(self.definition.get("MonitoringType") or ""),
            "Missed": missed,
        }
        arguments = {
            "MonitoringScheduleName": self.setup.name,
            "MonitoringScheduleArn": self.setup.arn,
            "EndpointName": self.setup.endpoint_name,
            "JobDefinition": self.definition,
            **{k: facts[k] for k in ("ScheduledTime", "Trigger", "WindowStart", "WindowEnd")},
        }
        return StartUnit(name, UNIT_TYPE, arguments, facts)

    def next_wakeup(self, now: datetime) -> float | None:
        """Seconds until the next run is due (0 when one waits); None when none will be."""
        if any(r.running for r in self.runs.values()):
            return None
        if self.manual or (self.once_at is not None and not self.stopped):
            return 0.0
        if self.stopped:
            return None
        upcoming = self.cadence.next_after(self.anchor)
        return None if upcoming is None else max(0.0, (upcoming - now).total_seconds())

    # -- what the schedule shows ----------------------------------------------------------

    @property
    def status(self) -> str:
        """``MonitoringScheduleStatus``: ``Scheduled`` or ``Stopped``."""
        return "Stopped" if self.stopped else "Scheduled"

    def latest(self) -> Run | None:
        """The most recently started run."""
        return next(reversed(self.runs.values()), None)

    def take_changed(self) -> list[Run]:
        """The runs that changed since the last call (to publish their summaries).

        The first call after the machine was rebuilt from its log gives only the runs
        that may not have been published before the engine stopped (the latest ones and
        those still running), not the whole history again.
        """
        names = sorted(self.changed)
        if self.rebuilt:
            self.rebuilt = False
            recent = list(self.runs)[-RECENT_RUNS:]
            names = [n for n in names if n in recent or self.runs[n].running]
        self.changed.clear()
        return [self.runs[name] for name in names]


def _whole_second(moment: datetime) -> datetime:
    # Windows are handed to containers to the second (and captures are stamped to the
    # second): a run asked for now takes in everything captured up to that second.
    if moment.microsecond == 0:
        return moment
    return moment.replace(microsecond=0) + timedelta(seconds=1)


def run_name(execution_arn: str, index: int, scheduled: datetime) -> str:
    """The processing job name of a run: ``model-monitoring-<yyyyMMddHHmm>-<8 hex>``."""
    digest = hashlib.sha256(f"{execution_arn}/{index}".encode()).hexdigest()[:8]
    return f"model-monitoring-{scheduled:%Y%m%d%H%M}-{digest}"
