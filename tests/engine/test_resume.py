"""Resuming a log cut short between ``StepStarted`` (or ``UnitStarted``) and the launch.

Jobs run only once their handle is recorded, so a step or unit whose launch is not in the
log never ran: the resumed loop runs it now, as the same attempt and under the same job
name, instead of failing it and leaving its job's record behind.
"""

from __future__ import annotations

from datetime import UTC, datetime

from dagmaker.records import events as ev
from dagmaker.records.statuses import ExecutionStatus, StepStatus
from dagmaker.storage.memory import InMemoryEventLog
from tests.engine.harness import ARN, drive
from tests.engine.scripted import definition, step
from tests.engine.test_composite import Lookup, _driver, _tuning


def _at() -> datetime:
    return datetime(2025, 1, 1, tzinfo=UTC)


def test_a_step_started_but_never_launched_runs_as_the_same_attempt() -> None:
    log = InMemoryEventLog()
    log.append(
        ARN,
        [
            ev.ExecutionStarted(_at()),
            ev.StepStarted(_at(), step="A", attempt=1, job_name="job-a"),
        ],
    )

    ran = drive(definition(step("A", {"Launch": True}), step("B", DependsOn=["A"])), log=log)

    assert ran.outcome.status == ExecutionStatus.SUCCEEDED
    a = [e for e in ran.events if isinstance(e, ev.StepEvent) and e.step == "A"]
    assert [e.kind for e in a] == ["StepStarted", "JobLaunched", "StepSucceeded"]
    assert ran.steps["A"].attempts == 1
    assert ran.steps["A"].properties["ProcessingJobName"] == "job-a"
    assert ran.runner.attempts["A"] == 1 and not ran.runner.reattached
    assert ran.steps["B"].status == StepStatus.SUCCEEDED


def test_a_unit_started_but_never_launched_runs_instead_of_failing() -> None:
    log, lookup = InMemoryEventLog(), Lookup()
    record = _tuning(2, 2, {"Launch": True})
    log.append(
        ARN,
        [
            ev.ExecutionStarted(_at()),
            ev.StepStarted(_at(), step="Tune", attempt=1, job_name="tune"),
            ev.UnitStarted(_at(), step="Tune", unit="unit-1", step_type="Processing"),
            ev.UnitStarted(_at(), step="Tune", unit="unit-2", step_type="Processing"),
            ev.UnitLaunched(_at(), step="Tune", unit="unit-2", handle={"scripted": "unit-2"}),
        ],
    )

    outcome = _driver(log, lookup).run(record)

    assert outcome is not None and outcome.status == ExecutionStatus.SUCCEEDED
    events = log.load(ARN)
    assert [e.unit for e in events if isinstance(e, ev.UnitStarted)] == ["unit-1", "unit-2"]
    ended = {e.unit: e.status for e in events if isinstance(e, ev.UnitEnded)}
    assert ended == {"unit-1": "Completed", "unit-2": "Completed"}
    assert lookup.units.reattached == {"unit-2"}
    assert lookup.units.attempts == {"unit-1": 1, "unit-2": 1}
