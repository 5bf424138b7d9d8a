"""Every parameter type: defaults, falsy defaults, no default, enum values, to_string()."""

from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import (
    ParameterBoolean,
    ParameterFloat,
    ParameterInteger,
    ParameterString,
)
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession


def build() -> Pipeline:
    instance_count = ParameterInteger(name="InstanceCount", default_value=2)
    app_managed = ParameterBoolean(name="AppManaged", default_value=False)
    threshold = ParameterFloat(name="MseThreshold", default_value=6.0)
    env = ParameterString(name="Env", default_value="dev", enum_values=["dev", "prod"])
    required = ParameterString(name="RequiredTag")
    zero = ParameterInteger(name="Zero", default_value=0)
    empty = ParameterString(name="Empty", default_value="")
    ratio = ParameterFloat(name="Ratio")
    enabled = ParameterBoolean(name="Enabled", default_value=True)
    message = Join(
        on=" ",
        values=[
            "count",
            instance_count,
            "managed",
            app_managed,
            "threshold",
            threshold,
            env,
            required,
            zero.to_string(),
            empty.to_string(),
            ratio.to_string(),
            enabled,
        ],
    )
    return Pipeline(
        name="ParametersPipeline",
        parameters=[
            instance_count,
            app_managed,
            threshold,
            env,
            required,
            zero,
            empty,
            ratio,
            enabled,
        ],
        steps=[FailStep(name="Report", error_message=message)],
        sagemaker_session=PipelineSession(),
    )
