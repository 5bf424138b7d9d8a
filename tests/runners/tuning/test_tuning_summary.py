"""Trial summaries, their best-first order, counters, list sorting; trial names and requests."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dagmaker.errors import InvalidRequest
from dagmaker.runners.tuning_summary import (
    best_first,
    best_of,
    list_summaries,
    objective_counters,
    status_counters,
    trial_summary,
)
from dagmaker.runners.tuning_trials import Trial, trial_name, trial_request


def _trial(index: int, status: str, objective: float | None = None, **extra: Any) -> Trial:
    trial = Trial(index, f"tune-{index:03d}-0000000{index}", {"eta": str(index / 10)}, **extra)
    trial.status, trial.objective = status, objective
    trial.record = {"CreationTime": f"2024-01-01T00:00:0{index}+00:00"}
    return trial


TRIALS = [
    _trial(1, "Completed", 0.8),
    _trial(2, "Failed", failure_reason="ClientError: objective metric never appeared"),
    _trial(3, "Completed", 0.2),
    _trial(4, "InProgress"),
    _trial(5, "Stopped", 0.1, pruned=True),
    _trial(6, "Completed", 0.5),
    _trial(7, "Failed", retryable=True),
]


def _summaries() -> list[dict[str, Any]]:
    return [trial_summary(t, "tune", "validation:rmse", "Minimize") for t in TRIALS]


def test_summary_shape() -> None:
    summary = _summaries()[0]
    assert summary == {
        "TrainingJobName": "tune-001-00000001",
        "TrainingJobArn": "arn:aws:sagemaker:local:000000000000:training-job/tune-001-00000001",
        "TuningJobName": "tune",
        "CreationTime": "2024-01-01T00:00:01+00:00",
        "TrainingJobStatus": "Completed",
        "TunedHyperParameters": {"eta": "0.1"},
        "FinalHyperParameterTuningJobObjectiveMetric": {
            "Type": "Minimize",
            "MetricName": "validation:rmse",
            "Value": 0.8,
        },
        "ObjectiveStatus": "Succeeded",
    }
    assert _summaries()[1]["ObjectiveStatus"] == "Failed"
    assert _summaries()[3]["ObjectiveStatus"] == "Pending"


def test_best_first_puts_completed_trials_by_value_first() -> None:
    order = [s["TrainingJobName"][5:8] for s in best_first(_summaries(), maximize=False)]
    assert order == ["003", "006", "001", "005", "004", "002", "007"]
    order = [s["TrainingJobName"][5:8] for s in best_first(_summaries(), maximize=True)]
    assert order[:3] == ["001", "006", "003"]


def test_best_is_a_completed_trial() -> None:
    best = best_of(_summaries(), maximize=False)
    assert best is not None and best["TrainingJobName"] == "tune-003-00000003"
    assert best_of([_summaries()[1]], maximize=False) is None


def test_counters() -> None:
    assert status_counters(TRIALS) == {
        "Completed": 3,
        "InProgress": 1,
        "RetryableError": 1,
        "NonRetryableError": 1,
        "Stopped": 1,
    }
    assert objective_counters(_summaries()) == {"Succeeded": 4, "Pending": 1, "Failed": 2}


def test_listing_sorts_and_filters() -> None:
    by_value = list_summaries(
        _summaries(), sort_by="FinalObjectiveMetricValue", sort_order="Ascending"
    )
    assert [s["TrainingJobName"][5:8] for s in by_value] == ["005", "003", "006", "001"]
    failed = list_summaries(_summaries(), status="Failed", sort_order="Descending")
    assert [s["TrainingJobName"][5:8] for s in failed] == ["007", "002"]
    with pytest.raises(InvalidRequest, match="SortBy must be one of"):
        list_summaries(_summaries(), sort_by="Loss")


def test_trial_names_follow_sagemaker() -> None:
    name = trial_name("pipelines-abcdef123456-TuneStep-2024-01-01-00-00-00-000-ab12", 7)
    # The tuning job's name is cut to SageMaker's 32 characters (and a trailing "-").
    assert re.fullmatch(r"pipelines-abcdef123456-TuneStep-007-[0-9a-f]{8}", name)
    assert re.fullmatch(r"short-012-[0-9a-f]{8}", trial_name("short", 12))
    assert trial_name("short", 1) != trial_name("short", 1)


def test_trial_requests_combine_static_and_tuned_hyperparameters() -> None:
    definition = {
        "StaticHyperParameters": {"num_round": "10", "sagemaker_program": '"train.py"'},
        "AlgorithmSpecification": {"TrainingImage": "xgboost", "TrainingInputMode": "File"},
        "HyperParameterTuningResourceConfig": {
            "InstanceType": "ml.m5.xlarge",
            "InstanceCount": 1,
            "VolumeSizeInGB": 30,
            "AllocationStrategy": "Prioritized",
        },
        "OutputDataConfig": {"S3OutputPath": "s3://b/models"},
        "RoleArn": "arn:role",
    }
    trial = _trial(3, "InProgress")
    request = trial_request(definition, "arn:tuning", trial.name, trial.tuned, "validation:rmse")
    assert request["HyperParameters"] == {
        "num_round": "10",
        "sagemaker_program": '"train.py"',
        "_tuning_objective_metric": "validation:rmse",
        "eta": "0.3",
    }
    assert request["ResourceConfig"] == {
        "InstanceType": "ml.m5.xlarge",
        "InstanceCount": 1,
        "VolumeSizeInGB": 30,
    }
    assert request["TrainingJobName"] == "tune-003-00000003"
    assert request["TuningJobArn"] == "arn:tuning"
    assert request["OutputDataConfig"] == {"S3OutputPath": "s3://b/models"}
