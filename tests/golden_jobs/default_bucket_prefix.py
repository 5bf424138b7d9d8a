"""A session with default_bucket_prefix: every default location carries the prefix."""

from dagmaker.processing import ProcessingInput, ProcessingOutput
from dagmaker.sklearn.estimator import SKLearn
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep, TrainingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs(default_bucket_prefix="team-a/projects"))
    processor = SKLearnProcessor(
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        sagemaker_session=session,
    )
    step_process = ProcessingStep(
        name="Process",
        step_args=processor.run(
            code="code/preprocess.py",
            inputs=[
                ProcessingInput(
                    source="artifacts/data",
                    destination="/opt/ml/processing/input",
                    input_name="raw",
                )
            ],
            outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")],
        ),
    )
    estimator = SKLearn(
        entry_point="train.py",
        source_dir="source/train",
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        sagemaker_session=session,
    )
    step_train = TrainingStep(
        name="Train",
        step_args=estimator.fit(
            {
                "train": step_process.properties.ProcessingOutputConfig.Outputs[
                    "train"
                ].S3Output.S3Uri
            }
        ),
    )
    return Pipeline(
        name="PrefixedPipeline", steps=[step_process, step_train], sagemaker_session=session
    )
