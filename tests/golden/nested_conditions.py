"""A ConditionStep nested in a branch of another, deep Or/Not/In trees, and Outcome."""

from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import (
    ConditionEquals,
    ConditionIn,
    ConditionLessThan,
    ConditionNot,
    ConditionOr,
)
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.parameters import ParameterInteger, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession


def build() -> Pipeline:
    region = ParameterString(name="Region", default_value="eu")
    size = ParameterInteger(name="Size", default_value=5)
    inner = ConditionStep(
        name="Inner",
        conditions=[
            ConditionNot(
                expression=ConditionOr(
                    conditions=[
                        ConditionLessThan(left=size, right=2),
                        ConditionNot(expression=ConditionIn(value=size, in_values=[5, 6, 7])),
                    ]
                )
            )
        ],
        if_steps=[FailStep(name="SmallEu", error_message="small")],
        else_steps=[FailStep(name="LargeEu", error_message="large")],
    )
    outer = ConditionStep(
        name="Outer",
        conditions=[
            ConditionOr(
                conditions=[
                    ConditionNot(expression=ConditionIn(value=region, in_values=["us", "ap"])),
                    ConditionEquals(left=region, right="eu"),
                ]
            )
        ],
        if_steps=[inner],
        else_steps=[FailStep(name="OtherRegion", error_message="elsewhere")],
    )
    after = ConditionStep(
        name="AfterOuter",
        conditions=[ConditionEquals(left=outer.properties.Outcome, right=True)],
        if_steps=[FailStep(name="OuterWasTrue", error_message="outer true")],
    )
    return Pipeline(
        name="NestedConditions",
        parameters=[region, size],
        steps=[outer, after],
        sagemaker_session=PipelineSession(),
    )
