"""LocalPipelineSession against the real local API: executions end inside start()."""

import json

import pytest

from dagmaker.errors import JobFailure
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionEquals
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterBoolean, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import LocalPipelineSession


def _pipeline() -> Pipeline:
    env = ParameterString(name="Env", default_value="dev")
    strict = ParameterBoolean(name="Strict", default_value=False)
    gate = ConditionStep(
        name="Gate",
        conditions=[
            ConditionEquals(left=env, right="prod"),
            ConditionEquals(left=strict, right=True),
        ],
        if_steps=[FailStep(name="Refuse", error_message=Join(on=" ", values=["refused in", env]))],
    )
    return Pipeline(
        name="LocalSessionPipeline",
        parameters=[env, strict],
        steps=[gate],
        sagemaker_session=LocalPipelineSession(),
    )


def test_create_start_and_inspect(home) -> None:
    pipeline = _pipeline()
    pipeline.create(role_arn="arn:aws:iam::000000000000:role/x", description="local example")
    assert pipeline.upsert(description="updated")["PipelineArn"].endswith("localsessionpipeline")
    stored = json.loads(pipeline.describe()["PipelineDefinition"])
    assert stored == json.loads(pipeline.definition())

    execution = pipeline.start()
    assert execution.describe()["PipelineExecutionStatus"] == "Succeeded"
    listed = execution.list_steps()["PipelineExecutionSteps"]  # the SDK's local-mode shape
    statuses = {step["StepName"]: step["StepStatus"] for step in listed}
    assert statuses["Gate"] == "Succeeded"

    failing = pipeline.start(parameters={"Env": "prod", "Strict": True})
    with pytest.raises(JobFailure, match="refused in prod"):
        failing.wait(delay=0.05, max_attempts=100)
    latest = pipeline.list_steps()["PipelineExecutionSteps"]
    assert {step["StepName"] for step in latest} >= {"Gate", "Refuse"}
    assert len(pipeline.list_executions()["PipelineExecutionSummaries"]) == 2
