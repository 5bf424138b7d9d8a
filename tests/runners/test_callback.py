"""Callback steps end to end: the seed's CallbackStep run through the real client."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from dagmaker.api.wiring import runner_context
from dagmaker.api.worker_process import ensure_worker
from dagmaker.definition.model import StepDef
from dagmaker.engine.ports import ExecutionInfo, StepWork
from dagmaker.errors import Conflict, DefinitionError
from dagmaker.records import events as ev
from dagmaker.runners.callback import CallbackRunner
from dagmaker.settings import Settings
from dagmaker.workflow.callback_step import CallbackOutput, CallbackOutputTypeEnum, CallbackStep
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionGreaterThan
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterInteger
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from tests.runners.callback_lambda_helpers import (
    QUEUE_URL,
    InlineRun,
    create_pipeline,
    receive,
    wait_for,
)


def seed_definition() -> str:
    """The seed's CallbackStep, with its outputs used downstream."""
    param = ParameterInteger(name="MyInt", default_value=3)
    output1 = CallbackOutput(output_name="output1", output_type=CallbackOutputTypeEnum.String)
    rows = CallbackOutput(output_name="rows", output_type=CallbackOutputTypeEnum.Integer)
    step_callback = CallbackStep(
        name="MyCallbackStep",
        sqs_queue_url=QUEUE_URL,
        inputs={"arg1": "foo", "arg2": 5, "arg3": param},
        outputs=[output1, rows],
    )
    check = ConditionStep(
        name="EnoughRows",
        conditions=[
            ConditionGreaterThan(left=step_callback.properties.Outputs["rows"], right=param)
        ],
        else_steps=[
            FailStep(
                name="TooFew",
                error_message=Join(
                    on=" ",
                    values=[
                        "only",
                        step_callback.properties.Outputs["rows"],
                        "rows for",
                        step_callback.properties.Outputs["output1"],
                    ],
                ),
            )
        ],
    )
    pipeline = Pipeline(
        name="CallbackPipeline",
        parameters=[param],
        steps=[step_callback, check],
        sagemaker_session=PipelineSession(),
    )
    return pipeline.definition()


def _start(parameters: list[Any] | None = None) -> tuple[Any, InlineRun]:
    client = connect(inline=True)
    create_pipeline(client, "cb", seed_definition())
    return client, InlineRun(client, "cb", parameters)


def test_seed_callback_answered_through_the_api(home: Path) -> None:
    client, run = _start([{"Name": "MyInt", "Value": "7"}])
    [message] = receive(client, "MyCallbackQueue")
    assert message == {
        "token": message["token"],
        "pipelineExecutionArn": run.arn,
        "arguments": {"arg1": "foo", "arg2": 5, "arg3": 7},
    }
    assert len(message["token"]) == 22 and message["token"].isalnum()  # 128+ bits
    waiting = run.steps()["MyCallbackStep"]
    assert waiting["StepStatus"] == "Executing"
    assert waiting["Metadata"]["Callback"] == {
        "CallbackToken": message["token"],
        "SqsQueueUrl": QUEUE_URL,
    }
    answer = client.send_pipeline_execution_step_success(
        CallbackToken=message["token"],
        OutputParameters=[{"Name": "output1", "Value": "done"}, {"Name": "rows", "Value": "12"}],
    )
    assert answer == {"PipelineExecutionArn": run.arn}
    assert run.finish() == "Succeeded"
    steps = run.steps()
    assert steps["EnoughRows"]["Metadata"] == {"Condition": {"Outcome": "True"}}
    assert steps["TooFew"]["StepStatus"] == "Skipped"
    assert run.properties("MyCallbackStep") == {"OutputParameters": {"output1": "done", "rows": 12}}
    assert steps["MyCallbackStep"]["Metadata"]["Callback"] == {
        "CallbackToken": message["token"],
        "SqsQueueUrl": QUEUE_URL,
        "OutputParameters": [
            {"Name": "output1", "Value": "done"},
            {"Name": "rows", "Value": "12"},
        ],
    }
    with pytest.raises(Conflict, match="already answered \\(Succeeded\\)"):
        client.send_pipeline_execution_step_failure(CallbackToken=message["token"])


