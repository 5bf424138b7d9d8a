"""PipelineDefinitionConfig(use_custom_job_prefix=True) keeps base job names."""

from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.processing import ProcessingOutput
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.pipeline_definition_config import PipelineDefinitionConfig
from dagmaker.workflow.steps import ProcessingStep, TrainingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    processor = SKLearnProcessor(
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        base_job_name="my-prefix-process",
        sagemaker_session=session,
    )
    step_process = ProcessingStep(
        name="Process",
        step_args=processor.run(
            code="code/preprocess.py",
            outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")],
        ),
    )
    unnamed = SKLearnProcessor(
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        sagemaker_session=session,
    )
    step_unnamed = ProcessingStep(name="Unnamed", step_args=unnamed.run(code="code/evaluate.py"))
    estimator = Estimator(
        image_uri="123456789012.dkr.ecr.us-west-2.amazonaws.com/my-trainer:1.0",
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        base_job_name="my-prefix-train",
        sagemaker_session=session,
    )
    step_train = TrainingStep(
        name="Train",
        step_args=estimator.fit(
            TrainingInput(
                step_process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri
            )
        ),
    )
    return Pipeline(
        name="CustomPrefix",
        steps=[step_process, step_unnamed, step_train],
        sagemaker_session=session,
        pipeline_definition_config=PipelineDefinitionConfig(use_custom_job_prefix=True),
    )
