"""Model-quality metrics, computed the way Model Monitor's Spark analyzer computes them.

Regression errors are accumulated row by row in input order, with the running mean and
variance of the ground truth updated online (zeros skipped, as Spark's column summarizer
does); that order is what makes ``mae``, ``mse``, ``rmse`` and ``r2`` equal, to the last
bit, the numbers the real container writes. Classification metrics are ratios of counts.
A ratio whose denominator is zero is 0.0.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

F_BETAS = (("f0_5", 0.5), ("f1", 1.0), ("f2", 2.0))
MAX_CURVE_POINTS = 1000


def regression(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """``mae``, ``mse``, ``rmse`` and ``r2`` (coefficient of determination)."""
    errors = truth - predicted
    count = float(len(errors))
    absolute = float(np.cumsum(np.abs(errors))[-1])
    squared = math.pow(math.sqrt(float(np.cumsum(errors * errors)[-1])), 2)
    total = _online_variance(truth) * (count - 1.0)
    mse = squared / count
    return {
        "mae": absolute / count,
        "mse": mse,
        "rmse": math.sqrt(mse),
        "r2": _one_minus_ratio(squared, total),
    }


def _online_variance(values: np.ndarray) -> float:
    mean, m2n, present = 0.0, 0.0, 0.0
    for value in values.tolist():
        if value != 0.0:
            diff = value - mean
            mean = mean + diff / (present + 1.0)
            m2n += (value - mean) * diff
            present += 1.0
    count = float(len(values))
    denominator = count - count / count
    if denominator <= 0.0:
        return 0.0
    return (m2n + mean * mean * present * (count - present) / count) / denominator


def _one_minus_ratio(numerator: float, denominator: float) -> float:
    if denominator == 0.0:
        return math.nan if numerator == 0.0 else -math.inf
    return 1.0 - numerator / denominator


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, 0.0 when the denominator is 0."""
    return numerator / denominator if denominator else 0.0


def f_measure(precision: float, recall: float, beta: float) -> float:
    """The F-beta score of a precision and a recall (0.0 when both are 0)."""
    square = beta * beta
    denominator = square * precision + recall
    return ratio((1.0 + square) * precision * recall, denominator)


@dataclass(frozen=True)
class BinaryCounts:
    """The confusion matrix of a binary classifier."""

    tp: int
    fp: int
    tn: int
    fn: int

    @classmethod
    def of(cls, truth: np.ndarray, predicted: np.ndarray) -> BinaryCounts:
        """Count the four outcomes of 0/1 arrays."""
        positive, guessed = truth == 1, predicted == 1
        return cls(
            tp=int(np.sum(positive & guessed)),
            fp=int(np.sum(~positive & guessed)),
            tn=int(np.sum(~positive & ~guessed)),
            fn=int(np.sum(positive & ~guessed)),
        )

    def matrix(self) -> dict[str, dict[str, int]]:
        """Actual label → predicted label → count."""
        return {"0": {"0": self.tn, "1": self.fp}, "1": {"0": self.fn, "1": self.tp}}


