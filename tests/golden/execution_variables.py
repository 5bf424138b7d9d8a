"""All eight execution variables, and the seed's START_DATETIME output path."""

from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep
from tests.golden.golden_fake_jobs import FakeProcessor
from tests.golden.golden_requests import processing


def build() -> Pipeline:
    session = PipelineSession()
    bucket = ParameterString("bucket", default_value="my-bucket")
    output_path = Join(
        on="/", values=["s3:/", bucket, "my-train-output-", ExecutionVariables.START_DATETIME]
    )
    processor = FakeProcessor(
        lambda: processing(
            inputs={"input-1": "s3://my-input"},
            outputs={"train": output_path},
            arguments=["--job", ExecutionVariables.PROCESSING_JOB_NAME],
        ),
        session,
    )
    step = ProcessingStep(name="MyProcessingStep", step_args=processor.run())
    every = [
        ExecutionVariables.START_DATETIME,
        ExecutionVariables.CURRENT_DATETIME,
        ExecutionVariables.PIPELINE_NAME,
        ExecutionVariables.PIPELINE_ARN,
        ExecutionVariables.PIPELINE_EXECUTION_ID,
        ExecutionVariables.PIPELINE_EXECUTION_ARN,
        ExecutionVariables.TRAINING_JOB_NAME,
        ExecutionVariables.PROCESSING_JOB_NAME,
    ]
    fail = FailStep(
        name="ShowVariables", error_message=Join(on=";", values=every), depends_on=[step]
    )
    return Pipeline(
        name="ExecutionVariablesPipeline",
        parameters=[bucket],
        steps=[step, fail],
        sagemaker_session=session,
    )
