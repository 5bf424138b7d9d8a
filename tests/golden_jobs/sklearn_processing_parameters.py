"""Seed 000, "Pipeline Parameters": SKLearnProcessor with parameterised instance count."""

from dagmaker.processing import ProcessingInput
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.workflow.parameters import ParameterBoolean, ParameterInteger
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    instance_count = ParameterInteger(name="InstanceCount", default_value=2)
    app_managed = ParameterBoolean(name="AppManaged", default_value=False)
    inputs = [
        ProcessingInput(
            source="s3://my-bucket/sourcefile",
            destination="/opt/ml/processing/inputs/",
            app_managed=app_managed,
        ),
    ]
    sklearn_processor = SKLearnProcessor(
        framework_version="0.23-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=instance_count,
        command=["python3"],
        sagemaker_session=session,
        base_job_name="test-sklearn",
    )
    step_sklearn = ProcessingStep(
        name="MyProcessingStep",
        step_args=sklearn_processor.run(inputs=inputs, code="code/preprocess.py"),
    )
    return Pipeline(
        name="ParamsPipeline",
        parameters=[instance_count, app_managed],
        steps=[step_sklearn],
        sagemaker_session=session,
    )