def binary(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Recall, precision, accuracy, the four rates and F-scores of 0/1 predictions."""
    counts = BinaryCounts.of(truth, predicted)
    total = counts.tp + counts.fp + counts.tn + counts.fn
    recall = ratio(counts.tp, counts.tp + counts.fn)
    precision = ratio(counts.tp, counts.tp + counts.fp)
    false_positive_rate = ratio(counts.fp, counts.fp + counts.tn)
    result = {
        "recall": recall,
        "precision": precision,
        "accuracy": ratio(counts.tp + counts.tn, total),
        "true_positive_rate": recall,
        "true_negative_rate": 1.0 - false_positive_rate,
        "false_positive_rate": false_positive_rate,
        "false_negative_rate": 1.0 - recall,
    }
    for name, beta in F_BETAS:
        result[name] = f_measure(precision, recall, beta)
    return result


@dataclass(frozen=True)
class Curves:
    """ROC and precision-recall curves and the area under the ROC curve."""

    false_positive_rates: list[float]
    true_positive_rates: list[float]
    precisions: list[float]
    recalls: list[float]
    auc: float


def curves(truth: np.ndarray, scores: np.ndarray) -> Curves:
    """Curves over every distinct score taken as threshold, highest first.

    The ROC curve runs from (0, 0) to (1, 1); the precision-recall curve starts at recall
    0 with the precision of the first threshold. Curves with more than
    ``MAX_CURVE_POINTS`` thresholds are thinned for the document; the area is computed on
    the full curve.
    """
    order = np.argsort(-scores, kind="stable")
    sorted_scores, sorted_truth = scores[order], truth[order]
    last_of_score = np.append(sorted_scores[1:] != sorted_scores[:-1], True)
    tp = np.cumsum(sorted_truth == 1)[last_of_score].astype(float)
    fp = np.cumsum(sorted_truth != 1)[last_of_score].astype(float)
    positives, negatives = float(np.sum(truth == 1)), float(np.sum(truth != 1))
    tpr = tp / positives if positives else np.zeros_like(tp)
    fpr = fp / negatives if negatives else np.zeros_like(fp)
    precision = tp / (tp + fp)
    roc_x = np.concatenate(([0.0], fpr, [1.0]))
    roc_y = np.concatenate(([0.0], tpr, [1.0]))
    auc = float(np.sum((roc_x[1:] - roc_x[:-1]) * (roc_y[1:] + roc_y[:-1]) / 2.0))
    keep = _thinned(len(tp))
    return Curves(
        false_positive_rates=[0.0, *fpr[keep].tolist(), 1.0],
        true_positive_rates=[0.0, *tpr[keep].tolist(), 1.0],
        precisions=[float(precision[0]), *precision[keep].tolist()],
        recalls=[0.0, *tpr[keep].tolist()],
        auc=auc,
    )


def _thinned(count: int) -> np.ndarray:
    if count <= MAX_CURVE_POINTS:
        return np.arange(count)
    return np.unique(np.linspace(0, count - 1, MAX_CURVE_POINTS).round().astype(int))


def confusion(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, int]]:
    """Actual label → predicted label → count, over every label seen on either side."""
    labels = sorted_labels({*truth, *predicted})
    pairs = Counter(zip(truth, predicted, strict=True))
    return {a: {p: pairs[(a, p)] for p in labels} for a in labels}


def multiclass(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Accuracy and the support-weighted recall, precision and F-scores."""
    total = len(truth)
    support = Counter(truth)
    guessed = Counter(predicted)
    hits = Counter(a for a, p in zip(truth, predicted, strict=True) if a == p)
    result = {"accuracy": ratio(sum(hits.values()), total)}
    weighted = {"weighted_recall": 0.0, "weighted_precision": 0.0}
    weighted.update({f"weighted_{name}": 0.0 for name, _ in F_BETAS})
    for label in sorted_labels(support):
        weight = support[label] / total
        recall = ratio(hits[label], support[label])
        precision = ratio(hits[label], guessed[label])
        weighted["weighted_recall"] += recall * weight
        weighted["weighted_precision"] += precision * weight
        for name, beta in F_BETAS:
            weighted[f"weighted_{name}"] += f_measure(precision, recall, beta) * weight
    result.update(weighted)
    return result


def constant_class(truth: Sequence[str]) -> str:
    """The class the multiclass best-constant classifier predicts: the least frequent one.

    Both documented examples fit this rule (and "always the positive class" for binary
    problems); ties go to the last label in sort order.
    """
    support = Counter(truth)
    labels = sorted_labels(support)
    return min(reversed(labels), key=lambda label: support[label])


def sorted_labels(labels: set[str] | Counter[str]) -> list[str]:
    """Labels in numeric order when they are all numbers, else in text order."""
    try:
        return sorted(labels, key=float)
    except ValueError:
        return sorted(labels)
