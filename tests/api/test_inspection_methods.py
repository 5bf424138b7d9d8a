"""The client methods UIs read: one step in full, and the callbacks waiting for an answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagmaker.api import connect
from dagmaker.errors import NotFound
from tests.api.test_client import CONDITION_PIPELINE
from tests.runners.callback_lambda_helpers import InlineRun, create_pipeline, wait_for
from tests.runners.test_callback import seed_definition


def _failed_execution() -> tuple[object, str]:
    client = connect(inline=True)
    client.create_pipeline(
        PipelineName="cond",
        PipelineDefinition=json.dumps(CONDITION_PIPELINE),
        RoleArn="arn:aws:iam::000000000000:role/x",
    )
    arn = client.start_pipeline_execution(
        PipelineName="cond", PipelineParameters=[{"Name": "Threshold", "Value": "7.5"}]
    )["PipelineExecutionArn"]
    return client, arn


def test_a_failed_step_in_full(home: Path) -> None:
    client, arn = _failed_execution()
    step = client.describe_pipeline_execution_step(PipelineExecutionArn=arn, StepName="TooHigh")
    assert step["StepType"] == "Fail"
    assert step["StepStatus"] == "Failed"
    assert step["FailureReason"] == "threshold 7.5 in dev"
    assert step["Upstream"] == ["Check"]
    assert "Downstream" not in step
    assert step["Definition"]["Arguments"]["ErrorMessage"]["Std:Join"]["On"] == " "
    assert step["ResolvedArguments"] == {"ErrorMessage": "threshold 7.5 in dev"}
    [attempt] = step["Attempts"]
    assert attempt["Attempt"] == 1 and attempt["Status"] == "Failed"
    assert attempt["FailureReason"] == "threshold 7.5 in dev"
    assert step["StartTime"] <= step["EndTime"]


def test_a_condition_step_shows_its_outcome_and_branches(home: Path) -> None:
    client, arn = _failed_execution()
    step = client.describe_pipeline_execution_step(PipelineExecutionArn=arn, StepName="Check")
    assert step["Metadata"] == {"Condition": {"Outcome": "False"}}
    assert step["Downstream"] == ["TooHigh"]
    resolved = step["ResolvedArguments"]["Conditions"][0]["Conditions"][0]
    assert resolved["LeftValue"] == 7.5


def test_unknown_step_and_execution_are_not_found(home: Path) -> None:
    client, arn = _failed_execution()
    with pytest.raises(NotFound, match="step 'Nope' is not in the definition"):
        client.describe_pipeline_execution_step(PipelineExecutionArn=arn, StepName="Nope")
    with pytest.raises(NotFound):
        client.describe_pipeline_execution_step(PipelineExecutionArn="nope", StepName="Check")


def test_a_step_waiting_on_upstream_says_why_it_cannot_resolve(home: Path) -> None:
    client = connect(inline=True)
    create_pipeline(client, "cb", seed_definition())
    run = InlineRun(client, "cb", [{"Name": "MyInt", "Value": "4"}])
    wait_for(lambda: client.list_waiting_callbacks()["WaitingCallbacks"], what="a callback")
    pending = client.describe_pipeline_execution_step(
        PipelineExecutionArn=run.arn, StepName="TooFew"
    )
    assert pending["StepStatus"] == "Pending"
    assert "MyCallbackStep" in pending["ResolutionProblem"]
    assert "ResolvedArguments" not in pending
    [waiting] = client.list_waiting_callbacks()["WaitingCallbacks"]
    assert waiting["PipelineExecutionArn"] == run.arn
    assert waiting["StepName"] == "MyCallbackStep"
    assert waiting["Arguments"] == {"arg1": "foo", "arg2": 5, "arg3": 4}
    assert waiting["OutputParameters"] == [
        {"Name": "output1", "OutputType": "String"},
        {"Name": "rows", "OutputType": "Integer"},
    ]
    step = client.describe_pipeline_execution_step(
        PipelineExecutionArn=run.arn, StepName="MyCallbackStep"
    )
    assert step["CallbackToken"] == waiting["CallbackToken"]
    assert client.list_waiting_callbacks(PipelineExecutionArn=run.arn) == {
        "WaitingCallbacks": [waiting]
    }
    client.send_pipeline_execution_step_success(
        CallbackToken=waiting["CallbackToken"],
        OutputParameters=[{"Name": "output1", "Value": "x"}, {"Name": "rows", "Value": "9"}],
    )
    assert run.finish() == "Succeeded"
    assert client.list_waiting_callbacks() == {"WaitingCallbacks": []}
    done = client.describe_pipeline_execution_step(
        PipelineExecutionArn=run.arn, StepName="MyCallbackStep"
    )
    assert done["Properties"] == {"OutputParameters": {"output1": "x", "rows": 9}}
