"""Suggested model-quality constraints and violations, against the SDK's fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagmaker.quality.model_quality_constraints import check, suggest_constraints
from dagmaker.quality.model_quality_json import dumps
from dagmaker.quality.model_quality_problem import ModelQualityInputError, ProblemType
from dagmaker.quality.model_quality_statistics import ModelQualityInput, statistics

FIXTURES = Path(__file__).parent / "mq_clarify_fixtures"


def _load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def test_suggested_constraints_are_the_sdk_fixture() -> None:
    suggested = suggest_constraints(_load("mq_statistics.json"))
    assert dumps(suggested) == (FIXTURES / "mq_regression_constraints.json").read_text()


def test_the_good_constraints_pass() -> None:
    assert check(_load("mq_statistics.json"), _load("mq_regression_constraints.json")) == {
        "violations": []
    }


def test_the_bad_constraints_fail_on_mse() -> None:
    result = check(_load("mq_statistics.json"), _load("mq_bad_constraints.json"))
    assert result == {
        "violations": [
            {
                "metric_name": "mse",
                "constraint_check_type": "GreaterThanThreshold",
                "description": "Metric mse with 0.33364933609800973 was GreaterThanThreshold "
                "'0.03364933609800973'",
            }
        ]
    }


def test_less_than_threshold_and_the_spread_in_the_description() -> None:
    stats = {
        "binary_classification_metrics": {
            "f1": {"value": 0.5, "standard_deviation": 0.01},
            "auc": {"value": 0.9, "standard_deviation": "NaN"},
        }
    }
    constraints = {
        "binary_classification_constraints": {
            "f1": {"threshold": 0.6, "comparison_operator": "LessThanThreshold"},
            "auc": {"threshold": 0.9, "comparison_operator": "LessThanOrEqualToThreshold"},
        }
    }
    violations = check(stats, constraints)["violations"]
    assert [v["metric_name"] for v in violations] == ["f1", "auc"]
    assert violations[0]["description"] == "Metric f1 with 0.5 +/- 0.01 was LessThanThreshold '0.6'"


def test_binary_suggestions_use_the_documented_directions() -> None:
    data = ModelQualityInput(ProblemType.BINARY, [0, 1, 1, 0], [0, 1, 0, 0])
    constraints = suggest_constraints(statistics(data))["binary_classification_constraints"]
    assert constraints["false_positive_rate"]["comparison_operator"] == "GreaterThanThreshold"
    assert constraints["f1"]["comparison_operator"] == "LessThanThreshold"
    assert "f1_best_constant_classifier" not in constraints
    assert check(statistics(data), {"binary_classification_constraints": constraints}) == {
        "violations": []
    }


@pytest.mark.parametrize(
    ("constraints", "message"),
    [
        ({"binary_classification_constraints": {}}, "constraints are for a BinaryClassification"),
        ({"regression_constraints": {"mape": {"threshold": 1}}}, "'mape' names a metric"),
        (
            {"regression_constraints": {"mae": {"threshold": 1, "comparison_operator": "Above"}}},
            "comparison_operator 'Above'",
        ),
        (
            {
                "regression_constraints": {
                    "mae": {"threshold": "x", "comparison_operator": "GreaterThanThreshold"}
                }
            },
            "must be a number",
        ),
        ({"data_constraints": {}}, "none of the sections"),
    ],
)
def test_bad_constraints_are_explained(constraints: dict, message: str) -> None:
    with pytest.raises(ModelQualityInputError, match=message):
        check(_load("mq_statistics.json"), constraints)
