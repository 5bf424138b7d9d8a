"""Lambda steps end to end: local functions invoked by pipelines run through the real client."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dagmaker.api import connect, connect_lambda
from dagmaker.api.wiring import runner_context
from dagmaker.cli import context as cli_context
from dagmaker.cli.main import app
from dagmaker.definition.model import StepDef
from dagmaker.engine.ports import ExecutionInfo, StepWork
from dagmaker.errors import DefinitionError, JobFailure
from dagmaker.records import events as ev
from dagmaker.runners.lambda_step import LambdaRunner
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionEquals
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.lambda_step import LambdaOutput, LambdaOutputTypeEnum, LambdaStep
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from tests.runners.callback_lambda_helpers import (
    InlineRun,
    create_function,
    create_pipeline,
    wait_for,
)

SEED_ARN = "arn:aws:lambda:us-west-2:123456789012:function:sagemaker_test_lambda"
SEED_HANDLER = """
def handler(event, context):
    print("event:", sorted(event.items()), "function:", context.function_name)
    return {
        "output1": "string_value",
        "output2": 1,
        "output3": True,
        "output4": 2.0,
    }
"""


@pytest.fixture(autouse=True)
def _fresh_cli_context() -> Iterator[None]:
    cli_context.settings.cache_clear()
    cli_context.client.cache_clear()
    yield
    cli_context.settings.cache_clear()
    cli_context.client.cache_clear()


def seed_definition() -> str:
    """The seed's LambdaStep with its four typed outputs, checked by a condition."""
    outputs = [
        LambdaOutput(output_name="output1", output_type=LambdaOutputTypeEnum.String),
        LambdaOutput(output_name="output2", output_type=LambdaOutputTypeEnum.Integer),
        LambdaOutput(output_name="output3", output_type=LambdaOutputTypeEnum.Boolean),
        LambdaOutput(output_name="output4", output_type=LambdaOutputTypeEnum.Float),
    ]
    step_lambda = LambdaStep(
        name="MyLambdaStep",
        lambda_func=SEED_ARN,
        inputs={"arg1": "foo", "arg2": 5},
        outputs=outputs,
    )
    check = ConditionStep(
        name="Check",
        conditions=[
            ConditionEquals(left=step_lambda.properties.Outputs["output2"], right=1),
            ConditionEquals(left=step_lambda.properties.Outputs["output3"], right=True),
            ConditionEquals(left=step_lambda.properties.Outputs["output4"], right=2.0),
        ],
        else_steps=[FailStep(name="Wrong", error_message="typed outputs did not compare")],
    )
    pipeline = Pipeline(
        name="LambdaPipeline", steps=[step_lambda, check], sagemaker_session=PipelineSession()
    )
    return pipeline.definition()


def one_step(
    function: str, outputs: list[tuple[str, str]], inputs: dict[str, Any] | None = None
) -> str:
    """A pipeline with a single Lambda step ``L`` calling ``function``."""
    step = {
        "Name": "L",
        "Type": "Lambda",
        "Arguments": inputs if inputs is not None else {"row": 3},
        "FunctionArn": f"arn:aws:lambda:eu-west-1:111122223333:function:{function}",
        "OutputParameters": [{"OutputName": n, "OutputType": t} for n, t in outputs],
    }
    return json.dumps({"Version": "2020-12-01", "Metadata": {}, "Parameters": [], "Steps": [step]})


def run_one(definition: str) -> InlineRun:
    client = connect(inline=True)
    create_pipeline(client, "p", definition)
    return InlineRun(client, "p")


