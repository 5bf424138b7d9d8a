"""HyperparameterTuner: argument checks, the request, running and the best job."""

from __future__ import annotations

import pytest

from dagmaker.errors import JobFailure
from dagmaker.estimator import Estimator
from dagmaker.tuner import (
    CategoricalParameter,
    ContinuousParameter,
    HyperparameterTuner,
    IntegerParameter,
    WarmStartConfig,
    WarmStartTypes,
)
from tests.sdk_models.conftest import RecordingClient
from tests.sdk_models.helpers import IMAGE, ROLE, compile_request

RANGES = {"eta": ContinuousParameter(0.1, 0.5), "depth": IntegerParameter(1, 4)}


def _estimator(session: object) -> Estimator:
    return Estimator(
        image_uri=IMAGE,
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.large",
        hyperparameters={"eta": 0.3, "rounds": 10, "verbose": True},
        sagemaker_session=session,
    )


def test_the_request_tunes_ranges_and_keeps_the_rest_static(pipeline_session: object) -> None:
    tuner = HyperparameterTuner(
        _estimator(pipeline_session), "validation:rmse", RANGES, objective_type="Minimize"
    )
    request = compile_request(tuner.fit("s3://b/train"), pipeline_session)
    config = request["HyperParameterTuningJobConfig"]
    assert config["HyperParameterTuningJobObjective"] == {
        "Type": "Minimize",
        "MetricName": "validation:rmse",
    }
    assert config["ResourceLimits"] == {"MaxNumberOfTrainingJobs": 1, "MaxParallelTrainingJobs": 1}
    assert config["ParameterRanges"]["IntegerParameterRanges"] == [
        {"Name": "depth", "MinValue": "1", "MaxValue": "4", "ScalingType": "Auto"}
    ]
    definition = request["TrainingJobDefinition"]
    assert definition["StaticHyperParameters"] == {"rounds": "10", "verbose": "True"}
    assert definition["HyperParameterTuningResourceConfig"] == {
        "InstanceCount": 1,
        "InstanceType": "ml.m5.large",
        "VolumeSizeInGB": 30,
    }
    assert definition["InputDataConfig"][0]["ChannelName"] == "training"


def test_grid_search_leaves_the_job_count_to_the_service(pipeline_session: object) -> None:
    tuner = HyperparameterTuner(
        _estimator(pipeline_session), "m", {"depth": IntegerParameter(1, 4)}, strategy="Grid"
    )
    assert tuner.max_jobs is None


def test_a_plain_session_runs_the_tuning_job_and_names_the_best(
    plain_session: object, client: RecordingClient
) -> None:
    client.responses["describe_hyper_parameter_tuning_job"] = {
        "HyperParameterTuningJobStatus": "Completed",
        "BestTrainingJob": {"TrainingJobName": "tune-001"},
    }
    tuner = HyperparameterTuner(_estimator(plain_session), "m", RANGES, base_tuning_job_name="t")
    with pytest.raises(ValueError, match="No tuning job available"):
        tuner.best_training_job()
    tuner.fit("s3://b/train", job_name="my-tuning")
    (request,) = client.called("create_hyper_parameter_tuning_job")
    assert request["HyperParameterTuningJobName"] == "my-tuning"
    assert tuner.best_training_job() == "tune-001"


def test_no_best_job_yet_is_reported(plain_session: object, client: RecordingClient) -> None:
    client.responses["describe_hyper_parameter_tuning_job"] = {
        "HyperParameterTuningJobStatus": "Completed"
    }
    tuner = HyperparameterTuner(_estimator(plain_session), "m", RANGES)
    tuner.fit("s3://b/train", job_name="t1")
    with pytest.raises(JobFailure, match="Best training job not available for tuning job: t1"):
        tuner.best_training_job()


def test_a_failed_tuning_job_raises(plain_session: object, client: RecordingClient) -> None:
    client.responses["describe_hyper_parameter_tuning_job"] = {
        "HyperParameterTuningJobStatus": "Failed",
        "FailureReason": "no training job succeeded",
    }
    tuner = HyperparameterTuner(_estimator(plain_session), "m", RANGES)
    with pytest.raises(JobFailure, match="no training job succeeded"):
        tuner.fit("s3://b/train")


def test_warm_start_request() -> None:
    config = WarmStartConfig(WarmStartTypes.TRANSFER_LEARNING, parents=["a", "b", "a"])
    assert config.to_input_req() == {
        "WarmStartType": "TransferLearning",
        "ParentHyperParameterTuningJobs": [
            {"HyperParameterTuningJobName": "a"},
            {"HyperParameterTuningJobName": "b"},
        ],
    }
    assert WarmStartConfig.from_job_desc(config.to_input_req()).parents == ["a", "b"]
    with pytest.raises(ValueError, match="parents should not be None/empty"):
        WarmStartConfig(WarmStartTypes.TRANSFER_LEARNING, parents=[])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"hyperparameter_ranges": {}}, ValueError, "Need to specify hyperparameter ranges"),
        ({"hyperparameters_to_keep_static": ["a"]}, ValueError, "Autotune mode is not enabled"),
        (
            {"autotune": True, "hyperparameters_to_keep_static": ["a", "a"]},
            ValueError,
            "remove duplicate names",
        ),
        ({"strategy": "Genetic"}, ValueError, "strategy must be one of"),
        ({"objective_type": "Maximise"}, ValueError, "objective_type must be one of"),
        ({"hyperparameter_ranges": {"eta": (0, 1)}}, TypeError, "must be a ContinuousParameter"),
    ],
)
def test_argument_checks(
    pipeline_session: object, kwargs: dict, error: type[Exception], message: str
) -> None:
    arguments = {"objective_metric_name": "m", "hyperparameter_ranges": RANGES, **kwargs}
    with pytest.raises(error, match=message):
        HyperparameterTuner(_estimator(pipeline_session), **arguments)


def test_multi_algorithm_tuners_check_their_names(pipeline_session: object) -> None:
    estimator = _estimator(pipeline_session)
    with pytest.raises(ValueError, match="keyed by the estimator names"):
        HyperparameterTuner.create(
            estimator_dict={"a": estimator},
            objective_metric_name_dict={"b": "m"},
            hyperparameter_ranges_dict={"a": RANGES},
        )
    tuner = HyperparameterTuner.create(
        estimator_dict={"a": estimator, "b": estimator},
        objective_metric_name_dict={"a": "m", "b": "n"},
        hyperparameter_ranges_dict={"a": RANGES, "b": {"c": CategoricalParameter(["x"])}},
    )
    with pytest.raises(ValueError, match="dict of estimator name"):
        tuner.fit("s3://b/train")
    request = compile_request(tuner.fit({"a": "s3://b/a", "b": "s3://b/b"}), pipeline_session)
    assert [d["DefinitionName"] for d in request["TrainingJobDefinitions"]] == ["a", "b"]
    assert "ParameterRanges" not in request["HyperParameterTuningJobConfig"]
