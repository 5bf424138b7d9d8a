"""The seed's Join examples, nested Joins and a FailStep whose message is a Join."""

from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterFloat, ParameterInteger, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession


def build() -> Pipeline:
    bucket = ParameterString("bucket", default_value="my-bucket")
    my_bucket = ParameterString(name="MyBucket", default_value="")
    epochs = ParameterInteger(name="Epochs", default_value=10)
    rate = ParameterFloat(name="Rate", default_value=0.1)
    input_uri = Join(on="/", values=["s3:/", bucket, "my-input"])
    my_string = Join(on="", values=["s3://", my_bucket, "/training"])
    nested = Join(on=",", values=[input_uri, my_string, epochs.to_string(), rate.to_string()])
    message = Join(
        on=" | ",
        values=[
            "run",
            ExecutionVariables.PIPELINE_EXECUTION_ID,
            "of",
            ExecutionVariables.PIPELINE_NAME,
            nested,
            3,
            2.5,
            True,
        ],
    )
    return Pipeline(
        name="JoinPipeline",
        parameters=[bucket, my_bucket, epochs, rate],
        steps=[
            FailStep(name="FailWithJoin", error_message=message, display_name="Fail with a Join"),
            FailStep(name="FailPlain", error_message="plain text", description="no Join"),
            FailStep(name="FailEmpty"),
        ],
        sagemaker_session=PipelineSession(),
    )
