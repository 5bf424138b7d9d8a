"""Model-quality ``statistics.json``: every metric of a problem type with its spread.

Each scalar metric is ``{"value": x, "standard_deviation": s}``. As Model Monitor
documents, the standard deviation is only given from 200 records on: the metric is
computed on five random 80% samples and ``s`` is the (sample) standard deviation of the
five; below 200 records it is ``NaN``. The samples are drawn from a seeded generator, so
the same data gives the same file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dagmaker.quality import model_quality_metrics as metrics
from dagmaker.quality.model_quality_problem import (
    ModelQualityInputError,
    ProblemType,
    binary_labels,
    label_text,
    numbers,
)

MIN_RECORDS_FOR_DEVIATION = 200
RESAMPLES = 5
RESAMPLE_FRACTION = 0.8
DEFAULT_SEED = 20230330

BINARY_ORDER = (
    "recall", "precision", "accuracy",
    "recall_best_constant_classifier", "precision_best_constant_classifier",
    "accuracy_best_constant_classifier",
    "true_positive_rate", "true_negative_rate", "false_positive_rate", "false_negative_rate",
    "receiver_operating_characteristic_curve", "precision_recall_curve", "auc",
    "f0_5", "f1", "f2",
    "f0_5_best_constant_classifier", "f1_best_constant_classifier", "f2_best_constant_classifier",
)  # fmt: skip
MULTICLASS_HEADLINE = (
    "accuracy", "weighted_recall", "weighted_precision", "weighted_f0_5", "weighted_f1",
    "weighted_f2",
)  # fmt: skip
MULTICLASS_ORDER = MULTICLASS_HEADLINE + tuple(
    f"{name}_best_constant_classifier" for name in MULTICLASS_HEADLINE
)


@dataclass(frozen=True)
class ModelQualityInput:
    """What a model-quality analysis compares, one entry per record.

    Attributes:
        problem: The problem type.
        ground_truth: The labels (``ground_truth_attribute`` or merged ground truth).
        predictions: The model's outputs (``inference_attribute``); for a binary problem
            they may be left out when ``probabilities`` are given.
        probabilities: Scores of the positive class (``probability_attribute``; binary).
        probability_threshold: Scores above it are predicted positive.
    """

    problem: ProblemType
    ground_truth: Sequence[object]
    predictions: Sequence[object] | None = None
    probabilities: Sequence[object] | None = None
    probability_threshold: float = 0.5


@dataclass(frozen=True)
class _Arrays:
    truth: Any
    predicted: Any
    scores: Any

    def subset(self, rows: np.ndarray) -> _Arrays:
        pick = (lambda a: a[rows]) if isinstance(self.truth, np.ndarray) else _pick(rows)
        scores = None if self.scores is None else self.scores[rows]
        return _Arrays(pick(self.truth), pick(self.predicted), scores)


def _pick(rows: np.ndarray) -> Callable[[list[str]], list[str]]:
    return lambda values: [values[i] for i in rows.tolist()]


def statistics(
    data: ModelQualityInput, *, evaluation_time: str | None = None, seed: int = DEFAULT_SEED
) -> dict[str, Any]:
    """The ``statistics.json`` document.

    Args:
        data: Ground truth and predictions.
        evaluation_time: ISO time of a monitoring execution (left out of baselines).
        seed: Seeds the resampling behind the standard deviations.

    Raises:
        ModelQualityInputError: for empty, misaligned or non-numeric inputs.
    """
    arrays = _prepared(data)
    count = len(arrays.truth)
    values = _scalars(data.problem, arrays)
    spread = _deviations(data.problem, arrays, seed)
    section: dict[str, Any] = {}
    if data.problem is ProblemType.REGRESSION:
        order: Sequence[str] = ("mae", "mse", "rmse", "r2")
    else:
        section["confusion_matrix"] = _confusion(data.problem, arrays)
        order = BINARY_ORDER if data.problem is ProblemType.BINARY else MULTICLASS_ORDER
    shapes = _curves(arrays) if data.problem is ProblemType.BINARY else {}
    for name in order:
        section[name] = shapes.get(name) or {
            "value": values[name],
            "standard_deviation": spread.get(name, math.nan),
        }
    dataset: dict[str, Any] = {"item_count": count}
    if evaluation_time:
        dataset["evaluation_time"] = evaluation_time
    return {"version": 0.0, "dataset": dataset, data.problem.metrics_key: section}


def _prepared(data: ModelQualityInput) -> _Arrays:
    truth = data.ground_truth
    if not truth:
        raise ModelQualityInputError("the dataset has no records to evaluate")
    predictions = data.predictions
    if predictions is None and (data.problem is not ProblemType.BINARY or not data.probabilities):
        raise ModelQualityInputError(
            f"a {data.problem.value} analysis needs the model's predictions",
            field="inference_attribute",
        )
    for name, column in (("predictions", predictions), ("probabilities", data.probabilities)):
        if column is not None and len(column) != len(truth):
            raise ModelQualityInputError(
                f"there are {len(truth)} ground-truth labels but {len(column)} {name}"
            )
    if data.problem is ProblemType.REGRESSION:
        assert predictions is not None
        return _Arrays(
            np.asarray(numbers(truth, "the ground truth")),
            np.asarray(numbers(predictions, "the predictions")),
            None,
        )
    if data.problem is ProblemType.MULTICLASS:
        assert predictions is not None
        return _Arrays([label_text(v) for v in truth], [label_text(v) for v in predictions], None)
    return _binary_arrays(data)


def _binary_arrays(data: ModelQualityInput) -> _Arrays:
    truth = np.asarray(binary_labels(data.ground_truth, "the ground truth"))
    scores = None
    if data.probabilities is not None:
        scores = np.asarray(numbers(data.probabilities, "the probabilities"))
    if data.predictions is not None:
        predicted = np.asarray(binary_labels(data.predictions, "the predictions"))
    else:
        assert scores is not None
        predicted = (scores > data.probability_threshold).astype(int)
    return _Arrays(truth, predicted, predicted.astype(float) if scores is None else scores)


def _scalars(problem: ProblemType, arrays: _Arrays) -> dict[str, float]:
    if problem is ProblemType.REGRESSION:
        return metrics.regression(arrays.truth, arrays.predicted)
    if problem is ProblemType.BINARY:
        values = metrics.binary(arrays.truth, arrays.predicted)
        constant = metrics.binary(arrays.truth, np.ones_like(arrays.truth))
        values["auc"] = metrics.curves(arrays.truth, arrays.scores).auc
    else:
        values = metrics.multiclass(arrays.truth, arrays.predicted)
        guess = metrics.constant_class(arrays.truth)
        constant = metrics.multiclass(arrays.truth, [guess] * len(arrays.truth))
    values.update({f"{k}_best_constant_classifier": v for k, v in constant.items()})
    return values


def _deviations(problem: ProblemType, arrays: _Arrays, seed: int) -> dict[str, float]:
    count = len(arrays.truth)
    if count < MIN_RECORDS_FOR_DEVIATION:
        return {}
    generator = np.random.default_rng(seed)
    size = round(count * RESAMPLE_FRACTION)
    samples = [
        _scalars(problem, arrays.subset(np.sort(generator.choice(count, size, replace=False))))
        for _ in range(RESAMPLES)
    ]
    return {name: float(np.std([s[name] for s in samples], ddof=1)) for name in samples[0]}


def _confusion(problem: ProblemType, arrays: _Arrays) -> dict[str, dict[str, int]]:
    if problem is ProblemType.BINARY:
        return metrics.BinaryCounts.of(arrays.truth, arrays.predicted).matrix()
    return metrics.confusion(arrays.truth, arrays.predicted)


def _curves(arrays: _Arrays) -> dict[str, dict[str, list[float]]]:
    found = metrics.curves(arrays.truth, arrays.scores)
    return {
        "receiver_operating_characteristic_curve": {
            "false_positive_rates": found.false_positive_rates,
            "true_positive_rates": found.true_positive_rates,
        },
        "precision_recall_curve": {"precisions": found.precisions, "recalls": found.recalls},
    }
