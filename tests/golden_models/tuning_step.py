"""Seed 000 TuningStep: every range type, warm start, and get_top_model_s3_uri in models."""

from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.model import Model
from dagmaker.sklearn.estimator import SKLearn
from dagmaker.tuner import (
    CategoricalParameter,
    ContinuousParameter,
    HyperbandStrategyConfig,
    HyperparameterTuner,
    IntegerParameter,
    StrategyConfig,
    TuningJobCompletionCriteriaConfig,
    WarmStartConfig,
    WarmStartTypes,
)
from dagmaker.workflow.functions import Join
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterFloat, ParameterInteger
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import CacheConfig, TuningStep
from tests.golden_models.golden_session import ROLE, session_kwargs

IMAGE = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    max_eta = ParameterFloat(name="MaxEta", default_value=0.5)
    max_jobs = ParameterInteger(name="MaxTuningJobs", default_value=6)
    bucket = "my-bucket"
    model_prefix = "my-model"
    xgb = Estimator(
        image_uri=IMAGE,
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        output_path=f"s3://{bucket}/{model_prefix}",
        hyperparameters={"objective": "reg:squarederror", "num_round": 50, "verbosity": 0},
        metric_definitions=[{"Name": "ignored:by-tuner", "Regex": "x=(.*)"}],
        tags=[{"Key": "team", "Value": "ml"}],
        sagemaker_session=session,
    )
    tuner = HyperparameterTuner(
        estimator=xgb,
        objective_metric_name="validation:rmse",
        hyperparameter_ranges={
            "eta": ContinuousParameter(0.01, max_eta, scaling_type="Logarithmic"),
            "max_depth": IntegerParameter(2, 8),
            "booster": CategoricalParameter(["gbtree", "dart"]),
        },
        metric_definitions=[{"Name": "validation:rmse", "Regex": "validation-rmse:([0-9.]+)"}],
        strategy="Random",
        objective_type="Minimize",
        max_jobs=max_jobs,
        max_parallel_jobs=2,
        max_runtime_in_seconds=3600,
        base_tuning_job_name="abalone-tune",
        early_stopping_type="Auto",
        warm_start_config=WarmStartConfig(
            WarmStartTypes.IDENTICAL_DATA_AND_ALGORITHM, parents={"previous-tuning-job"}
        ),
        tags={"project": "abalone"},
    )
    step_tune = TuningStep(
        name="HPTuning",
        step_args=tuner.fit(
            inputs={
                "train": TrainingInput(s3_data=f"s3://{bucket}/train", content_type="text/csv"),
                "validation": TrainingInput(s3_data=f"s3://{bucket}/validation"),
            }
        ),
        cache_config=CacheConfig(enable_caching=True, expire_after="PT12H"),
    )
    best_model = Model(
        image_uri=IMAGE,
        model_data=step_tune.get_top_model_s3_uri(top_k=0, s3_bucket=bucket, prefix=model_prefix),
        role=ROLE,
        sagemaker_session=session,
    )
    second_best = Model(
        image_uri=IMAGE,
        model_data=Join(
            on="/",
            values=[
                f"s3://{bucket}/{model_prefix}",
                step_tune.properties.TrainingJobSummaries[1].TrainingJobName,
                "output/model.tar.gz",
            ],
        ),
        role=ROLE,
        sagemaker_session=session,
    )
    default_bucket_best = Model(
        image_uri=IMAGE,
        model_data=step_tune.get_top_model_s3_uri(top_k=2, s3_bucket=session.default_bucket()),
        role=ROLE,
        sagemaker_session=session,
    )
    sklearn = SKLearn(
        entry_point="train.py",
        source_dir="train_code",
        framework_version="1.2-1",
        instance_type="ml.m5.large",
        role=ROLE,
        hyperparameters={"criterion": "squared_error", "alpha": 1.0},
        sagemaker_session=session,
    )
    hyperband = HyperparameterTuner(
        estimator=sklearn,
        objective_metric_name="validation:rmse",
        hyperparameter_ranges={
            "alpha": ContinuousParameter(0.1, 10, scaling_type="ReverseLogarithmic"),
            "max_depth": IntegerParameter(1, 5, scaling_type="Linear"),
            "criterion": CategoricalParameter(["squared_error", "absolute_error"]),
        },
        metric_definitions=[{"Name": "validation:rmse", "Regex": "validation:rmse=([0-9.]+)"}],
        strategy="Hyperband",
        strategy_config=StrategyConfig(HyperbandStrategyConfig(max_resource=10, min_resource=1)),
        completion_criteria_config=TuningJobCompletionCriteriaConfig(
            max_number_of_training_jobs_not_improving=3,
            complete_on_convergence=True,
            target_objective_metric_value=0.1,
        ),
        objective_type="Minimize",
        max_jobs=8,
        max_parallel_jobs=4,
        random_seed=7,
    )
    step_hyperband = TuningStep(
        name="SklearnTuning",
        step_args=hyperband.fit(inputs=TrainingInput(s3_data=f"s3://{bucket}/train")),
    )
    return Pipeline(
        name="TuningPipeline",
        parameters=[max_eta, max_jobs],
        steps=[
            step_tune,
            ModelStep(name="BestModel", step_args=best_model.create(instance_type="ml.m5.large")),
            ModelStep(name="SecondBest", step_args=second_best.create()),
            ModelStep(name="ThirdBest", step_args=default_bucket_best.create()),
            step_hyperband,
        ],
        sagemaker_session=session,
    )
