"""Seed 000 "Model Step": create and register the model a training step produced."""

from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.model import Model
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.retry import (
    SageMakerJobExceptionTypeEnum,
    SageMakerJobStepRetryPolicy,
    StepExceptionTypeEnum,
    StepRetryPolicy,
)
from dagmaker.workflow.steps import TrainingStep
from tests.golden_models.golden_session import ROLE, session_kwargs

IMAGE = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"


def build() -> Pipeline:
    pipeline_session = PipelineSession(**session_kwargs())
    estimator = Estimator(
        image_uri=IMAGE,
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        output_path="s3://my-bucket/models",
        hyperparameters={"objective": "reg:squarederror", "num_round": 20},
        sagemaker_session=pipeline_session,
    )
    step_train = TrainingStep(
        name="MyTrainingStep",
        step_args=estimator.fit(inputs=TrainingInput(s3_data="s3://my-bucket/my-data/train")),
    )
    model = Model(
        image_uri=estimator.training_image_uri(),
        model_data=step_train.properties.ModelArtifacts.S3ModelArtifacts,
        sagemaker_session=pipeline_session,
        role=ROLE,
        vpc_config={"Subnets": ["subnet-1"], "SecurityGroupIds": ["sg-1"]},
        enable_network_isolation=True,
    )
    step_model_create = ModelStep(
        name="MyModelCreationStep",
        step_args=model.create(instance_type="ml.m5.xlarge", tags={"stage": "dev"}),
        retry_policies={
            "create_model_retry_policies": [
                StepRetryPolicy(
                    exception_types=[StepExceptionTypeEnum.THROTTLING],
                    interval_seconds=5,
                    max_attempts=4,
                )
            ],
            "repack_model_retry_policies": [
                SageMakerJobStepRetryPolicy(
                    exception_types=[SageMakerJobExceptionTypeEnum.CAPACITY_ERROR],
                    max_attempts=2,
                )
            ],
        },
    )
    register_model_step_args = model.register(
        content_types=["*"],
        response_types=["application/json"],
        inference_instances=["ml.m5.xlarge"],
        transform_instances=["ml.m5.xlarge"],
        description="MyModelPackage",
    )
    step_model_registration = ModelStep(
        name="MyModelRegistration",
        step_args=register_model_step_args,
        depends_on=[step_model_create],
    )
    return Pipeline(
        name="ModelStepSeed",
        steps=[step_train, step_model_create, step_model_registration],
        sagemaker_session=pipeline_session,
    )
