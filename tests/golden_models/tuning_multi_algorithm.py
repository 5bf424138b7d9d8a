"""HyperparameterTuner.create (several estimators) and Autotune, as TuningSteps."""

from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.tuner import (
    CategoricalParameter,
    ContinuousParameter,
    HyperparameterTuner,
    InstanceConfig,
    IntegerParameter,
)
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import TuningStep
from tests.golden_models.golden_session import ROLE, session_kwargs

XGB = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"
LINEAR = "174872318107.dkr.ecr.us-west-2.amazonaws.com/linear-learner:1"


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    xgb = Estimator(
        image_uri=XGB,
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        hyperparameters={"num_round": 10},
        sagemaker_session=session,
    )
    linear = Estimator(
        image_uri=LINEAR,
        role=ROLE,
        instance_type="ml.m5.large",
        instance_count=1,
        hyperparameters={"predictor_type": "regressor", "epochs": 5},
        max_run=1800,
        volume_kms_key="alias/volume",
        sagemaker_session=session,
    )
    multi = HyperparameterTuner.create(
        estimator_dict={"xgboost": xgb, "linear": linear},
        objective_metric_name_dict={
            "xgboost": "validation:rmse",
            "linear": "validation:objective_loss",
        },
        hyperparameter_ranges_dict={
            "xgboost": {"eta": ContinuousParameter(0.1, 0.5), "max_depth": IntegerParameter(2, 6)},
            "linear": {
                "learning_rate": ContinuousParameter(0.001, 0.1),
                "optimizer": CategoricalParameter(["sgd", "adam"]),
            },
        },
        metric_definitions_dict={
            "xgboost": [{"Name": "validation:rmse", "Regex": "rmse=([0-9.]+)"}]
        },
        objective_type="Minimize",
        max_jobs=10,
        max_parallel_jobs=2,
        base_tuning_job_name="multi",
    )
    multi.override_resource_config(
        instance_configs={
            "xgboost": [
                InstanceConfig(instance_count=1, instance_type="ml.m5.xlarge"),
                InstanceConfig(instance_count=1, instance_type="ml.c5.xlarge"),
            ]
        }
    )
    step_multi = TuningStep(
        name="MultiAlgorithm",
        step_args=multi.fit(
            inputs={
                "xgboost": {"train": TrainingInput("s3://my-bucket/train")},
                "linear": TrainingInput("s3://my-bucket/train-recordio"),
            },
            include_cls_metadata={"linear": True},
        ),
    )
    auto = HyperparameterTuner(
        estimator=xgb,
        objective_metric_name="validation:auc",
        hyperparameter_ranges={"eta": ContinuousParameter(0.1, 0.3)},
        strategy="Grid",
        autotune=True,
        hyperparameters_to_keep_static=["num_round"],
    )
    step_auto = TuningStep(
        name="Autotuned",
        step_args=auto.fit(inputs="s3://my-bucket/train", include_cls_metadata=True),
    )
    return Pipeline(name="MultiTuning", steps=[step_multi, step_auto], sagemaker_session=session)
