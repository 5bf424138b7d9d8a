"""Seed 000, "Pipeline Session": a PyTorch estimator's fit as a TrainingStep."""

from dagmaker.inputs import TrainingInput
from dagmaker.pytorch.estimator import PyTorch
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.retry import (
    SageMakerJobExceptionTypeEnum,
    SageMakerJobStepRetryPolicy,
    StepExceptionTypeEnum,
    StepRetryPolicy,
)
from dagmaker.workflow.steps import CacheConfig, TrainingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    pytorch_estimator = PyTorch(
        sagemaker_session=session,
        role=ROLE,
        instance_type="ml.c5.xlarge",
        instance_count=1,
        framework_version="1.8.0",
        py_version="py36",
        entry_point="./entry_point.py",
    )
    step = TrainingStep(
        name="MyTrainingStep",
        step_args=pytorch_estimator.fit(
            inputs=TrainingInput(s3_data="s3://my-bucket/my-data/train"),
        ),
        display_name="MyTrainingStepDisplayName",
        description="This is MyTrainingStep",
        cache_config=CacheConfig(enable_caching=True, expire_after="P30d"),
        retry_policies=[
            StepRetryPolicy(
                exception_types=[
                    StepExceptionTypeEnum.SERVICE_FAULT,
                    StepExceptionTypeEnum.THROTTLING,
                ],
                expire_after_mins=5,
                interval_seconds=10,
                backoff_rate=2.0,
            ),
            SageMakerJobStepRetryPolicy(
                exception_types=[SageMakerJobExceptionTypeEnum.RESOURCE_LIMIT],
                expire_after_mins=120,
                interval_seconds=60,
                backoff_rate=2.0,
            ),
        ],
    )
    distributed = PyTorch(
        sagemaker_session=session,
        role=ROLE,
        instance_type="ml.g5.12xlarge",
        instance_count=2,
        framework_version="2.1.0",
        py_version="py310",
        entry_point="train.py",
        source_dir="source/train",
        hyperparameters={"epochs": 3, "lr": 0.01, "optimizer": "adam"},
        distribution={"torch_distributed": {"enabled": True}},
        checkpoint_s3_uri="s3://my-bucket/checkpoints",
        checkpoint_local_path="/opt/ml/checkpoints",
        max_run=3600,
    )
    distributed_step = TrainingStep(
        name="TrainDistributed",
        step_args=distributed.fit({"train": "s3://my-bucket/my-data/train"}),
        depends_on=[step],
    )
    return Pipeline(
        name="PyTorchPipeline", steps=[step, distributed_step], sagemaker_session=session
    )
