"""PipelineModel through ModelStep: create and register, one member repacked at run time."""

from dagmaker.model import Model
from dagmaker.pipeline import PipelineModel
from dagmaker.sklearn.model import SKLearnModel
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from tests.golden_models.golden_session import ROLE, session_kwargs

IMAGE = "123456789012.dkr.ecr.us-west-2.amazonaws.com/postprocess:2"


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    features = ParameterString(name="FeatureModel", default_value="s3://my-bucket/features.tar.gz")
    predictor = ParameterString(name="Predictor", default_value="s3://my-bucket/predictor.tar.gz")
    feature_model = SKLearnModel(
        model_data=features,
        role=ROLE,
        entry_point="inference.py",
        source_dir="sklearn_source_dir",
        framework_version="1.2-1",
        code_location="s3://my-bucket/pipeline-code",
        sagemaker_session=session,
    )
    predictor_model = Model(
        image_uri=IMAGE,
        model_data=predictor,
        role=ROLE,
        entry_point="inference.py",
        source_dir="inference_code",
        sagemaker_session=session,
        vpc_config={"Subnets": ["subnet-a"], "SecurityGroupIds": ["sg-a"]},
    )
    pipeline_model = PipelineModel(
        models=[feature_model, predictor_model],
        role=ROLE,
        name="serial-inference",
        sagemaker_session=session,
        vpc_config={"Subnets": ["subnet-a"], "SecurityGroupIds": ["sg-a"]},
    )
    step_create = ModelStep(
        name="SerialModel", step_args=pipeline_model.create(instance_type="ml.m5.large")
    )
    step_register = ModelStep(
        name="SerialRegister",
        step_args=pipeline_model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name="SerialModels",
            description="two containers",
            nearest_model_name="xgboost",
        ),
        depends_on=[step_create],
    )
    return Pipeline(
        name="SerialInference",
        parameters=[features, predictor],
        steps=[step_create, step_register],
        sagemaker_session=session,
    )
