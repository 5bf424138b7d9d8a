"""The scheduler state machine, event by event.

Each test applies events and asserts what the scheduler answers: ``ready()``, ``to_skip()``,
``next_wakeup()`` and ``outcome()``. Every scenario ends by rebuilding a scheduler from the
recorded events and checking it is in exactly the same state as the live one.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dagmaker.definition import codec, graph
from dagmaker.engine.scheduler import GENERIC_FAILURE, Outcome, Scheduler, SchedulerError, rebuild
from dagmaker.records import events as ev
from dagmaker.records.statuses import ExecutionStatus, StepStatus

T0 = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


# -- definitions ---------------------------------------------------------------------------


def proc(name: str, deps: tuple[str, ...] = (), uses: tuple[str, ...] = ()) -> dict[str, Any]:
    env = {f"U{i}": {"Get": f"Steps.{u}.ProcessingJobName"} for i, u in enumerate(uses)}
    step: dict[str, Any] = {
        "Name": name,
        "Type": "Processing",
        "Arguments": {"AppSpecification": {}, "ProcessingResources": {}, "Environment": env},
    }
    if deps:
        step["DependsOn"] = list(deps)
    return step


def fail(name: str) -> dict[str, Any]:
    return {"Name": name, "Type": "Fail", "Arguments": {"ErrorMessage": "stop"}}


def cond(
    name: str,
    if_steps: list[dict[str, Any]],
    else_steps: list[dict[str, Any]],
    deps: tuple[str, ...] = (),
) -> dict[str, Any]:
    step: dict[str, Any] = {
        "Name": name,
        "Type": "Condition",
        "Arguments": {
            "Conditions": [{"Type": "Equals", "LeftValue": 1, "RightValue": 1}],
            "IfSteps": if_steps,
            "ElseSteps": else_steps,
        },
    }
    if deps:
        step["DependsOn"] = list(deps)
    return step


class Run:
    """A live scheduler plus the events applied to it, for the rebuild check."""

    def __init__(
        self,
        *steps: dict[str, Any],
        parallelism: int | None = None,
        selected: set[str] | None = None,
    ) -> None:
        definition, issues = codec.decode(
            {"Version": "2020-12-01", "Parameters": [], "Steps": list(steps)}
        )
        assert issues == []
        self.graph = graph.build(definition)
        self.types = {name: step.type for name, step in definition.steps.items()}
        self.parallelism = parallelism
        self.selected = selected
        self.scheduler = Scheduler(self.graph, self.types, parallelism, selected)
        self.events: list[ev.Event] = []

    def fresh(self) -> Run:
        """The same graph and settings, with no events applied yet."""
        clone = copy.copy(self)
        clone.scheduler = Scheduler(self.graph, self.types, self.parallelism, self.selected)
        clone.events = []
        return clone

    def apply(self, *events: ev.Event) -> Run:
        for event in events:
            self.scheduler.apply(event)
            self.events.append(event)
        return self

    # Shorthands for the events the driver emits.
    def start(self, *names: str, t: float = 0, attempt: int = 1) -> Run:
        return self.apply(*(ev.StepStarted(at(t), step=n, attempt=attempt) for n in names))

    def succeed(self, *names: str, t: float = 0, **properties: Any) -> Run:
        return self.apply(*(ev.StepSucceeded(at(t), step=n, properties=properties) for n in names))

    def run(self, *names: str, t: float = 0) -> Run:
        return self.start(*names, t=t).succeed(*names, t=t)

    def decide(self, name: str, outcome: bool, t: float = 0) -> Run:
        return self.start(name, t=t).succeed(name, t=t, Outcome=outcome)

    def fail(self, name: str, t: float = 0, reason: str = "boom", kind: str = "") -> Run:
        return self.apply(ev.StepFailed(at(t), step=name, reason=reason, failure_kind=kind))

    def schedule_retry(self, name: str, t: float, delay: float, attempt: int = 1) -> Run:
        self.fail(name, t=t, kind="Step.SERVICE_FAULT")
        return self.apply(
            ev.StepRetryScheduled(at(t), step=name, attempt=attempt, delay_seconds=delay)
        )

    def skips(self) -> list[tuple[str, str]]:
        """Apply StepSkipped until nothing more is skippable, as the driver does."""
        applied: list[tuple[str, str]] = []
        while found := self.scheduler.to_skip():
            for name, reason in found:
                self.apply(ev.StepSkipped(at(0), step=name, reason=reason))
            applied += found
        return applied

    def ready(self, t: float = 0) -> list[str]:
        return self.scheduler.ready(at(t))

    def state(self, name: str) -> StepStatus:
        return self.scheduler.states[name]

    def outcome(self) -> Outcome | None:
        return self.scheduler.outcome()

    def assert_rebuild_matches(self, t: float = 0) -> None:
        rebuilt = rebuild(self.graph, self.types, self.events, self.parallelism, self.selected)
        assert _snapshot(rebuilt, t) == _snapshot(self.scheduler, t)


def _snapshot(scheduler: Scheduler, t: float) -> dict[str, Any]:
    return {
        "states": dict(scheduler.states),
        "retry_at": dict(scheduler.retry_at),
        "outcomes": dict(scheduler.outcomes),
        "failures": dict(scheduler.failures),
        "fail_step_reason": scheduler.fail_step_reason,
        "stop_requested": scheduler.stop_requested,
        "ready": scheduler.ready(at(t)),
        "to_skip": scheduler.to_skip(),
        "next_wakeup": scheduler.next_wakeup(at(t)),
        "outcome": scheduler.outcome(),
        "running": scheduler.running(),
        "unfinished": scheduler.unfinished(),
    }


SUCCEEDED = Outcome(ExecutionStatus.SUCCEEDED)
STOPPED = Outcome(ExecutionStatus.STOPPED)


# -- ordering ------------------------------------------------------------------------------


def test_chain_step_by_step() -> None:
    run = Run(proc("A"), proc("B", deps=("A",)), proc("C", uses=("B",)))
    assert run.ready() == ["A"]
    assert run.outcome() is None
    run.start("A")
    assert run.ready() == []
    assert run.scheduler.running() == {"A"}
    assert run.outcome() is None
    run.succeed("A")
    assert run.ready() == ["B"]
    run.run("B")
    assert run.ready() == ["C"]
    run.run("C")
    assert run.ready() == []
    assert run.scheduler.unfinished() == set()
    assert run.outcome() == SUCCEEDED
    run.assert_rebuild_matches()


def test_fan_out_is_ready_together_in_name_order_and_fan_in_waits_for_all() -> None:
    run = Run(
        proc("Start"),
        proc("W2", deps=("Start",)),
        proc("W1", deps=("Start",)),
        proc("W3", uses=("Start",)),
        proc("End", deps=("W1", "W2", "W3")),
    )
    run.run("Start")
    assert run.ready() == ["W1", "W2", "W3"]
    run.start("W1", "W2", "W3").succeed("W1", "W3")
    assert run.ready() == []
    run.succeed("W2")
    assert run.ready() == ["End"]
    run.assert_rebuild_matches()


def test_independent_roots_are_ready_at_once() -> None:
    run = Run(proc("B"), proc("A"), proc("C", deps=("A",)))
    assert run.ready() == ["A", "B"]


def test_parallelism_cap() -> None:
    run = Run(*(proc(f"W{i}") for i in range(5)), parallelism=2)
    assert run.ready() == ["W0", "W1"]
    run.start("W0", "W1")
    assert run.ready() == []
    run.succeed("W0")
    assert run.ready() == ["W2"]
    run.start("W2").succeed("W1", "W2")
    assert run.ready() == ["W3", "W4"]
    run.assert_rebuild_matches()


def test_parallelism_of_one_serialises() -> None:
    run = Run(proc("A"), proc("B"), parallelism=1)
    assert run.ready() == ["A"]
    run.start("A")
    assert run.ready() == []
    run.succeed("A")
    assert run.ready() == ["B"]


def test_callback_and_job_facts_do_not_move_a_running_step() -> None:
    run = Run(proc("A"))
    run.start("A").apply(
        ev.JobLaunched(at(1), step="A", handle={"pid": 1}),
        ev.CallbackWaiting(at(2), step="A", token="t"),
        ev.StepCacheMiss(at(2), step="A", explanation="new"),
    )
    assert run.state("A") == StepStatus.EXECUTING
    assert run.outcome() is None
    run.assert_rebuild_matches()


def test_cache_hit_counts_as_success() -> None:
    run = Run(proc("A"), proc("B", uses=("A",)))
    run.apply(ev.StepCacheHit(at(0), step="A", source_execution_arn="arn:old"))
    assert run.state("A") == StepStatus.SUCCEEDED
    assert run.ready() == ["B"]


def test_event_for_an_unknown_step_is_a_bug() -> None:
    run = Run(proc("A"))
    with pytest.raises(SchedulerError, match="event for unknown step 'Ghost'"):
        run.apply(ev.StepStarted(at(0), step="Ghost"))


# -- retries -------------------------------------------------------------------------------


def test_retry_waits_until_its_time() -> None:
    run = Run(proc("A"), proc("B", deps=("A",)))
    run.start("A", t=0)
    run.fail("A", t=5, kind="Step.SERVICE_FAULT")
    assert run.scheduler.failing()
    assert run.ready(t=5) == []
    run.apply(ev.StepRetryScheduled(at(5), step="A", delay_seconds=30))
    assert run.state("A") == StepStatus.WAITING_FOR_RETRY
    assert not run.scheduler.failing()
    assert run.scheduler.retry_at == {"A": at(35)}
    assert run.ready(t=10) == []
    assert run.scheduler.next_wakeup(at(10)) == 25.0
    assert run.outcome() is None
    assert run.ready(t=35) == ["A"]
    assert run.scheduler.next_wakeup(at(50)) == 0.0
    run.assert_rebuild_matches(t=20)
    run.start("A", t=35, attempt=2)
    assert run.scheduler.retry_at == {}
    assert run.scheduler.next_wakeup(at(35)) is None
    run.succeed("A", t=40)
    assert run.ready(t=40) == ["B"]
    run.assert_rebuild_matches(t=40)


def test_next_wakeup_is_the_earliest_retry() -> None:
    run = Run(proc("A"), proc("B"), proc("C"))
    run.start("A", "B", "C")
    run.schedule_retry("A", t=0, delay=60).schedule_retry("B", t=10, delay=20)
    assert run.scheduler.next_wakeup(at(10)) == 20.0
    assert run.ready(t=10) == []
    assert run.ready(t=30) == ["B"]
    assert run.ready(t=60) == ["A", "B"]
    assert run.scheduler.next_wakeup(at(0)) == 30.0
    run.assert_rebuild_matches(t=15)


def test_retries_due_count_against_the_parallelism_cap() -> None:
    run = Run(proc("A"), proc("B"), proc("C"), parallelism=2)
    run.start("A", "B").schedule_retry("A", t=0, delay=1)
    assert run.ready(t=5) == ["C"]
    run.start("C", t=5)
    assert run.ready(t=5) == []
    run.succeed("B", t=6)
    assert run.ready(t=6) == ["A"]
    run.assert_rebuild_matches(t=6)


def test_no_wakeup_without_retries() -> None:
    run = Run(proc("A"))
    assert run.scheduler.next_wakeup(at(0)) is None


# -- failure and stop ----------------------------------------------------------------------


def test_failure_stops_new_starts_but_the_outcome_waits_for_running_steps() -> None:
    run = Run(proc("A"), proc("B"), proc("C"), proc("After", deps=("A",)))
    run.start("A", "B")
    run.fail("A", t=1, reason="script exited 1")
    assert run.scheduler.failing()
    assert run.ready(t=1) == []
    assert run.outcome() is None
    run.succeed("B", t=2)
    assert run.outcome() == Outcome(ExecutionStatus.FAILED, GENERIC_FAILURE)
    assert run.state("C") == StepStatus.PENDING
    assert run.scheduler.unfinished() == {"C", "After"}
    run.assert_rebuild_matches(t=2)


def test_fail_step_reason_becomes_the_execution_reason() -> None:
    run = Run(proc("A"), fail("Stop"))
    run.start("A", "Stop").fail("Stop", reason="MSE 7.5 is above 6.0")
    assert run.outcome() is None
    run.succeed("A")
    assert run.outcome() == Outcome(ExecutionStatus.FAILED, "MSE 7.5 is above 6.0")
    run.assert_rebuild_matches()


def test_failures_of_ordinary_steps_keep_the_generic_reason() -> None:
    run = Run(proc("A"))
    run.start("A").fail("A", reason="exit 3")
    assert run.outcome() == Outcome(ExecutionStatus.FAILED, GENERIC_FAILURE)
    assert run.scheduler.failures == {"A": "exit 3"}


def test_a_failure_while_a_retry_waits_ends_the_execution() -> None:
    run = Run(proc("A"), proc("B"))
    run.start("A", "B").schedule_retry("A", t=0, delay=100).fail("B", t=1)
    assert run.ready(t=200) == []
    assert run.scheduler.next_wakeup(at(1)) is None
    assert run.outcome() == Outcome(ExecutionStatus.FAILED, GENERIC_FAILURE)
    run.assert_rebuild_matches(t=1)


def test_stop_waits_for_running_steps() -> None:
    run = Run(proc("A"), proc("B"), proc("C", deps=("A",)))
    run.start("A", "B").apply(ev.StopRequested(at(1), by="user"))
    assert run.scheduler.stop_requested
    assert run.ready(t=1) == []
    assert run.outcome() is None
    run.succeed("A", t=2)
    assert run.ready(t=2) == []
    assert run.outcome() is None
    run.apply(ev.StepStopped(at(3), step="B"))
    assert run.state("B") == StepStatus.STOPPED
    assert run.outcome() == STOPPED
    run.assert_rebuild_matches(t=3)


def test_stop_with_nothing_running_ends_at_once() -> None:
    run = Run(proc("A"))
    run.apply(ev.StopRequested(at(0)))
    assert run.outcome() == STOPPED


def test_stop_cancels_waiting_retries() -> None:
    run = Run(proc("A"))
    run.start("A").schedule_retry("A", t=0, delay=10).apply(ev.StopRequested(at(1)))
    assert run.scheduler.next_wakeup(at(1)) is None
    assert run.ready(t=20) == []
    run.apply(ev.StepStopped(at(1), step="A"))
    assert run.outcome() == STOPPED
    run.assert_rebuild_matches(t=1)


def test_a_failure_during_stop_reports_failed() -> None:
    run = Run(proc("A"))
    run.start("A").apply(ev.StopRequested(at(1))).fail("A", t=2)
    assert run.outcome() == Outcome(ExecutionStatus.FAILED, GENERIC_FAILURE)


# -- skips ---------------------------------------------------------------------------------


def test_branch_not_taken_is_skipped_and_the_other_branch_runs() -> None:
    run = Run(proc("A"), cond("Gate", [proc("Yes")], [proc("No")], deps=("A",)))
    run.run("A")
    assert run.ready() == ["Gate"]
    assert run.scheduler.to_skip() == []
    run.decide("Gate", False)
    assert run.scheduler.outcomes == {"Gate": False}
    assert run.scheduler.to_skip() == [
        ("Yes", "condition 'Gate' evaluated false; this step is in its IfSteps")
    ]
    assert run.ready() == ["No"]
    run.skips()
    run.run("No")
    assert run.outcome() == SUCCEEDED
    run.assert_rebuild_matches()


def test_true_outcome_skips_the_else_branch() -> None:
    run = Run(cond("Gate", [proc("Yes")], [proc("No")]))
    run.decide("Gate", True)
    assert run.skips() == [("No", "condition 'Gate' evaluated true; this step is in its ElseSteps")]
    assert run.ready() == ["Yes"]


def test_ready_never_offers_a_step_that_must_be_skipped() -> None:
    run = Run(cond("Gate", [proc("Yes")], [proc("No")]))
    run.decide("Gate", True)
    skippable = {name for name, _ in run.scheduler.to_skip()}
    assert skippable == {"No"}
    assert skippable.isdisjoint(run.ready())


def test_data_dependency_on_a_skipped_step_is_skipped() -> None:
    run = Run(
        cond("Gate", [proc("Yes")], []),
        proc("Uses", uses=("Yes",)),
        proc("Waits", deps=("Yes",)),
    )
    run.decide("Gate", False)
    assert run.scheduler.to_skip() == [
        ("Yes", "condition 'Gate' evaluated false; this step is in its IfSteps")
    ]
    run.apply(ev.StepSkipped(at(0), step="Yes"))
    assert run.scheduler.to_skip() == [
        ("Uses", "it uses properties of skipped step 'Yes'"),
        ("Waits", "every step it depends on was skipped (Yes)"),
    ]
    assert run.ready() == []
    run.skips()
    assert run.outcome() == SUCCEEDED
    run.assert_rebuild_matches()


def test_data_dependency_on_a_skipped_step_is_skipped_even_if_other_upstreams_ran() -> None:
    run = Run(proc("A"), cond("Gate", [proc("Yes")], []), proc("Uses", deps=("A",), uses=("Yes",)))
    run.run("A").decide("Gate", False)
    assert run.skips() == [
        ("Yes", "condition 'Gate' evaluated false; this step is in its IfSteps"),
        ("Uses", "it uses properties of skipped step 'Yes'"),
    ]


def test_all_custom_upstreams_skipped_means_skipped() -> None:
    run = Run(cond("Gate", [proc("Y1"), proc("Y2")], [proc("N")]), proc("After", deps=("Y1", "Y2")))
    run.decide("Gate", False)
    assert run.skips() == [
        ("Y1", "condition 'Gate' evaluated false; this step is in its IfSteps"),
        ("Y2", "condition 'Gate' evaluated false; this step is in its IfSteps"),
        ("After", "every step it depends on was skipped (Y1, Y2)"),
    ]
    run.assert_rebuild_matches()


def test_mixed_custom_upstreams_run_when_the_others_succeed() -> None:
    run = Run(cond("Gate", [proc("Yes")], [proc("No")]), proc("After", deps=("Yes", "No")))
    run.decide("Gate", True)
    assert run.skips() == [("No", "condition 'Gate' evaluated true; this step is in its ElseSteps")]
    assert run.ready() == ["Yes"]
    run.start("Yes")
    assert run.ready() == []
    run.succeed("Yes")
    assert run.scheduler.to_skip() == []
    assert run.ready() == ["After"]
    run.run("After")
    assert run.outcome() == SUCCEEDED
    run.assert_rebuild_matches()


def test_a_branch_step_is_skipped_when_its_condition_is_skipped_whatever_else_ran() -> None:
    inner = cond("Inner", [proc("Deep", deps=("Top",))], [])
    run = Run(proc("Top"), cond("Outer", [inner], []))
    run.run("Top").decide("Outer", False)
    assert run.skips() == [
        ("Inner", "condition 'Outer' evaluated false; this step is in its IfSteps"),
        ("Deep", "its condition 'Inner' was skipped"),
    ]
    assert run.ready() == []
    assert run.outcome() == SUCCEEDED
    run.assert_rebuild_matches()


def test_a_skipped_condition_skips_its_branches() -> None:
    run = Run(
        cond("Gate", [proc("Yes")], []),
        cond("Later", [proc("L1", deps=("Other",))], [proc("L2")], deps=("Yes",)),
        proc("Other"),
    )
    run.run("Other").decide("Gate", False)
    assert run.skips() == [
        ("Yes", "condition 'Gate' evaluated false; this step is in its IfSteps"),
        ("Later", "every step it depends on was skipped (Yes)"),
        ("L1", "its condition 'Later' was skipped"),
        ("L2", "its condition 'Later' was skipped"),
    ]


def test_nested_conditions_taken_all_the_way() -> None:
    inner = cond("Inner", [proc("High")], [proc("Low")])
    run = Run(cond("Outer", [inner], [proc("Else")]))
    run.decide("Outer", True)
    assert run.skips() == [
        ("Else", "condition 'Outer' evaluated true; this step is in its ElseSteps")
    ]
    assert run.ready() == ["Inner"]
    run.decide("Inner", False)
    run.skips()
    assert run.ready() == ["Low"]
    run.run("Low")
    assert run.outcome() == SUCCEEDED
    assert {n: s.value for n, s in run.scheduler.states.items()} == {
        "Outer": "Succeeded",
        "Inner": "Succeeded",
        "High": "Skipped",
        "Low": "Succeeded",
        "Else": "Skipped",
    }
    run.assert_rebuild_matches()


def test_skips_are_found_one_layer_at_a_time() -> None:
    run = Run(cond("Gate", [proc("A")], []), proc("B", uses=("A",)), proc("C", uses=("B",)))
    run.decide("Gate", False)
    assert [n for n, _ in run.scheduler.to_skip()] == ["A"]
    run.apply(ev.StepSkipped(at(0), step="A"))
    assert [n for n, _ in run.scheduler.to_skip()] == ["B"]
    run.apply(ev.StepSkipped(at(0), step="B"))
    assert [n for n, _ in run.scheduler.to_skip()] == ["C"]


def test_unskipped_steps_before_the_condition_decides_are_pending() -> None:
    run = Run(cond("Gate", [proc("Yes")], [proc("No")]))
    assert run.scheduler.to_skip() == []
    run.start("Gate")
    assert run.scheduler.to_skip() == []
    assert run.outcome() is None


def test_a_failed_condition_fails_the_execution_and_skips_nothing() -> None:
    run = Run(cond("Gate", [proc("Yes")], [proc("No")]))
    run.start("Gate").fail("Gate", reason="Equals cannot compare")
    assert run.scheduler.to_skip() == []
    assert run.outcome() == Outcome(ExecutionStatus.FAILED, GENERIC_FAILURE)


# -- selective execution and RetryPipelineExecution ----------------------------------------


def test_selective_execution_runs_only_the_selected_steps() -> None:
    run = Run(
        proc("A"),
        proc("B", uses=("A",)),
        proc("C", deps=("B",)),
        proc("D"),
        selected={"B", "C"},
    )
    # The unselected upstream is pre-filled from the source execution.
    run.apply(ev.StepSucceeded(at(0), step="A", properties={"ProcessingJobName": "old"}))
    assert run.skips() == [("D", "not selected for this selective execution")]
    assert run.ready() == ["B"]
    run.run("B")
    assert run.ready() == ["C"]
    run.run("C")
    assert run.outcome() == SUCCEEDED
    run.assert_rebuild_matches()


def test_execution_retried_resets_the_failed_steps() -> None:
    run = Run(proc("A"), proc("B", uses=("A",)), fail("Stop"), proc("C", deps=("B",)))
    run.run("A").start("B").fail("B", t=1, reason="exit 1")
    assert run.outcome() == Outcome(ExecutionStatus.FAILED, GENERIC_FAILURE)
    run.apply(ev.ExecutionRetried(at(10), steps=["B"]))
    assert run.state("B") == StepStatus.PENDING
    assert run.state("A") == StepStatus.SUCCEEDED
    assert not run.scheduler.failing()
    assert run.outcome() is None
    assert run.ready(t=10) == ["B", "Stop"]
    run.run("B", t=11)
    assert run.ready(t=11) == ["C", "Stop"]
    run.assert_rebuild_matches(t=11)


def test_execution_retried_clears_a_stop_and_resets_stopped_steps() -> None:
    run = Run(proc("A"), proc("B"))
    run.start("A", "B").apply(ev.StopRequested(at(1)))
    run.succeed("A").apply(ev.StepStopped(at(2), step="B"))
    assert run.outcome() == STOPPED
    run.apply(ev.ExecutionRetried(at(5), steps=["B", "NotAStep"]))
    assert not run.scheduler.stop_requested
    assert run.ready(t=5) == ["B"]
    run.run("B", t=6)
    assert run.outcome() == SUCCEEDED
    run.assert_rebuild_matches(t=6)


def test_execution_retried_forgets_the_fail_step_reason() -> None:
    run = Run(proc("A"), fail("Stop"))
    run.start("A").fail("A").start("Stop").fail("Stop", reason="halt")
    assert run.outcome() == Outcome(ExecutionStatus.FAILED, "halt")
    run.apply(ev.ExecutionRetried(at(1), steps=["A"]))
    assert run.scheduler.fail_step_reason == ""
    run.run("A", t=2)
    assert run.outcome() == Outcome(ExecutionStatus.FAILED, GENERIC_FAILURE)


# -- rebuild -------------------------------------------------------------------------------


def _long_history() -> Run:
    run = Run(
        proc("Prep"),
        proc("Train", uses=("Prep",)),
        proc("Side", deps=("Prep",)),
        cond("Gate", [proc("Register", uses=("Train",))], [fail("Stop")], deps=("Train",)),
        proc("Report", deps=("Register", "Side")),
        parallelism=2,
    )
    run.run("Prep", t=0).start("Train", "Side", t=1)
    run.schedule_retry("Train", t=2, delay=8).succeed("Side", t=3)
    run.start("Train", t=10, attempt=2).succeed("Train", t=12)
    run.decide("Gate", True, t=13)
    run.skips()
    run.run("Register", t=14)
    return run


def test_rebuild_after_every_prefix_of_a_long_history_matches_live_application() -> None:
    full = _long_history()
    for cut in range(len(full.events) + 1):
        live = full.fresh().apply(*full.events[:cut])
        live.assert_rebuild_matches(t=5)
        live.assert_rebuild_matches(t=20)


def test_rebuild_of_the_long_history_answers_the_same_questions() -> None:
    run = _long_history()
    rebuilt = rebuild(run.graph, run.types, run.events, parallelism=2)
    assert rebuilt.states["Stop"] == StepStatus.SKIPPED
    assert rebuilt.ready(at(15)) == ["Report"]
    assert rebuilt.outcomes == {"Gate": True}
    assert rebuilt.outcome() is None
    rebuilt.apply(ev.StepStarted(at(15), step="Report"))
    rebuilt.apply(ev.StepSucceeded(at(16), step="Report"))
    assert rebuilt.outcome() == SUCCEEDED


def test_rebuild_keeps_a_step_that_was_running_as_running() -> None:
    run = Run(proc("A"), proc("B"))
    run.start("A").run("B")
    rebuilt = rebuild(run.graph, run.types, run.events)
    assert rebuilt.running() == {"A"}
    assert rebuilt.unfinished() == {"A"}
    assert rebuilt.outcome() is None
