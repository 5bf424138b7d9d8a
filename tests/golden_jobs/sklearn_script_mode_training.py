"""Seed 000, caching: SKLearn script mode on a given image, legacy and step_args forms."""

from dagmaker import image_uris
from dagmaker.inputs import TrainingInput
from dagmaker.sklearn.estimator import SKLearn
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import CacheConfig, TrainingStep
from tests.golden_jobs.golden_session import REGION, ROLE, session_kwargs


def build() -> Pipeline:
    pipeline_session = PipelineSession(**session_kwargs())
    training_instance_type = ParameterString(
        name="TrainingInstanceType", default_value="ml.m5.xlarge"
    )
    cache_config = CacheConfig(enable_caching=True, expire_after="PT1H")
    container_image_uri = image_uris.retrieve(
        framework="xgboost",
        region=REGION,
        version="1.0-1",
        py_version="py3",
        instance_type="ml.m5.xlarge",
    )
    hyperparameters = {
        "dataset_frequency": "H",
        "timestamp_format": "yyyy-MM-dd hh:mm:ss",
        "number_of_backtest_windows": "1",
        "role_arn": ROLE,
        "region": REGION,
    }
    sklearn_estimator = SKLearn(
        entry_point="train.py",
        source_dir="source/train",
        role=ROLE,
        image_uri=container_image_uri,
        instance_type=training_instance_type,
        sagemaker_session=pipeline_session,
        base_job_name="training_job",
        hyperparameters=hyperparameters,
        enable_sagemaker_metrics=True,
    )
    training_step = TrainingStep(
        name="Train", estimator=sklearn_estimator, cache_config=cache_config
    )
    versioned = SKLearn(
        entry_point="train.py",
        source_dir="source/train",
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.large",
        sagemaker_session=pipeline_session,
        hyperparameters={"alpha": 0.5, "fit_intercept": True, "solver": "auto"},
    )
    versioned_step = TrainingStep(
        name="TrainVersioned",
        step_args=versioned.fit(inputs={"train": TrainingInput("s3://my-bucket/train/")}),
    )
    return Pipeline(
        name="SKLearnTraining",
        parameters=[training_instance_type],
        steps=[training_step, versioned_step],
        sagemaker_session=pipeline_session,
    )
