"""The schedule's state machine, event by event, rebuilt from its log after every scenario."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from dagmaker.engine.units import Decision, FinishStep, StartUnit, StopUnit
from dagmaker.records import events as ev
from dagmaker.runners.monitoring.machine import ScheduleMachine, ScheduleSetup, run_name

STEP = "sched"
EXEC = "arn:aws:sagemaker:local:000000000000:monitoring-schedule/sched/execution/x1"
T0 = datetime(2026, 3, 1, 10, 20, tzinfo=UTC)
H = timedelta(hours=1)
DEFINITION = {"MonitoringType": "DataQuality", "Name": "dq-def", "Request": {"A": 1}}


def _config(expression: str | None = "cron(0 * ? * * *)", **window: str) -> dict[str, Any]:
    config: dict[str, Any] = {"MonitoringJobDefinitionName": "dq-def"}
    if expression is not None:
        config["ScheduleConfig"] = {"ScheduleExpression": expression, **window}
    return config


class Harness:
    """A machine and its log: decisions become the events the engine would record."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.setup = ScheduleSetup("sched", "arn:sched", EXEC, T0, "ep", config, DEFINITION)
        self.machine = ScheduleMachine(self.setup)
        self.log: list[ev.StepEvent] = []

    def record(self, event: ev.StepEvent) -> None:
        self.log.append(event)
        self.machine.apply(event)

    def tick(self, now: datetime, stopping: bool = False) -> list[Decision]:
        decisions = self.machine.decide(now, stopping)
        for decision in decisions:
            if isinstance(decision, StartUnit):
                self.record(
                    ev.UnitStarted(
                        now,
                        step=STEP,
                        unit=decision.unit,
                        step_type=decision.step_type,
                        arguments=decision.arguments,
                        facts=decision.facts,
                    )
                )
            elif isinstance(decision, StopUnit):
                self.record(ev.UnitStopRequested(now, step=STEP, unit=decision.unit))
        return decisions

    def end(self, unit: str, at: datetime, status: str = "Completed", **props: Any) -> None:
        self.record(ev.UnitEnded(at, step=STEP, unit=unit, status=status, properties=props))

    def request(self, at: datetime, request: str, **details: Any) -> None:
        self.record(ev.CompositeRequest(at, step=STEP, request=request, details=details))

    def rebuilt(self) -> ScheduleMachine:
        machine = ScheduleMachine(self.setup)
        for event in self.log:
            machine.apply(event)
        return machine


def _state(machine: ScheduleMachine) -> Any:
    runs = [
        (r.job_name, r.scheduled, r.trigger, r.window, r.status, r.missed)
        for r in machine.runs.values()
    ]
    return (runs, machine.anchor, machine.stopped, machine.manual, machine.once_at, machine.version)


def _starts(decisions: list[Decision]) -> list[StartUnit]:
    return [d for d in decisions if isinstance(d, StartUnit)]


def test_an_hourly_schedule_runs_at_each_hour_with_the_previous_hour_as_window() -> None:
    h = Harness(_config())
    assert h.tick(T0) == []
    assert h.machine.next_wakeup(T0) == (40 * 60)
    eleven = T0.replace(hour=11, minute=0)
    (start,) = _starts(h.tick(eleven + timedelta(seconds=3)))
    assert start.unit == run_name(EXEC, 1, eleven)
    assert start.unit.startswith("model-monitoring-202603011100-")
    assert start.step_type == "MonitoringExecution"
    assert start.arguments["WindowStart"] == (eleven - H).isoformat()
    assert start.arguments["WindowEnd"] == eleven.isoformat()
    assert start.arguments["JobDefinition"] == DEFINITION
    assert start.arguments["EndpointName"] == "ep"
    assert h.tick(eleven + 2 * H) == []  # one run at a time
    assert h.machine.next_wakeup(eleven + 2 * H) is None
    h.end(start.unit, eleven + 2 * H, MonitoringExecutionStatus="CompletedWithViolations")
    assert h.machine.latest().status == "CompletedWithViolations"
    (late,) = _starts(h.tick(eleven + 2 * H + timedelta(minutes=1)))
    assert late.facts["ScheduledTime"] == (eleven + 2 * H).isoformat()
    assert late.facts["Missed"] == 1
    assert _state(h.rebuilt()) == _state(h.machine)


def test_run_statuses_follow_the_units() -> None:
    h = Harness(_config())
    first = _starts(h.tick(T0 + H))[0].unit
    assert h.machine.runs[first].status == "InProgress"
    h.record(ev.UnitLaunched(T0 + H, step=STEP, unit=first, handle={"pid": 1}))
    h.record(ev.UnitEnded(T0 + H, step=STEP, unit=first, status="Failed", reason="no data"))
    run = h.machine.runs[first]
    assert (run.status, run.failure_reason) == ("Failed", "no data")
    assert [r.job_name for r in h.machine.take_changed()] == [first]
    assert h.machine.take_changed() == []
    second = _starts(h.tick(T0 + 2 * H))[0].unit
    h.end(second, T0 + 2 * H)
    assert h.machine.runs[second].status == "Completed"
    assert _state(h.rebuilt()) == _state(h.machine)


