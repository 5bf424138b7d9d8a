"""The seed's CallbackStep: inputs with a parameter, outputs read downstream, depends_on."""

from dagmaker.workflow.callback_step import CallbackOutput, CallbackOutputTypeEnum, CallbackStep
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.lambda_step import LambdaStep
from dagmaker.workflow.parameters import ParameterInteger
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import CacheConfig
from tests.golden.golden_requests import FunctionRef


def build() -> Pipeline:
    param = ParameterInteger(name="MyInt")
    first = LambdaStep(
        name="TestStep",
        lambda_func=FunctionRef("arn:aws:lambda:us-east-2:123456789012:function:prepare"),
    )
    output_param = CallbackOutput(output_name="output1", output_type=CallbackOutputTypeEnum.String)
    count_param = CallbackOutput(output_name="rows", output_type=CallbackOutputTypeEnum.Integer)
    default_type = CallbackOutput(output_name="note")
    step_callback = CallbackStep(
        name="MyCallbackStep",
        depends_on=["TestStep"],
        sqs_queue_url="https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue",
        inputs={"arg1": "foo", "arg2": 5, "arg3": param},
        outputs=[output_param, count_param, default_type],
        cache_config=CacheConfig(enable_caching=True, expire_after="P1D"),
        description="Wait for the ETL job",
    )
    report = FailStep(
        name="Report",
        error_message=Join(
            on=" ",
            values=[
                step_callback.properties.Outputs["output1"],
                step_callback.properties.Outputs["rows"],
            ],
        ),
    )
    return Pipeline(
        name="CallbackPipeline",
        parameters=[param],
        steps=[first, step_callback, report],
        sagemaker_session=PipelineSession(),
    )
