"""Engine behaviour over graph shapes, with scripted user code and real threads."""

from __future__ import annotations

from dagmaker.records.statuses import ExecutionStatus
from tests.engine.harness import drive
from tests.engine.scripted import definition, step


def _dep(*names: str) -> dict[str, list[str]]:
    return {"DependsOn": list(names)}


def test_chain_runs_in_order() -> None:
    doc = definition(step("A"), step("B", {}, **_dep("A")), step("C", {}, **_dep("B")))
    ran = drive(doc)
    assert ran.outcome.status == ExecutionStatus.SUCCEEDED
    assert ran.window("A")[1] <= ran.window("B")[0]
    assert ran.window("B")[1] <= ran.window("C")[0]


def test_diamond_joins_after_both_branches() -> None:
    doc = definition(
        step("Top"),
        step("Left", **_dep("Top")),
        step("Right", **_dep("Top")),
        step("Join", **_dep("Left", "Right")),
    )
    ran = drive(doc)
    assert ran.outcome.status == ExecutionStatus.SUCCEEDED
    assert ran.window("Join")[0] >= max(ran.window("Left")[1], ran.window("Right")[1])


def test_fan_out_runs_concurrently_and_fan_in_waits() -> None:
    together = {"Together": {"Name": "fan", "Count": 4}}
    fan = [step(f"W{i}", together, **_dep("Start")) for i in range(4)]
    doc = definition(step("Start"), *fan, step("End", **_dep(*[f"W{i}" for i in range(4)])))
    ran = drive(doc)  # each worker waits until all four run at once
    assert ran.outcome.status == ExecutionStatus.SUCCEEDED
    assert ran.runner.most_at_once == 4
    assert ran.window("End")[0] >= max(ran.window(f"W{i}")[1] for i in range(4))


def test_parallelism_cap_is_observed_in_recorded_times() -> None:
    # Pairs meet before going on: with a cap of 2, every step runs beside another one.
    fan = [step(f"W{i}", {"Together": {"Name": f"pair{i // 2}", "Count": 2}}) for i in range(4)]
    ran = drive(definition(*fan), parallelism=2)
    assert ran.outcome.status == ExecutionStatus.SUCCEEDED
    assert ran.runner.most_at_once == 2
    windows = [ran.window(f"W{i}") for i in range(4)]
    moments = sorted({t for w in windows for t in w})
    assert max(sum(1 for s, e in windows if s <= m < e) for m in moments) == 2


def test_data_reference_creates_an_edge() -> None:
    consumer = step("B", {})
    consumer["Arguments"]["Environment"] = {"X": {"Get": "Steps.A.ProcessingJobName"}}
    ran = drive(definition(consumer, step("A")))
    assert ran.window("A")[1] <= ran.window("B")[0]


def _condition(if_steps: list, else_steps: list, left: object = 1) -> dict:
    return {
        "Name": "Check",
        "Type": "Condition",
        "Arguments": {
            "Conditions": [{"Type": "Equals", "LeftValue": left, "RightValue": 1}],
            "IfSteps": if_steps,
            "ElseSteps": else_steps,
        },
    }


def test_condition_skips_other_branch_and_its_dependents() -> None:
    after_else = step("AfterElse", **_dep("ElseStep"))
    uses_else = step("UsesElse")
    uses_else["Arguments"]["Environment"] = {"X": {"Get": "Steps.ElseStep.ProcessingJobName"}}
    doc = definition(
        _condition([step("IfStep")], [step("ElseStep")]),
        after_else,
        uses_else,
        step("Joined", **_dep("IfStep", "ElseStep")),
    )
    ran = drive(doc)
    assert ran.outcome.status == ExecutionStatus.SUCCEEDED
    assert ran.steps["Check"].properties == {"Outcome": True}
    assert ran.status("IfStep") == "Succeeded"
    assert ran.status("ElseStep") == "Skipped"
    assert "evaluated true" in ran.steps["ElseStep"].skip_reason
    assert ran.status("AfterElse") == "Skipped"
    assert ran.status("UsesElse") == "Skipped"
    assert "uses properties of skipped step 'ElseStep'" in ran.steps["UsesElse"].skip_reason
    # A custom dependency on both branches runs once the taken branch is done.
    assert ran.status("Joined") == "Succeeded"
    assert ran.runner.attempts["ElseStep"] == 0


