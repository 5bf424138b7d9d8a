"""CacheConfig forms and both retry policy kinds on every retryable job step type."""

from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.retry import (
    SageMakerJobExceptionTypeEnum,
    SageMakerJobStepRetryPolicy,
    StepExceptionTypeEnum,
    StepRetryPolicy,
)
from dagmaker.workflow.steps import (
    CacheConfig,
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
    cache_config = CacheConfig(enable_caching=True, expire_after="P30d")
    step_policy = StepRetryPolicy(
        exception_types=[StepExceptionTypeEnum.SERVICE_FAULT, StepExceptionTypeEnum.THROTTLING],
        expire_after_mins=5,
        interval_seconds=10,
        backoff_rate=2.0,
    )
    job_policy = SageMakerJobStepRetryPolicy(
        exception_types=[SageMakerJobExceptionTypeEnum.RESOURCE_LIMIT],
        expire_after_mins=120,
        interval_seconds=60,
        backoff_rate=2.0,
    )
    failure_policy = SageMakerJobStepRetryPolicy(
        failure_reason_types=[
            SageMakerJobExceptionTypeEnum.INTERNAL_ERROR,
            SageMakerJobExceptionTypeEnum.CAPACITY_ERROR,
        ],
        max_attempts=3,
    )
    default_policy = StepRetryPolicy(exception_types=[StepExceptionTypeEnum.THROTTLING])
    processor = FakeProcessor(lambda: processing(outputs={"train": "s3://b/train"}), session)
    process = ProcessingStep(
        name="Process",
        step_args=processor.run(),
        cache_config=cache_config,
        retry_policies=[step_policy, job_policy],
    )
    train_uri = process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri
    estimator = FakeEstimator(lambda: training(channels={"train": train_uri}), session)
    train = TrainingStep(
        name="Train",
        step_args=estimator.fit(),
        cache_config=CacheConfig(enable_caching=False),
        retry_policies=[failure_policy],
    )
    tuner = FakeTuner(lambda: tuning(train_uri), session)
    tune = TuningStep(
        name="Tune",
        step_args=tuner.fit(),
        cache_config=CacheConfig(enable_caching=True, expire_after="PT12H"),
        retry_policies=[default_policy],
    )
    model = CreateModelStep(
        name="CreateModel",
        step_args=create_model(train.properties.ModelArtifacts.S3ModelArtifacts),
        retry_policies=[default_policy],
    )
    transformer = FakeTransformer(
        lambda: transform(model.properties.ModelName, "s3://b/batch-input"), session
    )
    batch = TransformStep(
        name="Batch",
        step_args=transformer.transform(),
        cache_config=CacheConfig(enable_caching=True),
        retry_policies=[job_policy, default_policy],
    )
    return Pipeline(
        name="CacheRetryPipeline",
        steps=[process, train, tune, model, batch],
        sagemaker_session=session,
    )