def test_stopped_schedules_skip_their_run_times_and_start_again_from_the_start() -> None:
    h = Harness(_config())
    h.request(T0 + timedelta(minutes=5), "stop")
    assert h.machine.status == "Stopped"
    assert h.tick(T0 + 5 * H) == []
    assert h.machine.next_wakeup(T0 + 5 * H) is None
    restart = T0 + 5 * H + timedelta(minutes=10)
    h.request(restart, "start")
    assert h.machine.status == "Scheduled"
    assert h.tick(restart + timedelta(minutes=1)) == []
    (start,) = _starts(h.tick(restart + H))
    assert start.facts["ScheduledTime"] == T0.replace(hour=16, minute=0).isoformat()
    assert start.facts["Missed"] == 0
    assert _state(h.rebuilt()) == _state(h.machine)


def test_a_run_now_goes_first_even_when_stopped_with_the_period_before_as_window() -> None:
    h = Harness(_config())
    h.request(T0, "stop")
    asked = T0 + timedelta(minutes=7, microseconds=250)
    second = asked.replace(microsecond=0) + timedelta(seconds=1)
    h.request(asked, "run", Request=1)
    h.request(asked, "run", Request=2)
    assert h.machine.run_requests == 2
    assert h.machine.next_wakeup(asked) == 0.0
    (first,) = _starts(h.tick(asked + timedelta(seconds=1)))
    assert first.facts["Trigger"] == "Manual"
    assert first.arguments["WindowStart"] == (second - H).isoformat()
    assert first.arguments["WindowEnd"] == second.isoformat()
    h.end(first.unit, asked + timedelta(minutes=1))
    (again,) = _starts(h.tick(asked + timedelta(minutes=2)))
    assert again.unit != first.unit
    h.end(again.unit, asked + timedelta(minutes=3))
    assert h.tick(asked + 3 * H) == []
    assert _state(h.rebuilt()) == _state(h.machine)


def test_now_schedules_run_once_with_their_offsets_and_again_when_updated() -> None:
    h = Harness(_config("NOW", DataAnalysisStartTime="-PT1H", DataAnalysisEndTime="-PT0H"))
    (once,) = _starts(h.tick(T0 + timedelta(seconds=2)))
    assert once.facts["Trigger"] == "Now"
    assert once.arguments["WindowStart"] == (T0 - H).isoformat()
    assert once.arguments["WindowEnd"] == T0.isoformat()
    h.end(once.unit, T0 + timedelta(minutes=1))
    assert h.tick(T0 + 30 * H) == []
    assert h.machine.next_wakeup(T0 + 30 * H) is None
    changed = T0 + 31 * H
    config = _config("NOW", DataAnalysisStartTime="-PT3H", DataAnalysisEndTime="-PT1H")
    h.request(changed, "update", Version=2, Config=config, Definition=DEFINITION)
    (again,) = _starts(h.tick(changed))
    assert again.arguments["WindowStart"] == (changed - 3 * H).isoformat()
    assert h.machine.version == 2
    assert _state(h.rebuilt()) == _state(h.machine)


def test_an_update_takes_effect_for_the_next_run_time_after_it() -> None:
    h = Harness(_config())
    new_definition = dict(DEFINITION, Name="dq-def-2")
    h.request(
        T0 + timedelta(minutes=5),
        "update",
        Version=2,
        Config=_config("cron(0 5 ? * * *)"),
        Definition=new_definition,
    )
    assert h.tick(T0 + 5 * H) == []
    next_day = T0.replace(day=2, hour=5, minute=0)
    (start,) = _starts(h.tick(next_day))
    assert start.arguments["JobDefinition"]["Name"] == "dq-def-2"
    assert start.facts["DefinitionName"] == "dq-def-2"
    assert start.arguments["WindowStart"] == (next_day - 24 * H).isoformat()
    assert _state(h.rebuilt()) == _state(h.machine)


def test_stopping_the_execution_stops_the_running_run_then_finishes() -> None:
    h = Harness(_config())
    (start,) = _starts(h.tick(T0 + H))
    decisions = h.tick(T0 + H, stopping=True)
    assert decisions == [StopUnit(start.unit, "the monitoring schedule was deleted")]
    assert h.tick(T0 + H, stopping=True) == []
    h.end(start.unit, T0 + H, status="Stopped")
    assert h.machine.runs[start.unit].status == "Stopped"
    assert h.tick(T0 + H, stopping=True) == [FinishStep(stopped=True)]
    assert _state(h.rebuilt()) == _state(h.machine)


def test_a_rebuilt_machine_publishes_only_its_recent_runs_again() -> None:
    h = Harness(_config())
    for hour in range(1, 7):
        (start,) = _starts(h.tick(T0 + hour * H))
        h.end(start.unit, T0 + hour * H + timedelta(minutes=5))
    assert len(h.machine.take_changed()) == 6
    rebuilt = h.rebuilt()
    assert [r.job_name for r in rebuilt.take_changed()] == sorted(list(rebuilt.runs)[-3:])
    (start,) = _starts(h.tick(T0 + 7 * H))
    h.end(start.unit, T0 + 7 * H)
    assert [r.job_name for r in h.machine.take_changed()] == [start.unit]
