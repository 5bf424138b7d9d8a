"""Parameter ranges and tuning job settings read from CreateHyperParameterTuningJob."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dagmaker.errors import InvalidRequest
from dagmaker.runners.tuning_config import parse_request
from dagmaker.runners.tuning_ranges import ParameterRange, parse_ranges

REQUEST: dict[str, Any] = {
    "HyperParameterTuningJobConfig": {
        "Strategy": "Bayesian",
        "ResourceLimits": {"MaxNumberOfTrainingJobs": 4, "MaxParallelTrainingJobs": 2},
        "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "validation:rmse"},
        "ParameterRanges": {
            "ContinuousParameterRanges": [
                {"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5", "ScalingType": "Auto"}
            ],
            "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "2", "MaxValue": "6"}],
            "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
        },
        "TrainingJobEarlyStoppingType": "Off",
    },
    "TrainingJobDefinition": {
        "StaticHyperParameters": {"num_round": "10"},
        "AlgorithmSpecification": {"TrainingImage": "xgboost:1", "TrainingInputMode": "File"},
    },
}


def _request(**changes: Any) -> dict[str, Any]:
    request = copy.deepcopy(REQUEST)
    request["HyperParameterTuningJobConfig"].update(changes)
    return request


def test_ranges_read_strings_as_numbers() -> None:
    ranges = parse_ranges(REQUEST["HyperParameterTuningJobConfig"]["ParameterRanges"])
    assert ranges == [
        ParameterRange("eta", "Continuous", 0.1, 0.5, scaling="Auto"),
        ParameterRange("max_depth", "Integer", 2, 6, scaling="Auto"),
        ParameterRange("booster", "Categorical", values=("gbtree", "dart")),
    ]


def test_values_map_to_hyperparameter_strings_and_back() -> None:
    eta, depth, booster = parse_ranges(REQUEST["HyperParameterTuningJobConfig"]["ParameterRanges"])
    assert eta.hyperparameter(0.25) == "0.25" and eta.internal("0.25") == 0.25
    assert eta.internal("0.9") is None and eta.internal("fast") is None
    assert depth.hyperparameter(4) == "4" and depth.internal("4") == 4
    assert depth.internal("4.5") is None and depth.grid() == [2, 3, 4, 5, 6]
    assert booster.internal("dart") == "dart" and booster.internal("linear") is None


def test_reverse_logarithmic_samples_one_minus_the_value() -> None:
    (beta,) = parse_ranges(
        {
            "ContinuousParameterRanges": [
                {
                    "Name": "beta",
                    "MinValue": "0.9",
                    "MaxValue": "0.999",
                    "ScalingType": "ReverseLogarithmic",
                }
            ]
        }
    )
    assert beta.reverse
    assert beta.internal("0.99") == pytest.approx(0.01)
    assert beta.hyperparameter(0.01) == repr(0.99)


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        (
            {"IntegerParameterRanges": [{"Name": "n", "MinValue": "5", "MaxValue": "2"}]},
            "MinValue 5 is above MaxValue 2",
        ),
        (
            {"IntegerParameterRanges": [{"Name": "n", "MinValue": "1.5", "MaxValue": "2"}]},
            "MinValue must be an integer",
        ),
        (
            {"ContinuousParameterRanges": [{"Name": "x", "MinValue": "low", "MaxValue": "2"}]},
            "MinValue must be a number",
        ),
        (
            {
                "ContinuousParameterRanges": [
                    {"Name": "x", "MinValue": "0", "MaxValue": "1", "ScalingType": "Logarithmic"}
                ]
            },
            "Logarithmic scaling needs MinValue > 0",
        ),
        (
            {
                "ContinuousParameterRanges": [
                    {
                        "Name": "x",
                        "MinValue": "0.5",
                        "MaxValue": "1.5",
                        "ScalingType": "ReverseLogarithmic",
                    }
                ]
            },
            "within 0 <= MinValue < MaxValue < 1",
        ),
        (
            {
                "IntegerParameterRanges": [
                    {
                        "Name": "n",
                        "MinValue": "0",
                        "MaxValue": "1",
                        "ScalingType": "ReverseLogarithmic",
                    }
                ]
            },
            "ReverseLogarithmic scaling applies to continuous ranges",
        ),
        (
            {
                "ContinuousParameterRanges": [
                    {"Name": "x", "MinValue": "0", "MaxValue": "1", "ScalingType": "Cubic"}
                ]
            },
            "ScalingType must be one of",
        ),
        ({"CategoricalParameterRanges": [{"Name": "c", "Values": ["a", "a"]}]}, "each once"),
        ({"CategoricalParameterRanges": [{"Name": "c", "Values": []}]}, "at least one value"),
        (
            {
                "IntegerParameterRanges": [{"Name": "n", "MinValue": "0", "MaxValue": "1"}],
                "CategoricalParameterRanges": [{"Name": "n", "Values": ["a"]}],
            },
            "hyperparameter 'n' has more than one range",
        ),
    ],
)
def test_bad_ranges_are_named(ranges: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidRequest, match=message):
        parse_ranges(ranges)


def test_request_settings() -> None:
    config = parse_request(
        _request(
            RandomSeed=7,
            TrainingJobEarlyStoppingType="Auto",
            TuningJobCompletionCriteria={
                "TargetObjectiveMetricValue": 0.5,
                "BestObjectiveNotImproving": {"MaxNumberOfTrainingJobsNotImproving": 3},
            },
        )
    )
    assert (config.strategy, config.max_jobs, config.max_parallel) == ("Bayesian", 4, 2)
    assert (config.objective_metric, config.maximize, config.objective_type) == (
        "validation:rmse",
        False,
        "Minimize",
    )
    assert config.early_stopping and config.random_seed == 7
    assert (config.target_value, config.not_improving_limit) == (0.5, 3)
    assert config.definition["StaticHyperParameters"] == {"num_round": "10"}


def test_grid_runs_every_combination_and_refuses_continuous_ranges() -> None:
    with pytest.raises(InvalidRequest, match="'eta' is continuous"):
        parse_request(_request(Strategy="Grid"))
    request = _request(Strategy="Grid", ResourceLimits={"MaxParallelTrainingJobs": 2})
    del request["HyperParameterTuningJobConfig"]["ParameterRanges"]["ContinuousParameterRanges"]
    assert parse_request(request).max_jobs == 5 * 2
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] = 3
    assert parse_request(request).max_jobs == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"Strategy": "Genetic"}, "Strategy must be one of Bayesian, Random, Grid, Hyperband"),
        ({"HyperParameterTuningJobObjective": None}, "the tuning objective"),
        (
            {"HyperParameterTuningJobObjective": {"Type": "Lower", "MetricName": "m"}},
            "Type must be Minimize or Maximize",
        ),
        ({"ResourceLimits": {"MaxNumberOfTrainingJobs": 4}}, "MaxParallelTrainingJobs must be"),
        (
            {"ResourceLimits": {"MaxNumberOfTrainingJobs": 0, "MaxParallelTrainingJobs": 1}},
            "MaxNumberOfTrainingJobs must be a whole number of at least 1",
        ),
    ],
)
def test_bad_requests_are_named(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidRequest, match=message):
        parse_request(_request(**changes))


def test_one_of_several_definitions() -> None:
    request = copy.deepcopy(REQUEST)
    definition = request.pop("TrainingJobDefinition")
    request["TrainingJobDefinitions"] = [
        {**definition, "TuningObjective": {"Type": "Maximize", "MetricName": "validation:auc"}}
    ]
    config = parse_request(request)
    assert (config.objective_metric, config.maximize) == ("validation:auc", True)
    request["TrainingJobDefinitions"].append(definition)
    with pytest.raises(InvalidRequest, match="multi-algorithm tuning"):
        parse_request(request)
