"""Legacy EstimatorTransformer: repack, create a model, batch transform, as one collection."""

from dagmaker.estimator import Estimator
from dagmaker.inputs import CreateModelInput, TrainingInput, TransformInput
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.step_collections import EstimatorTransformer
from dagmaker.workflow.steps import TrainingStep
from tests.golden_models.golden_session import ROLE, session_kwargs

IMAGE = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    batch = ParameterString(name="BatchInput", default_value="s3://my-bucket/batch")
    estimator = Estimator(
        image_uri=IMAGE,
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        output_kms_key="alias/models",
        sagemaker_session=session,
    )
    step_train = TrainingStep(
        name="Train", step_args=estimator.fit(TrainingInput(s3_data="s3://my-bucket/train"))
    )
    model_data = step_train.properties.ModelArtifacts.S3ModelArtifacts
    plain = EstimatorTransformer(
        name="Batch",
        estimator=estimator,
        model_data=model_data,
        model_inputs=CreateModelInput(instance_type="ml.m5.large"),
        instance_count=1,
        instance_type="ml.m5.large",
        transform_inputs=TransformInput(data=batch, content_type="text/csv", split_type="Line"),
        assemble_with="Line",
        accept="text/csv",
        # SageMaker's SDK writes a null S3OutputPath when none is given here (its legacy
        # TransformStep never fills in the default), so the golden names one.
        output_path="s3://my-bucket/batch-output",
        depends_on=[step_train],
        env={"OMP_NUM_THREADS": "1"},
    )
    repacked = EstimatorTransformer(
        name="Repacked",
        estimator=estimator,
        model_data=model_data,
        model_inputs=None,
        instance_count=2,
        instance_type="ml.m5.large",
        transform_inputs=TransformInput(data=batch),
        output_path="s3://my-bucket/repacked-output",
        description="with inference code",
        entry_point="inference.py",
        source_dir="inference_code",
    )
    return Pipeline(
        name="EstimatorTransform",
        parameters=[batch],
        steps=[step_train, plain, repacked],
        sagemaker_session=session,
    )
