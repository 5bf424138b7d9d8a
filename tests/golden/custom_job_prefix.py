"""use_custom_job_prefix keeps each job-name field, trimmed to its base name."""

from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.pipeline_definition_config import PipelineDefinitionConfig
from dagmaker.workflow.steps import (
    CreateModelStep,
    ProcessingStep,
    TrainingStep,
    TransformStep,
    TuningStep,
)
from tests.golden.golden_fake_jobs import FakeEstimator, FakeProcessor, FakeTransformer, FakeTuner
from tests.golden.golden_requests import create_model, processing, training, transform, tuning


def build() -> Pipeline:
    session = PipelineSession()
    processor = FakeProcessor(
        lambda: processing(name="my-prep-2024-05-06-07-08-09-123", outputs={"o": "s3://b/o"}),
        session,
    )
    process = ProcessingStep(name="Prep", step_args=processor.run())
    estimator = FakeEstimator(
        lambda: training(name="plainname", channels={"t": "s3://b/t"}), session
    )
    train = TrainingStep(name="Train", step_args=estimator.fit())
    model = CreateModelStep(
        name="Model",
        step_args=create_model(train.properties.ModelArtifacts.S3ModelArtifacts),
    )
    transformer = FakeTransformer(
        lambda: transform(model.properties.ModelName, "s3://b/in", name="batch-job-240506-0708"),
        session,
    )
    batch = TransformStep(name="Batch", step_args=transformer.transform())
    tuner = FakeTuner(lambda: tuning("s3://b/t", name="hpo-240506-0708"), session)
    tune = TuningStep(name="Tune", step_args=tuner.fit())
    return Pipeline(
        name="CustomPrefix",
        steps=[process, train, model, batch, tune],
        sagemaker_session=session,
        pipeline_definition_config=PipelineDefinitionConfig(use_custom_job_prefix=True),
    )
