"""Legacy RegisterModel with estimator= and entry_point=: repack, then register."""

from dagmaker.inputs import TrainingInput
from dagmaker.sklearn.estimator import SKLearn
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.retry import (
    SageMakerJobExceptionTypeEnum,
    SageMakerJobStepRetryPolicy,
    StepExceptionTypeEnum,
    StepRetryPolicy,
)
from dagmaker.workflow.step_collections import RegisterModel
from dagmaker.workflow.steps import TrainingStep
from tests.golden_models.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    estimator = SKLearn(
        entry_point="train.py",
        source_dir="train_code",
        framework_version="1.2-1",
        instance_type="ml.m5.large",
        role=ROLE,
        sagemaker_session=session,
    )
    step_train = TrainingStep(
        name="TrainSklearn",
        step_args=estimator.fit(inputs=TrainingInput(s3_data="s3://my-bucket/train")),
    )
    step_register = RegisterModel(
        name="SklearnRegister",
        estimator=estimator,
        model_data=step_train.properties.ModelArtifacts.S3ModelArtifacts,
        content_types=["text/csv"],
        response_types=["text/csv"],
        inference_instances=["ml.m5.large"],
        transform_instances=["ml.m5.large"],
        model_package_group_name="SklearnRegistered",
        entry_point="inference_code/inference.py",
        dependencies=["lib_helpers"],
        depends_on=[step_train],
        repack_model_step_retry_policies=[
            SageMakerJobStepRetryPolicy(
                failure_reason_types=[SageMakerJobExceptionTypeEnum.RESOURCE_LIMIT],
                max_attempts=3,
            )
        ],
        register_model_step_retry_policies=[
            StepRetryPolicy(exception_types=[StepExceptionTypeEnum.SERVICE_FAULT], max_attempts=2)
        ],
        description="registered with its inference code",
        tags=[{"Key": "owner", "Value": "ml"}],
    )
    plain = RegisterModel(
        name="PlainRegister",
        estimator=estimator,
        model_data=step_train.properties.ModelArtifacts.S3ModelArtifacts,
        content_types=["text/csv"],
        response_types=["text/csv"],
        inference_instances=["ml.m5.large"],
        transform_instances=["ml.m5.large"],
        model_package_group_name="SklearnRegistered",
        image_uri="123456789012.dkr.ecr.us-west-2.amazonaws.com/custom-serving:1",
        customer_metadata_properties={"kind": "plain"},
        depends_on=[step_train],
    )
    return Pipeline(
        name="LegacyRegister",
        steps=[step_train, step_register, plain],
        sagemaker_session=session,
    )
