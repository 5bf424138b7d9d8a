"""A ConditionStep using each of the eight condition types on mixed operands."""

from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import (
    ConditionEquals,
    ConditionGreaterThan,
    ConditionGreaterThanOrEqualTo,
    ConditionIn,
    ConditionLessThan,
    ConditionLessThanOrEqualTo,
    ConditionNot,
    ConditionOr,
)
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.parameters import ParameterFloat, ParameterInteger, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession


def build() -> Pipeline:
    env = ParameterString(name="Env", default_value="dev")
    count = ParameterInteger(name="Count", default_value=3)
    score = ParameterFloat(name="Score", default_value=0.7)
    conditions = [
        ConditionEquals(left=env, right="dev"),
        ConditionGreaterThan(left=count, right=1),
        ConditionGreaterThanOrEqualTo(left=score, right=0.5),
        ConditionLessThan(left=count, right=10),
        ConditionLessThanOrEqualTo(left=0.1, right=score),
        ConditionIn(value=env, in_values=["dev", "test", ExecutionVariables.PIPELINE_NAME]),
        ConditionNot(expression=ConditionEquals(left=count, right=0)),
        ConditionOr(
            conditions=[
                ConditionEquals(left=env, right="prod"),
                ConditionGreaterThan(left=score, right=0.9),
                ConditionEquals(left=True, right=False),
            ]
        ),
    ]
    step = ConditionStep(
        name="CheckAll",
        display_name="Check every condition type",
        description="All conditions are combined with AND",
        conditions=conditions,
        if_steps=[FailStep(name="AllTrue", error_message="all held")],
        else_steps=[FailStep(name="NotAllTrue", error_message="one failed")],
    )
    return Pipeline(
        name="ConditionsPipeline",
        parameters=[env, count, score],
        steps=[step],
        sagemaker_session=PipelineSession(),
    )
