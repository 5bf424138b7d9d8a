"""Arithmetic shared by the bias metrics: guarded ratios and differences, group counts.

Clarify's conventions: a ratio over zero is 0 when the numerator is 0 too, else an
infinity of the numerator's sign; a difference of two equal infinities is 0. A metric
that cannot be computed raises `MetricUnavailable`, which the report writes as
``"value": null`` with the reason in ``"error"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


class MetricUnavailable(Exception):
    """A metric cannot be computed for this data; the message says why."""


def divide(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` with Clarify's zero-denominator rule."""
    if denominator == 0:
        return 0.0 if numerator == 0 else math.copysign(math.inf, numerator)
    return numerator / denominator


def difference(left: float, right: float) -> float:
    """``left - right``, 0 when both are the same infinity."""
    if math.isinf(left) and math.isinf(right) and (left > 0) == (right > 0):
        return 0.0
    return left - right


@dataclass(frozen=True)
class Outcomes:
    """Counts of one facet group against observed and (optionally) predicted labels.

    Attributes:
        size: Records in the group.
        positive: Observed positives (``n^(1)``).
        predicted_positive: Predicted positives (``n̂^(1)``).
        tp: True positives.
        fp: False positives.
        tn: True negatives.
        fn: False negatives.
    """

    size: int
    positive: int
    predicted_positive: int = 0
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    @property
    def negative(self) -> int:
        """Observed negatives (``n^(0)``)."""
        return self.size - self.positive

    @property
    def predicted_negative(self) -> int:
        """Predicted negatives (``n̂^(0)``)."""
        return self.size - self.predicted_positive

    @classmethod
    def of(cls, observed: np.ndarray, predicted: np.ndarray | None = None) -> Outcomes:
        """Count boolean label arrays (True = positive)."""
        size, positive = len(observed), int(observed.sum())
        if predicted is None:
            return cls(size, positive)
        return cls(
            size=size,
            positive=positive,
            predicted_positive=int(predicted.sum()),
            tp=int(np.sum(observed & predicted)),
            fp=int(np.sum(~observed & predicted)),
            tn=int(np.sum(~observed & ~predicted)),
            fn=int(np.sum(observed & ~predicted)),
        )


def split(
    facet: np.ndarray, observed: np.ndarray, predicted: np.ndarray | None = None
) -> tuple[Outcomes, Outcomes]:
    """The outcomes of facet *a* (outside the selection) and facet *d* (inside it)."""
    inside, outside = facet, ~facet
    return (
        Outcomes.of(observed[outside], None if predicted is None else predicted[outside]),
        Outcomes.of(observed[inside], None if predicted is None else predicted[inside]),
    )


def conditional_disparity(
    labels: np.ndarray, facet: np.ndarray, groups: np.ndarray | None
) -> float:
    """CDD, the record-weighted mean of the groups' demographic disparities.

    A group's disparity is facet *d*'s share of its negatives minus facet *d*'s share of
    its positives.

    Raises:
        MetricUnavailable: without a group variable.
    """
    if groups is None:
        raise MetricUnavailable("Group variable is empty or not provided")
    _, group_of = np.unique(groups, return_inverse=True)

    def per_group(mask: np.ndarray) -> np.ndarray:
        return np.bincount(group_of, weights=mask.astype(float))

    sizes = np.bincount(group_of).astype(float)
    negatives, positives = per_group(~labels), per_group(labels)
    disparity = _ratios(per_group(facet & ~labels), negatives) - _ratios(
        per_group(facet & labels), positives
    )
    # Summed group by group, in group order (a running sum, not numpy's pairwise one).
    return float(np.cumsum(sizes * disparity)[-1]) / len(labels)


def _ratios(numerators: np.ndarray, denominators: np.ndarray) -> np.ndarray:
    """Element-wise `divide` for counts (a share of nothing is 0)."""
    result = np.zeros_like(numerators)
    np.divide(numerators, denominators, out=result, where=denominators != 0)
    return result