def test_nested_output_arrives_as_a_json_string(home: Path) -> None:
    client, run = _start()
    [message] = receive(client)
    client.send_pipeline_execution_step_success(
        CallbackToken=message["token"],
        OutputParameters=[
            {"Name": "output1", "Value": {"nested_output1": "my-output"}},
            {"Name": "rows", "Value": 2},
        ],
    )
    assert run.finish() == "Failed"
    assert run.describe()["FailureReason"] == 'only 2 rows for {"nested_output1":"my-output"}'
    outputs = run.properties("MyCallbackStep")["OutputParameters"]
    assert outputs == {"output1": '{"nested_output1":"my-output"}', "rows": 2}


def test_a_reference_into_a_nested_output_is_rejected_before_running(home: Path) -> None:
    document = json.loads(seed_definition())
    document["Steps"].append(
        {
            "Name": "Inner",
            "Type": "Fail",
            "Arguments": {
                "ErrorMessage": {
                    "Get": "Steps.MyCallbackStep.OutputParameters['output1']['nested_output1']"
                }
            },
        }
    )
    client = connect(inline=True)
    with pytest.raises(DefinitionError) as info:
        create_pipeline(client, "nested", json.dumps(document))
    assert (
        "step 'Inner' › Arguments.ErrorMessage: Get \"Steps.MyCallbackStep.OutputParameters"
        "['output1']['nested_output1']\": output parameters are flat values; a nested value "
        "arrives as a JSON string and cannot be indexed" in str(info.value)
    )


@pytest.mark.parametrize(
    ("outputs", "reason"),
    [
        (
            {"output1": "done", "rows": "many"},
            "the callback for step 'MyCallbackStep' returned 'many' for output 'rows', which "
            "is declared Integer; return a Integer value or change the OutputType",
        ),
        (
            {"output1": "done"},
            "the callback for step 'MyCallbackStep' did not provide the declared output(s) "
            "'rows' (got: ['output1'])",
        ),
    ],
)
def test_outputs_that_do_not_fit_fail_the_step(
    home: Path, outputs: dict[str, str], reason: str
) -> None:
    client, run = _start()
    [message] = receive(client)
    client.send_pipeline_execution_step_success(
        CallbackToken=message["token"], OutputParameters=outputs
    )
    assert run.finish() == "Failed"
    step = run.steps()["MyCallbackStep"]
    assert step["StepStatus"] == "Failed"
    assert step["FailureReason"] == reason


def test_failure_answer_fails_the_step_with_its_reason(home: Path) -> None:
    client, run = _start()
    [message] = receive(client)
    client.send_pipeline_execution_step_failure(
        CallbackToken=message["token"], FailureReason="Glue job etl-42 failed: no input"
    )
    assert run.finish() == "Failed"
    assert run.steps()["MyCallbackStep"]["FailureReason"] == "Glue job etl-42 failed: no input"
    assert "EnoughRows" not in run.steps()


@pytest.mark.parametrize(
    ("answer", "step_status"), [("success", "Succeeded"), ("failure", "Stopped")]
)
def test_stop_posts_a_stopping_message_and_waits_for_the_answer(
    home: Path, answer: str, step_status: str
) -> None:
    client, run = _start()
    [message] = receive(client)
    client.stop_pipeline_execution(PipelineExecutionArn=run.arn)
    [stopping] = receive(client)
    assert stopping == {**message, "status": "Stopping"}
    time.sleep(0.6)
    assert run.status() == "Stopping"
    assert run.steps()["MyCallbackStep"]["StepStatus"] == "Executing"
    assert client.receive_callback_messages(QueueUrl=QUEUE_URL)["Messages"] == []
    if answer == "success":
        client.send_pipeline_execution_step_success(
            CallbackToken=message["token"],
            OutputParameters=[{"Name": "output1", "Value": "x"}, {"Name": "rows", "Value": "9"}],
        )
    else:
        client.send_pipeline_execution_step_failure(
            CallbackToken=message["token"], FailureReason="cancelled on request"
        )
    assert run.finish() == "Stopped"
    steps = run.steps()
    assert steps["MyCallbackStep"]["StepStatus"] == step_status
    assert "EnoughRows" not in steps


