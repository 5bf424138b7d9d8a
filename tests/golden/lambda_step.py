"""The seed's LambdaStep: four typed outputs, read by property and by output object."""

from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionEquals, ConditionGreaterThan
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.lambda_step import LambdaOutput, LambdaOutputTypeEnum, LambdaStep
from dagmaker.workflow.parameters import ParameterInteger
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import CacheConfig
from tests.golden.golden_requests import FunctionRef


def build() -> Pipeline:
    limit = ParameterInteger(name="Limit", default_value=3)
    str_output = LambdaOutput(output_name="output1", output_type=LambdaOutputTypeEnum.String)
    int_output = LambdaOutput(output_name="output2", output_type=LambdaOutputTypeEnum.Integer)
    bool_output = LambdaOutput(output_name="output3", output_type=LambdaOutputTypeEnum.Boolean)
    float_output = LambdaOutput(output_name="output4", output_type=LambdaOutputTypeEnum.Float)
    step_lambda = LambdaStep(
        name="MyLambdaStep",
        lambda_func=FunctionRef(
            "arn:aws:lambda:us-west-2:123456789012:function:sagemaker_test_lambda"
        ),
        inputs={"arg1": "foo", "arg2": 5, "limit": limit},
        outputs=[str_output, int_output, bool_output, float_output],
        cache_config=CacheConfig(enable_caching=True, expire_after="T12H"),
        display_name="Call the function",
    )
    no_outputs = LambdaStep(
        name="FireAndForget",
        lambda_func=FunctionRef("arn:aws:lambda:us-west-2:123456789012:function:notify"),
        depends_on=[step_lambda],
    )
    check = ConditionStep(
        name="CheckLambda",
        conditions=[
            ConditionGreaterThan(left=step_lambda.properties.Outputs["output2"], right=limit),
            ConditionEquals(left=str_output, right="ok"),
        ],
        else_steps=[
            FailStep(
                name="LambdaSaidNo",
                error_message=Join(on=" ", values=[step_lambda.properties.Outputs["output1"]]),
            )
        ],
    )
    return Pipeline(
        name="LambdaPipeline",
        parameters=[limit],
        steps=[step_lambda, no_outputs, check],
        sagemaker_session=PipelineSession(),
    )