def test_condition_false_takes_else_branch() -> None:
    ran = drive(definition(_condition([step("IfStep")], [step("ElseStep")], left=2)))
    assert ran.status("IfStep") == "Skipped"
    assert ran.status("ElseStep") == "Succeeded"


def test_fail_step_waits_for_running_step_then_fails_with_message() -> None:
    fail = {
        "Name": "Stop",
        "Type": "Fail",
        "Arguments": {
            "ErrorMessage": {
                "Std:Join": {"On": " ", "Values": ["MSE above", {"Get": "Parameters.T"}]}
            }
        },
    }
    doc = definition(
        step("Slow", {"Sleep": 0.3}),
        fail,
        step("Later", **_dep("Slow")),
        parameters=[{"Name": "T", "Type": "Integer", "DefaultValue": 5}],
    )
    ran = drive(doc)
    assert ran.outcome.status == ExecutionStatus.FAILED
    assert ran.outcome.reason == "MSE above 5"
    assert ran.status("Slow") == "Succeeded", "the running step was allowed to finish"
    assert ran.status("Stop") == "Failed"
    assert ran.steps["Stop"].metadata == {"Fail": {"ErrorMessage": "MSE above 5"}}
    assert "Later" not in ran.steps or ran.status("Later") == "Pending"
    finished = ran.events[-1]
    assert finished.kind == "ExecutionFinished"
    assert finished.at >= ran.window("Slow")[1]


def test_failed_step_stops_new_starts_and_fails_execution() -> None:
    doc = definition(step("Bad", {"Fail": "boom"}), step("After", **_dep("Bad")))
    ran = drive(doc)
    assert ran.outcome.status == ExecutionStatus.FAILED
    assert ran.outcome.reason == "Step failure: One or multiple steps failed."
    assert ran.steps["Bad"].failure_reason == "boom"
    assert ran.runner.attempts["After"] == 0


def test_retry_then_succeed_counts_attempts() -> None:
    policy = {
        "ExceptionType": ["SageMaker.JOB_INTERNAL_ERROR"],
        "IntervalSeconds": 0.05,
        "BackoffRate": 1.0,
        "MaxAttempts": 3,
    }
    flaky = step(
        "Flaky",
        {"Fail": "internal", "Kind": "SageMaker.JOB_INTERNAL_ERROR", "FailTimes": 2},
        RetryPolicies=[policy],
    )
    ran = drive(definition(flaky))
    assert ran.outcome.status == ExecutionStatus.SUCCEEDED
    assert ran.steps["Flaky"].attempts == 3
    kinds = [e.kind for e in ran.events if getattr(e, "step", "") == "Flaky"]
    assert kinds.count("StepRetryScheduled") == 2


def test_user_errors_are_not_retried() -> None:
    policy = {
        "ExceptionType": ["SageMaker.JOB_INTERNAL_ERROR"],
        "IntervalSeconds": 0,
        "BackoffRate": 1.0,
        "MaxAttempts": 3,
    }
    ran = drive(definition(step("Bad", {"Fail": "script error"}, RetryPolicies=[policy])))
    assert ran.outcome.status == ExecutionStatus.FAILED
    assert ran.runner.attempts["Bad"] == 1


def test_unresolvable_reference_fails_the_step_with_the_path() -> None:
    consumer = step("B", **_dep("A"))
    consumer["Arguments"]["Environment"] = {
        "X": {"Get": "Steps.A.ProcessingOutputConfig.Outputs['nope'].S3Output.S3Uri"}
    }
    ran = drive(definition(step("A"), consumer))
    assert ran.outcome.status == ExecutionStatus.FAILED
    reason = ran.steps["B"].failure_reason
    assert "Arguments.Environment.X" in reason
    assert "is undefined" in reason
