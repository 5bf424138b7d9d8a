"""The tuning job's pure state machine, event by event, rebuilt from its log after each scenario."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from dagmaker.engine.units import Decision, FinishStep, StartUnit, StopUnit
from dagmaker.records import events as ev
from dagmaker.runners.tuning_config import parse_request
from dagmaker.runners.tuning_machine import TuningMachine, TuningSetup
from dagmaker.runners.tuning_objective import Objective
from dagmaker.runners.tuning_warm_start import WarmStart
from tests.runners.tuning.requests import X_RANGE, tuning_request

T0 = datetime(2026, 1, 1, tzinfo=UTC)
OBJECTIVE = Objective("validation:loss", r"validation-loss: ([0-9.]+)", "from MetricDefinitions")


def _machine(request: dict[str, Any], created: datetime = T0) -> TuningMachine:
    setup = TuningSetup("tune", request, parse_request(request), OBJECTIVE, WarmStart())
    return TuningMachine(setup, created)


class Log:
    """Records decisions as the engine would, and feeds them back to the machine."""

    def __init__(self, machine: TuningMachine) -> None:
        self.machine = machine
        self.events: list[ev.StepEvent] = []
        self.now = T0

    def record(self, event: ev.StepEvent) -> None:
        self.events.append(event)
        self.machine.apply(event)

    def decide(self, stopping: bool = False) -> list[Decision]:
        decisions = self.machine.decide(self.now, stopping)
        for decision in decisions:
            if isinstance(decision, StartUnit):
                self.record(
                    ev.UnitStarted(
                        self.now,
                        step="Tune",
                        unit=decision.unit,
                        step_type=decision.step_type,
                        arguments=decision.arguments,
                        facts=decision.facts,
                    )
                )
            elif isinstance(decision, StopUnit):
                self.record(ev.UnitStopRequested(self.now, step="Tune", unit=decision.unit))
        return decisions

    def end(self, unit: str, loss: float | None, status: str = "Completed") -> None:
        metrics = [] if loss is None else [{"MetricName": "validation:loss", "Value": loss}]
        self.record(
            ev.UnitEnded(
                self.now,
                step="Tune",
                unit=unit,
                status=status,
                properties={"FinalMetricDataList": metrics},
            )
        )


def _rebuilt(log: Log, request: dict[str, Any]) -> TuningMachine:
    again = _machine(request, created=log.now + timedelta(seconds=1))
    for event in log.events:
        again.apply(event)
    return again


def _units(decisions: list[Decision]) -> list[StartUnit]:
    return [d for d in decisions if isinstance(d, StartUnit)]


def test_trials_start_within_the_parallel_limit_and_the_best_wins() -> None:
    request = tuning_request(X_RANGE, jobs=3, parallel=2)
    log = Log(_machine(request))
    first = _units(log.decide())
    assert len(first) == 2 and all(d.step_type == "Training" for d in first)
    assert first[0].arguments["TrainingJobName"] == first[0].unit
    assert "x" in first[0].arguments["HyperParameters"]
    assert log.decide() == []  # both slots busy
    log.end(first[0].unit, 0.5)
    third = _units(log.decide())
    assert len(third) == 1 and third[0].facts["Index"] == 3
    log.end(first[1].unit, 0.2)
    log.end(third[0].unit, 0.9)
    (finish,) = log.decide()
    assert isinstance(finish, FinishStep) and finish.result is not None
    document = finish.result.properties
    assert document["BestTrainingJob"]["TrainingJobName"] == first[1].unit
    assert [s["TrainingJobName"] for s in document["TrainingJobSummaries"]] == [
        first[1].unit,
        first[0].unit,
        third[0].unit,
    ]
    again = _rebuilt(log, request)
    assert again.summaries() == log.machine.summaries()


def test_a_trial_without_the_objective_fails_and_so_does_a_job_without_any() -> None:
    request = tuning_request(X_RANGE, jobs=1, parallel=1)
    log = Log(_machine(request))
    (start,) = _units(log.decide())
    log.end(start.unit, None)
    assert log.machine.trials[start.unit].status == "Failed"
    assert "never appeared in the job's log" in log.machine.trials[start.unit].failure_reason
    (finish,) = log.decide()
    assert isinstance(finish, FinishStep) and "none of the 1 training jobs" in finish.failure


def test_stopping_stops_running_trials_before_finishing() -> None:
    request = tuning_request(X_RANGE, jobs=4, parallel=2)
    log = Log(_machine(request))
    started = _units(log.decide())
    stops = log.decide(stopping=True)
    assert {d.unit for d in stops if isinstance(d, StopUnit)} == {s.unit for s in started}
    assert log.decide(stopping=True) == []  # asked once; still waiting for both
    log.end(started[0].unit, None, status="Stopped")
    log.end(started[1].unit, None, status="Stopped")
    (finish,) = log.decide(stopping=True)
    assert isinstance(finish, FinishStep) and finish.stopped
    assert _rebuilt(log, request).decide(T0, stopping=True) == [FinishStep(stopped=True)]


def test_the_runtime_limit_stops_trials_and_starts_no_more() -> None:
    request = tuning_request(
        X_RANGE, jobs=5, parallel=1, ResourceLimits={"MaxRuntimeInSeconds": 60}
    )
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] = 5
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] = 1
    log = Log(_machine(request))
    (start,) = _units(log.decide())
    assert log.machine.next_wakeup(T0) == 60
    log.now = T0 + timedelta(seconds=61)
    (stop,) = log.decide()
    assert isinstance(stop, StopUnit) and stop.unit == start.unit
    log.end(start.unit, 0.4, status="Stopped")
    assert log.machine.no_more_trials == "ResourceLimits.MaxRuntimeInSeconds was reached"
    (finish,) = log.decide()
    assert isinstance(finish, FinishStep)


def test_a_rebuilt_machine_proposes_what_the_first_one_did() -> None:
    request = tuning_request(X_RANGE, jobs=2, parallel=1)
    log = Log(_machine(request))
    (first,) = _units(log.decide())
    log.end(first.unit, 0.3)
    again = _rebuilt(log, request)
    assert again.trials[first.unit].tuned == log.machine.trials[first.unit].tuned
    assert again.objectives_in_order == [0.3]
    assert len(again.search.finished()) == 1
    (second,) = _units(again.decide(log.now, False))
    assert second.facts["Index"] == 2
    assert any("Resumed after an engine restart with 1 earlier trial" in m for m in again.messages)
