"""Composite steps: units decided by a pure machine, recorded and re-attached by the loop."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from dagmaker.engine.driver import Driver
from dagmaker.engine.ports import StepResult, StepWork
from dagmaker.engine.units import Decision, FinishStep, StartUnit, StopUnit
from dagmaker.records import events as ev
from dagmaker.records.fold import fold_steps
from dagmaker.records.records import ExecutionRecord
from dagmaker.records.statuses import ExecutionStatus, StepStatus
from dagmaker.storage.memory import InMemoryEventLog
from tests.engine.harness import ARN
from tests.engine.scripted import ScriptedRunner, definition, wait_until


class CountingMachine:
    """Starts ``Units`` units, ``Parallel`` at a time; succeeds once all have ended."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.total = int(config["Units"])
        self.parallel = int(config["Parallel"])
        self.script = config["UnitScript"]
        self.started: list[str] = []
        self.ended: dict[str, str] = {}
        self.stop_asked: set[str] = set()

    def apply(self, event: ev.StepEvent) -> None:
        if isinstance(event, ev.UnitStarted):
            self.started.append(event.unit)
        elif isinstance(event, ev.UnitEnded):
            self.ended[event.unit] = event.status
        elif isinstance(event, ev.UnitStopRequested):
            self.stop_asked.add(event.unit)

    def decide(self, now: datetime, stopping: bool) -> list[Decision]:
        running = [u for u in self.started if u not in self.ended]
        if stopping:
            if running:
                return [StopUnit(u, "stopping") for u in running if u not in self.stop_asked]
            return [FinishStep(stopped=True)]
        decisions: list[Decision] = []
        while len(self.started) + len(decisions) < self.total and (
            len(running) + len(decisions) < self.parallel
        ):
            unit = f"unit-{len(self.started) + len(decisions) + 1}"
            arguments = {"Environment": {"SCRIPT": json.dumps(self.script)}}
            decisions.append(StartUnit(unit, "Processing", arguments))
        if not running and not decisions and len(self.ended) == self.total:
            return [FinishStep(StepResult({"Ended": dict(sorted(self.ended.items()))}))]
        return decisions

    def next_wakeup(self, now: datetime) -> float | None:
        return None


class CountingRunner:
    """The composite runner of the ``Tuning`` type in these tests."""

    composite = True

    def __init__(self) -> None:
        self.published = 0

    def machine(self, work: StepWork) -> CountingMachine:
        return CountingMachine(work.arguments["Script"])

    def observe(self, work: StepWork, running: Sequence[str]) -> list[ev.StepEvent]:
        return []

    def publish(self, work: StepWork, machine: Any) -> None:
        self.published += 1


class Lookup:
    def __init__(self) -> None:
        self.units = ScriptedRunner()
        self.composite = CountingRunner()

    def __call__(self, step_type: str) -> Any:
        return self.composite if step_type == "Tuning" else self.units(step_type)


def _tuning(units: int, parallel: int, unit_script: dict[str, Any]) -> ExecutionRecord:
    # The composite step's own arguments are this test's machine settings, not a real
    # tuning request, so the record is made without validating the definition.
    script = {"Units": units, "Parallel": parallel, "UnitScript": unit_script}
    step = {"Name": "Tune", "Type": "Tuning", "Arguments": {"Script": script}}
    return ExecutionRecord(
        arn=ARN,
        execution_id="abc",
        pipeline_name="p",
        pipeline_arn="arn:aws:sagemaker:local:000000000000:pipeline/p",
        definition=definition(step),
        parameters={},
        created_at=datetime.now(UTC),
    )


def _driver(log: InMemoryEventLog, lookup: Lookup) -> Driver:
    return Driver(log=log, runners=lookup, read_json=lambda uri: {}, poll_interval=0.02)


def test_units_run_within_their_parallelism_and_the_step_succeeds() -> None:
    log, lookup = InMemoryEventLog(), Lookup()
    outcome = _driver(log, lookup).run(_tuning(5, 2, {"Sleep": 0.05}))
    assert outcome is not None and outcome.status == ExecutionStatus.SUCCEEDED
    events = log.load(ARN)
    started = [e for e in events if isinstance(e, ev.UnitStarted)]
    assert [e.unit for e in started] == [f"unit-{i}" for i in range(1, 6)]
    running, most = 0, 0
    for event in events:
        running += isinstance(event, ev.UnitStarted) - isinstance(event, ev.UnitEnded)
        most = max(most, running)
    assert most == 2
    view = fold_steps(events)["Tune"]
    assert view.status == StepStatus.SUCCEEDED
    assert view.properties["Ended"] == {f"unit-{i}": "Completed" for i in range(1, 6)}
    assert lookup.composite.published >= 5


def test_stopping_the_execution_stops_the_units_then_the_step() -> None:
    log, lookup = InMemoryEventLog(), Lookup()
    rec = _tuning(4, 2, {"Sleep": 30})
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(_driver(log, lookup).run(rec)))
    thread.start()
    wait_until(lambda: sum(isinstance(e, ev.UnitStarted) for e in log.load(ARN)) == 2)
    log.append(ARN, [ev.StopRequested(datetime.now().astimezone())])
    thread.join(10)
    assert result[0].status == ExecutionStatus.STOPPED
    ended = [e.status for e in log.load(ARN) if isinstance(e, ev.UnitEnded)]
    assert ended == ["Stopped", "Stopped"]
    assert fold_steps(log.load(ARN))["Tune"].status == StepStatus.STOPPED


def test_a_restarted_loop_rebuilds_the_machine_and_reattaches_running_units() -> None:
    log, lookup = InMemoryEventLog(), Lookup()
    rec = _tuning(3, 2, {"Sleep": 0.3, "Launch": True})
    handoff = threading.Event()
    first: list[Any] = []
    thread = threading.Thread(
        target=lambda: first.append(_driver(log, lookup).run(rec, handoff)), daemon=True
    )
    thread.start()
    wait_until(lambda: sum(isinstance(e, ev.UnitLaunched) for e in log.load(ARN)) == 2)
    handoff.set()
    thread.join(10)
    assert first == [None]
    second = Lookup()
    outcome = _driver(log, second).run(rec)
    assert outcome is not None and outcome.status == ExecutionStatus.SUCCEEDED
    events = log.load(ARN)
    assert [e.unit for e in events if isinstance(e, ev.UnitStarted)] == [
        "unit-1",
        "unit-2",
        "unit-3",
    ]
    assert second.units.reattached == {"unit-1", "unit-2"}
    assert fold_steps(events)["Tune"].properties["Ended"] == {
        "unit-1": "Completed",
        "unit-2": "Completed",
        "unit-3": "Completed",
    }
