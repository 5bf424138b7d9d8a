"""Model-quality statistics: the SDK's golden pair, the documented examples, spreads."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest

from dagmaker.quality.model_quality_json import dumps
from dagmaker.quality.model_quality_problem import ModelQualityInputError, ProblemType
from dagmaker.quality.model_quality_records import from_table
from dagmaker.quality.model_quality_statistics import ModelQualityInput, statistics

FIXTURES = Path(__file__).parent / "mq_clarify_fixtures"


def _golden_input() -> ModelQualityInput:
    with (FIXTURES / "mq_baseline_dataset.csv").open() as handle:
        rows = list(csv.reader(handle))
    return from_table(
        rows[0],
        rows[1:],
        problem=ProblemType.REGRESSION,
        ground_truth_attribute="Prediction",
        inference_attribute="Label",
    )


def test_regression_statistics_equal_the_containers_file_byte_for_byte() -> None:
    expected = (FIXTURES / "mq_statistics.json").read_text()
    assert dumps(statistics(_golden_input())) == expected


def test_swapping_truth_and_prediction_changes_r2_only() -> None:
    swapped = _golden_input()
    swapped = ModelQualityInput(
        ProblemType.REGRESSION, swapped.predictions or [], swapped.ground_truth
    )
    result = statistics(swapped)["regression_metrics"]
    golden = json.loads((FIXTURES / "mq_statistics.json").read_text())["regression_metrics"]
    assert result["mse"]["value"] == pytest.approx(golden["mse"]["value"], rel=1e-12)
    assert result["r2"]["value"] != pytest.approx(golden["r2"]["value"])


def _documented_binary() -> ModelQualityInput:
    # The guide's binary example: actual 0 → predicted 0 once and 1 twice; actual 1 → 1 once.
    return ModelQualityInput(
        ProblemType.BINARY,
        ground_truth=["0", "0", "0", "1"],
        predictions=["0", "1", "1", "1"],
        probabilities=["0.1", "0.6", "0.7", "0.9"],
    )


def test_binary_metrics_match_the_documented_example() -> None:
    section = statistics(_documented_binary())["binary_classification_metrics"]
    assert section["confusion_matrix"] == {"0": {"0": 1, "1": 2}, "1": {"0": 0, "1": 1}}
    expected = {
        "recall": 1.0,
        "precision": 0.3333333333333333,
        "accuracy": 0.5,
        "recall_best_constant_classifier": 1.0,
        "precision_best_constant_classifier": 0.25,
        "accuracy_best_constant_classifier": 0.25,
        "true_positive_rate": 1.0,
        "true_negative_rate": 0.33333333333333337,
        "false_positive_rate": 0.6666666666666666,
        "false_negative_rate": 0.0,
        "f0_5": 0.3846153846153846,
        "f1": 0.5,
        "f2": 0.7142857142857143,
        "f0_5_best_constant_classifier": 0.29411764705882354,
        "f1_best_constant_classifier": 0.4,
        "f2_best_constant_classifier": 0.625,
    }
    for name, value in expected.items():
        assert section[name]["value"] == value, name
        assert math.isnan(section[name]["standard_deviation"]), name
    assert list(section)[:4] == ["confusion_matrix", "recall", "precision", "accuracy"]


def test_binary_curves_and_auc_from_probabilities() -> None:
    section = statistics(_documented_binary())["binary_classification_metrics"]
    roc = section["receiver_operating_characteristic_curve"]
    assert roc == {
        "false_positive_rates": [0.0, 0.0, 1 / 3, 2 / 3, 1.0, 1.0],
        "true_positive_rates": [0.0, 1.0, 1.0, 1.0, 1.0, 1.0],
    }
    assert section["precision_recall_curve"] == {
        "precisions": [1.0, 1.0, 0.5, 1 / 3, 0.25],
        "recalls": [0.0, 1.0, 1.0, 1.0, 1.0],
    }
    assert section["auc"]["value"] == 1.0


def test_binary_predictions_from_probabilities_above_the_threshold() -> None:
    data = ModelQualityInput(
        ProblemType.BINARY,
        ground_truth=[1, 0, 1, 0],
        probabilities=[0.8, 0.5, 0.4, 0.1],
        probability_threshold=0.45,
    )
    section = statistics(data)["binary_classification_metrics"]
    assert section["confusion_matrix"] == {"0": {"0": 1, "1": 1}, "1": {"0": 1, "1": 1}}
    assert section["auc"]["value"] == 0.75


def test_multiclass_metrics_match_the_documented_example() -> None:
    # The guide's multiclass confusion matrix, rebuilt record by record.
    cells = {("0", "0"): 1180, ("0", "1"): 510, ("1", "0"): 268, ("1", "1"): 138}
    truth = [a for (a, _), n in cells.items() for _ in range(n)]
    predicted = [p for (_, p), n in cells.items() for _ in range(n)]
    section = statistics(ModelQualityInput(ProblemType.MULTICLASS, truth, predicted))[
        "multiclass_classification_metrics"
    ]
    assert section["confusion_matrix"] == {"0": {"0": 1180, "1": 510}, "1": {"0": 268, "1": 138}}
    documented = {
        "accuracy": 0.6288167938931297,
        "weighted_recall": 0.6288167938931297,
        "weighted_precision": 0.6983172269629505,
        "weighted_f0_5": 0.6803947317178771,
        "weighted_f1": 0.6571162346664904,
        "weighted_f2": 0.6384024354394601,
        "accuracy_best_constant_classifier": 0.19370229007633588,
        "weighted_recall_best_constant_classifier": 0.19370229007633588,
        "weighted_precision_best_constant_classifier": 0.03752057718081697,
        "weighted_f0_5_best_constant_classifier": 0.04473443104152011,
        "weighted_f1_best_constant_classifier": 0.06286421244683643,
        "weighted_f2_best_constant_classifier": 0.10570313141262414,
    }
    for name, value in documented.items():
        assert section[name]["value"] == pytest.approx(value, rel=1e-12), name
        # 2096 records: the spread is computed, and small.
        assert 0.0 < section[name]["standard_deviation"] < 0.02, name


def test_standard_deviation_only_from_200_records() -> None:
    generator = np.random.default_rng(3)
    truth = generator.normal(size=250)
    predicted = truth + generator.normal(scale=0.5, size=250)
    many = statistics(ModelQualityInput(ProblemType.REGRESSION, truth.tolist(), predicted.tolist()))
    few = statistics(
        ModelQualityInput(ProblemType.REGRESSION, truth[:199].tolist(), predicted[:199].tolist())
    )
    mae = many["regression_metrics"]["mae"]
    assert 0.0 < mae["standard_deviation"] < 0.1 * mae["value"]
    assert math.isnan(few["regression_metrics"]["mae"]["standard_deviation"])
    again = statistics(
        ModelQualityInput(ProblemType.REGRESSION, truth.tolist(), predicted.tolist())
    )
    assert again == many  # seeded: the same data gives the same file


def test_evaluation_time_is_written_for_monitoring_runs() -> None:
    result = statistics(_golden_input(), evaluation_time="2023-03-30T21:08:34.729Z")
    assert result["dataset"] == {"item_count": 100, "evaluation_time": "2023-03-30T21:08:34.729Z"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ModelQualityInput(ProblemType.REGRESSION, [], []), "no records"),
        (ModelQualityInput(ProblemType.REGRESSION, [1.0, 2.0], [1.0]), "2 ground-truth labels"),
        (ModelQualityInput(ProblemType.REGRESSION, ["1", "x"], ["1", "2"]), "record 2 holds 'x'"),
        (ModelQualityInput(ProblemType.BINARY, ["0", "2"], ["0", "1"]), "must be 0 or 1"),
        (ModelQualityInput(ProblemType.MULTICLASS, ["a"]), "needs the model's predictions"),
    ],
)
def test_bad_inputs_are_named(data: ModelQualityInput, message: str) -> None:
    with pytest.raises(ModelQualityInputError, match=message):
        statistics(data)


def test_constant_ground_truth_gives_a_non_finite_r2_written_as_a_string() -> None:
    result = statistics(ModelQualityInput(ProblemType.REGRESSION, [1.0, 1.0], [1.0, 2.0]))
    assert result["regression_metrics"]["r2"]["value"] == -math.inf
    assert '"value" : "-Infinity"' in dumps(result)