def test_seed_lambda_created_with_the_cli_runs_in_a_pipeline(home: Path, tmp_path: Path) -> None:
    script = tmp_path / "seed_lambda.py"
    script.write_text(SEED_HANDLER)
    created = CliRunner().invoke(
        app,
        [
            "lambda",
            "create",
            "sagemaker_test_lambda",
            "--script",
            str(script),
            "--handler",
            "seed_lambda.handler",
            "--timeout",
            "30",
        ],
    )
    assert created.exit_code == 0, created.output
    client = connect(inline=True)
    create_pipeline(client, "seed", seed_definition())
    run = InlineRun(client, "seed")
    assert run.finish() == "Succeeded"
    steps = run.steps()
    assert steps["Check"]["Metadata"] == {"Condition": {"Outcome": "True"}}
    assert run.properties("MyLambdaStep") == {
        "OutputParameters": {
            "output1": "string_value",
            "output2": 1,
            "output3": True,
            "output4": 2.0,
        }
    }
    assert steps["MyLambdaStep"]["Metadata"]["Lambda"] == {
        "Arn": "arn:aws:lambda:local:000000000000:function:sagemaker_test_lambda",
        "OutputParameters": [
            {"Name": "output1", "Value": "string_value"},
            {"Name": "output2", "Value": "1"},
            {"Name": "output3", "Value": "true"},
            {"Name": "output4", "Value": "2.0"},
        ],
    }
    job_name = run.view("MyLambdaStep").job_name
    log = (home / "jobs" / job_name / "algo-1" / "logs" / "stdout.log").read_text()
    assert "event: [('arg1', 'foo'), ('arg2', 5)] function: sagemaker_test_lambda" in log
    assert log.startswith("START RequestId: ")
    printed = CliRunner().invoke(app, ["logs", run.arn, "MyLambdaStep"])
    assert "event: [('arg1', 'foo'), ('arg2', 5)]" in printed.stdout


def test_nested_output_becomes_a_json_string(home: Path) -> None:
    source = (
        "def handler(event, context):\n    return {'output1': {'nested_output1': 'my-output'}}\n"
    )
    create_function(connect_lambda(), "nested", source)
    run = run_one(one_step("nested", [("output1", "String")]))
    assert run.finish() == "Succeeded"
    assert run.properties("L") == {
        "OutputParameters": {"output1": '{"nested_output1":"my-output"}'}
    }


def test_an_integer_is_accepted_for_a_float_output(home: Path) -> None:
    create_function(connect_lambda(), "whole", "def handler(e, c):\n    return {'x': 3}\n")
    run = run_one(one_step("whole", [("x", "Float")]))
    assert run.finish() == "Succeeded"
    assert run.properties("L")["OutputParameters"]["x"] == 3.0


@pytest.mark.parametrize(
    ("returned", "declared", "reason"),
    [
        (
            "{'n': True}",
            [("n", "Integer")],
            "Lambda function 'typed' returned True for output 'n', which is declared Integer; "
            "return a Integer value or change the OutputType",
        ),
        (
            "{'a': 'x'}",
            [("a", "String"), ("b", "Boolean")],
            "Lambda function 'typed' did not provide the declared output(s) 'b' (got: ['a'])",
        ),
        (
            "['a']",
            [("a", "String")],
            "Lambda function 'typed' returned ['a']; with declared outputs it must return a "
            "JSON object whose keys are the output names",
        ),
    ],
)
def test_outputs_that_do_not_fit_fail_the_step(
    home: Path, returned: str, declared: list[tuple[str, str]], reason: str
) -> None:
    create_function(connect_lambda(), "typed", f"def handler(e, c):\n    return {returned}\n")
    run = run_one(one_step("typed", declared))
    assert run.finish() == "Failed"
    assert run.steps()["L"]["FailureReason"] == reason


def test_a_function_past_its_timeout_fails_the_step_and_the_execution(home: Path) -> None:
    source = "import time\ndef handler(e, c):\n    time.sleep(30)\n    return {}\n"
    create_function(connect_lambda(), "slow", source, timeout=1)
    started = time.monotonic()
    run = run_one(one_step("slow", []))
    assert run.finish() == "Failed"
    assert time.monotonic() - started < 10
    reason = run.steps()["L"]["FailureReason"]
    assert reason.startswith("Lambda function 'slow' timed out after 1 s (request ")


_SLEEPY = """
import time
def handler(event, context):
    time.sleep(event["seconds"])
    return {"done": "yes"}
"""


def _started(run: InlineRun) -> bool:
    view = run.view("L")
    log = Path(str(view.job_handle.get("hosts", [{}])[0].get("log_dir", "/nonexistent")))
    return (log / "stdout.log").is_file()


