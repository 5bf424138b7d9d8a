"""JsonGet's S3-URI form: a Join of literals, parameters, execution variables, properties."""

from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionLessThan
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join, JsonGet
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep
from tests.golden.golden_fake_jobs import FakeProcessor
from tests.golden.golden_requests import processing


def build() -> Pipeline:
    session = PipelineSession()
    bucket = ParameterString(name="Bucket", default_value="my-bucket")
    processor = FakeProcessor(lambda: processing(outputs={"out": "s3://my-bucket/out"}), session)
    step = ProcessingStep(name="Score", step_args=processor.run())
    uri = Join(
        on="/",
        values=[
            "s3:/",
            bucket,
            ExecutionVariables.PIPELINE_EXECUTION_ID,
            step.properties.ProcessingJobName,
            "result.json",
        ],
    )
    loss = JsonGet(s3_uri=uri, json_path="Result['loss']")
    first = JsonGet(s3_uri=Join(on="", values=["s3://my-bucket/fixed.json"]), json_path="items[0]")
    check = ConditionStep(
        name="LossSmall",
        conditions=[ConditionLessThan(left=loss, right=0.3)],
        else_steps=[
            FailStep(name="LossTooHigh", error_message=Join(on=":", values=["loss", loss, first]))
        ],
    )
    return Pipeline(
        name="JsonGetS3Uri", parameters=[bucket], steps=[step, check], sagemaker_session=session
    )
