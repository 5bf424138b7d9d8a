"""Evaluation metrics that SageMaker's XGBoost container computes itself from predictions.

XGBoost has no ``accuracy``, ``f1``, ``mse`` or ``r2`` metric; SageMaker's container adds
them (named as in scikit-learn) and evaluates them on the same data sets as XGBoost's own
metrics. Class predictions are the arg-max of per-class probabilities, or the rounded
value for one output per row (a probability, a class index or a 0/1 score).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from dagmaker.errors import JobFailure

FloatArray = npt.NDArray[np.floating]

MULTICLASS_BINARY_ERROR = (
    "Target is multiclass but average='binary': metric '{name}' needs labels 0 and 1 only; "
    "use '{name}_macro' or '{name}_micro' for more classes"
)


def predicted_classes(predictions: FloatArray) -> FloatArray:
    """Class per row: arg-max for per-class probabilities, else the rounded value."""
    if predictions.ndim == 2:
        classes: FloatArray = np.argmax(predictions, axis=1).astype(np.float64)
    else:
        classes = np.rint(predictions).astype(np.float64)
    return classes


def _counts(labels: FloatArray, classes: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """True positives, predicted totals and actual totals per class (sorted union)."""
    names = np.union1d(labels, classes)
    true_positive = np.array([np.sum((classes == c) & (labels == c)) for c in names], float)
    predicted = np.array([np.sum(classes == c) for c in names], float)
    actual = np.array([np.sum(labels == c) for c in names], float)
    return true_positive, predicted, actual


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    # scikit-learn reports 0 where a class was never predicted (or never present).
    safe = np.where(denominator > 0, denominator, 1.0)
    return np.where(denominator > 0, numerator / safe, 0.0)


def _f1(precision: FloatArray, recall: FloatArray) -> FloatArray:
    return _ratio(2 * precision * recall, precision + recall)


def _binary_counts(
    name: str, labels: FloatArray, classes: FloatArray
) -> tuple[float, float, float]:
    if not set(np.unique(labels)) <= {0.0, 1.0}:
        raise JobFailure(
            MULTICLASS_BINARY_ERROR.format(name=name), field="HyperParameters.eval_metric"
        )
    true_positive = float(np.sum((classes == 1) & (labels == 1)))
    return true_positive, float(np.sum(classes == 1)), float(np.sum(labels == 1))


def _one(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else 0.0


def _precision(labels: FloatArray, classes: FloatArray) -> float:
    tp, predicted, _ = _binary_counts("precision", labels, classes)
    return _one(tp, predicted)


def _recall(labels: FloatArray, classes: FloatArray) -> float:
    tp, _, actual = _binary_counts("recall", labels, classes)
    return _one(tp, actual)


def _f1_binary(labels: FloatArray, classes: FloatArray) -> float:
    tp, predicted, actual = _binary_counts("f1_binary", labels, classes)
    precision, recall = _one(tp, predicted), _one(tp, actual)
    return _one(2 * precision * recall, precision + recall)


def _precision_macro(labels: FloatArray, classes: FloatArray) -> float:
    tp, predicted, _ = _counts(labels, classes)
    return float(np.mean(_ratio(tp, predicted)))


def _recall_macro(labels: FloatArray, classes: FloatArray) -> float:
    tp, _, actual = _counts(labels, classes)
    return float(np.mean(_ratio(tp, actual)))


def _f1_macro(labels: FloatArray, classes: FloatArray) -> float:
    tp, predicted, actual = _counts(labels, classes)
    return float(np.mean(_f1(_ratio(tp, predicted), _ratio(tp, actual))))


def _accuracy(labels: FloatArray, classes: FloatArray) -> float:
    return float(np.mean(labels == classes))


def _balanced_accuracy(labels: FloatArray, classes: FloatArray) -> float:
    present = np.unique(labels)
    return float(np.mean([np.mean(classes[labels == c] == c) for c in present]))


def _mse(labels: FloatArray, predictions: FloatArray) -> float:
    return float(np.mean((predictions - labels) ** 2))


def _r2(labels: FloatArray, predictions: FloatArray) -> float:
    total = float(np.sum((labels - np.mean(labels)) ** 2))
    residual = float(np.sum((labels - predictions) ** 2))
    if total == 0.0:
        return 1.0 if residual == 0.0 else 0.0
    return 1.0 - residual / total


Metric = Callable[[FloatArray, FloatArray], float]

# Metrics on predicted classes.
CLASS_METRICS: dict[str, Metric] = {
    "accuracy": _accuracy,
    "balanced_accuracy": _balanced_accuracy,
    "f1": _f1_macro,  # SageMaker's "f1" is the macro average
    "f1_binary": _f1_binary,
    "f1_macro": _f1_macro,
    "precision": _precision,
    "precision_macro": _precision_macro,
    "precision_micro": _accuracy,  # micro-averaged precision of one label per row
    "recall": _recall,
    "recall_macro": _recall_macro,
    "recall_micro": _accuracy,
}

# Metrics on the raw predicted values.
VALUE_METRICS: dict[str, Metric] = {"mse": _mse, "r2": _r2}

CONTAINER_METRICS = frozenset({*CLASS_METRICS, *VALUE_METRICS})


def evaluate(
    names: tuple[str, ...], labels: FloatArray, predictions: FloatArray
) -> list[tuple[str, float]]:
    """Compute each named metric for one data set.

    Args:
        names: Metric names from `CONTAINER_METRICS`, in output order.
        labels: The true labels, one per row.
        predictions: The model's transformed predictions (probabilities for
            classification objectives), one row per record.

    Returns:
        ``(name, value)`` pairs in the order of ``names``.
    """
    classes = predicted_classes(predictions)
    # Per-class probabilities have no single value to compare; use the predicted class.
    values = predictions.astype(np.float64) if predictions.ndim == 1 else classes
    results = []
    for name in names:
        if name in VALUE_METRICS:
            results.append((name, VALUE_METRICS[name](labels, values)))
        else:
            results.append((name, CLASS_METRICS[name](labels, classes)))
    return results