@pytest.mark.parametrize(
    ("timeout", "seconds", "step_status", "execution_status"),
    [(30, 1.5, "Succeeded", "Stopped"), (1, 30, "Failed", "Failed")],
)
def test_a_stop_waits_for_the_running_function(
    home: Path, timeout: int, seconds: float, step_status: str, execution_status: str
) -> None:
    create_function(connect_lambda(), "sleepy", _SLEEPY, timeout=timeout)
    run = run_one(one_step("sleepy", [("done", "String")], {"seconds": seconds}))
    wait_for(lambda: _started(run), what="the function to start")
    run.client.stop_pipeline_execution(PipelineExecutionArn=run.arn)
    time.sleep(0.4)
    assert run.status() == "Stopping"
    assert run.steps()["L"]["StepStatus"] == "Executing"
    assert run.finish() == execution_status
    assert run.steps()["L"]["StepStatus"] == step_status
    if step_status == "Succeeded":
        assert run.properties("L") == {"OutputParameters": {"done": "yes"}}


def test_a_handler_exception_fails_the_step_with_type_message_and_traceback(home: Path) -> None:
    source = (
        "def check(row):\n"
        "    raise ValueError(f'bad row {row}')\n"
        "\n"
        "def handler(event, context):\n"
        "    check(event['row'])\n"
    )
    create_function(connect_lambda(), "broken", source)
    run = run_one(one_step("broken", []))
    assert run.finish() == "Failed"
    reason = run.steps()["L"]["FailureReason"]
    assert reason.startswith("Lambda function 'broken' failed: ValueError: bad row 3\n")
    assert 'broken.py", line 5, in handler' in reason
    assert 'broken.py", line 2, in check' in reason


def test_a_missing_function_says_how_to_create_it(home: Path) -> None:
    run = run_one(one_step("split-dataset", []))
    assert run.finish() == "Failed"
    assert run.steps()["L"]["FailureReason"] == (
        "Lambda function 'split-dataset' (FunctionArn "
        "'arn:aws:lambda:eu-west-1:111122223333:function:split-dataset') is not defined "
        "locally\nCreate it with `dagmaker lambda create NAME --script f.py --handler f.handler`."
    )


def test_nested_inputs_are_rejected_before_anything_runs(home: Path) -> None:
    create_function(connect_lambda(), "flat", "def handler(e, c):\n    return {}\n")
    with pytest.raises(DefinitionError, match=r"Arguments.config: Lambda inputs must be"):
        run_one(one_step("flat", [], {"bucket": "b", "config": {"depth": 2}}))


def _work(emitted: list[ev.Event]) -> StepWork:
    raw = {
        "Name": "L",
        "Type": "Lambda",
        "Arguments": {},
        "FunctionArn": "patient",
        "OutputParameters": [],
    }
    return StepWork(
        execution=ExecutionInfo("arn:e", "e", "p", "arn:p", datetime.now(UTC)),
        step=StepDef(name="L", type="Lambda", arguments={}, raw=raw),
        arguments={},
        extra={"FunctionArn": "patient", "OutputParameters": []},
        job_name="patient-job",
        attempt=1,
        emit=emitted.append,
    )


def test_the_step_gives_up_at_its_limit_while_the_function_keeps_running(home: Path) -> None:
    marker = home / "finished.txt"
    source = (
        "import os, time\n"
        "def handler(e, c):\n"
        "    time.sleep(1.0)\n"
        f"    open({str(marker)!r}, 'w').write('done')\n"
    )
    create_function(connect_lambda(), "patient", source, timeout=20)
    runner = LambdaRunner(runner_context(connect().services), limit_seconds=0.3)
    emitted: list[ev.Event] = []
    with pytest.raises(JobFailure, match=re.escape("timed out after 0.3 s")):
        runner.run(_work(emitted))
    assert not marker.exists()
    wait_for(marker.exists, timeout=10, what="the function to finish on its own")
    [launched] = emitted
    assert isinstance(launched, ev.JobLaunched) and launched.handle["FunctionName"] == "patient"


def test_reattach_reads_the_result_of_a_function_launched_before_a_restart(home: Path) -> None:
    create_function(connect_lambda(), "patient", "def handler(e, c):\n    return {'ok': 1}\n")
    runner = LambdaRunner(runner_context(connect().services))
    emitted: list[ev.Event] = []
    first = _work(emitted)
    first.extra["OutputParameters"] = [{"OutputName": "ok", "OutputType": "Integer"}]
    result: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: result.update(r=runner.run(first)), daemon=True)
    thread.start()
    thread.join(20)
    [launched] = emitted
    again = _work(emitted)
    again.extra = first.extra
    again.reattach = launched.handle
    assert runner.run(again).properties == result["r"].properties == {"OutputParameters": {"ok": 1}}
    assert len(emitted) == 1
