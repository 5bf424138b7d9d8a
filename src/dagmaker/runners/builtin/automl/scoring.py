"""Scoring candidates: every metric of the problem type, from true targets and scores.

Scores are class probabilities (columns in label order) or predicted values. For a
binary problem the positive class is the schema's; predictions are positive above a
probability of 0.5. Macro averages weigh every class alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from sklearn import metrics as sk

from dagmaker.runners.builtin.automl.objectives import BINARY, METRICS, REGRESSION
from dagmaker.runners.builtin.automl.schema import Schema

Metric = Callable[[np.ndarray, np.ndarray, np.ndarray | None], float]


def evaluate(
    schema: Schema,
    truth: np.ndarray,
    scores: np.ndarray,
    weights: np.ndarray | None = None,
    names: tuple[str, ...] | None = None,
) -> dict[str, float]:
    """Metric name → value, for ``names`` (every metric of the problem type by default)."""
    wanted = names or METRICS[schema.problem_type]
    if schema.problem_type == REGRESSION:
        table = _regression()
        return {name: table[name](truth, scores, weights) for name in wanted}
    if schema.problem_type == BINARY:
        positive = schema.labels.index(schema.positive_label or schema.labels[-1])
        binary_truth = (truth == positive).astype(int)
        probability = scores[:, positive]
        table = _binary()
        return {name: table[name](binary_truth, probability, weights) for name in wanted}
    predicted = np.argmax(scores, axis=1)
    values = _multiclass(truth, predicted, weights)
    values["LogLoss"] = _log_loss(truth, scores, weights, len(schema.labels))
    return {name: values[name] for name in wanted}


def _regression() -> dict[str, Metric]:
    def mse(t: np.ndarray, p: np.ndarray, w: np.ndarray | None) -> float:
        return float(sk.mean_squared_error(t, p, sample_weight=w))

    return {
        "MAE": lambda t, p, w: float(sk.mean_absolute_error(t, p, sample_weight=w)),
        "MSE": mse,
        "RMSE": lambda t, p, w: math.sqrt(mse(t, p, w)),
        "R2": lambda t, p, w: float(sk.r2_score(t, p, sample_weight=w)),
    }


def _binary() -> dict[str, Metric]:
    def labels(p: np.ndarray) -> np.ndarray:
        return (p > 0.5).astype(int)

    def auc(t: np.ndarray, p: np.ndarray, w: np.ndarray | None) -> float:
        if len(np.unique(t)) < 2:
            return math.nan
        return float(sk.roc_auc_score(t, p, sample_weight=w))

    return {
        "Accuracy": lambda t, p, w: float(sk.accuracy_score(t, labels(p), sample_weight=w)),
        "AUC": auc,
        "BalancedAccuracy": lambda t, p, w: float(
            sk.balanced_accuracy_score(t, labels(p), sample_weight=w)
        ),
        "F1": lambda t, p, w: float(sk.f1_score(t, labels(p), sample_weight=w, zero_division=0)),
        "LogLoss": lambda t, p, w: _log_loss(t, np.column_stack([1 - p, p]), w, 2),
        "Precision": lambda t, p, w: float(
            sk.precision_score(t, labels(p), sample_weight=w, zero_division=0)
        ),
        "Recall": lambda t, p, w: float(
            sk.recall_score(t, labels(p), sample_weight=w, zero_division=0)
        ),
    }


def _multiclass(truth: np.ndarray, predicted: np.ndarray, w: np.ndarray | None) -> dict[str, float]:
    def macro(function: Callable[..., float]) -> float:
        return float(function(truth, predicted, average="macro", sample_weight=w, zero_division=0))

    return {
        "Accuracy": float(sk.accuracy_score(truth, predicted, sample_weight=w)),
        "BalancedAccuracy": float(sk.balanced_accuracy_score(truth, predicted, sample_weight=w)),
        "F1macro": macro(sk.f1_score),
        "PrecisionMacro": macro(sk.precision_score),
        "RecallMacro": macro(sk.recall_score),
    }


def _log_loss(
    truth: np.ndarray, probabilities: np.ndarray, weights: np.ndarray | None, classes: int
) -> float:
    clipped = np.clip(probabilities, 1e-15, 1.0)
    clipped = clipped / clipped.sum(axis=1, keepdims=True)
    return float(sk.log_loss(truth, clipped, sample_weight=weights, labels=list(range(classes))))