_ENGINE = """
import sys
from dagmaker.api import connect
client = connect(inline=True)
client.create_pipeline(PipelineName="cb", PipelineDefinition=sys.argv[1], RoleArn="role")
client.start_pipeline_execution(PipelineName="cb")
"""


def test_a_restarted_engine_reattaches_without_posting_again(home: Path) -> None:
    engine = subprocess.Popen(
        [sys.executable, "-c", _ENGINE, seed_definition()],
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = connect()
    try:
        [message] = receive(client)
    finally:
        engine.send_signal(signal.SIGKILL)
        engine.wait(10)
    # The background worker claims the execution of the dead engine and resumes it.
    ensure_worker(Settings.from_env())
    arn = message["pipelineExecutionArn"]
    wait_for(
        lambda: any(
            isinstance(e, ev.ExecutionStarted) and e.resumed
            for e in client.services.event_log.load(arn)
        ),
        what="the worker to resume the execution",
    )
    time.sleep(0.5)
    assert client.receive_callback_messages(QueueUrl=QUEUE_URL)["Messages"] == []
    client.send_pipeline_execution_step_success(
        CallbackToken=message["token"], OutputParameters={"output1": "late", "rows": "4"}
    )
    status = wait_for(
        lambda: (
            client.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
            in ("Succeeded", "Failed", "Stopped")
            and client.describe_pipeline_execution(PipelineExecutionArn=arn)
        ),
        what="the resumed execution to end",
    )
    assert status["PipelineExecutionStatus"] == "Succeeded"
    tokens = client.services.callbacks.for_execution(arn)
    assert [t.token for t in tokens] == [message["token"]]


def _work(reattach: dict[str, Any] | None, emitted: list[ev.Event]) -> StepWork:
    arn = "arn:aws:sagemaker:local:000000000000:pipeline/p/execution/abc"
    raw = {
        "Name": "C",
        "Type": "Callback",
        "Arguments": {"arg1": "foo"},
        "SqsQueueUrl": QUEUE_URL,
        "OutputParameters": [{"OutputName": "output1", "OutputType": "Float"}],
    }
    return StepWork(
        execution=ExecutionInfo(arn, "abc", "p", "arn:p", datetime.now(UTC)),
        step=StepDef(name="C", type="Callback", arguments=raw["Arguments"], raw=raw),
        arguments={"arg1": "foo"},
        extra={k: raw[k] for k in ("SqsQueueUrl", "OutputParameters")},
        job_name="c-job",
        attempt=1,
        emit=emitted.append,
        reattach=reattach,
    )


def test_reattach_posts_a_token_that_was_recorded_but_never_sent(home: Path) -> None:
    client = connect()
    runner = CallbackRunner(runner_context(client.services), poll_seconds=0.02)
    emitted: list[ev.Event] = []
    result: dict[str, Any] = {}
    work = _work({"CallbackToken": "Tok0000001"}, emitted)
    thread = threading.Thread(target=lambda: result.update(r=runner.run(work)), daemon=True)
    thread.start()
    [message] = receive(client)
    assert message["token"] == "Tok0000001"
    client.send_pipeline_execution_step_success(
        CallbackToken="Tok0000001", OutputParameters=[{"Name": "output1", "Value": "2.5"}]
    )
    thread.join(10)
    assert result["r"].properties == {"OutputParameters": {"output1": 2.5}}
    assert [type(e).__name__ for e in emitted] == ["CallbackWaiting"]
    again = runner.run(_work({"CallbackToken": "Tok0000001"}, emitted))
    assert again.properties == result["r"].properties
    assert client.receive_callback_messages(QueueUrl=QUEUE_URL)["Messages"] == []
