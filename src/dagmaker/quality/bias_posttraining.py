"""Post-training bias metrics: the model's predictions against the facets (Clarify's 13).

Notation as in the Clarify documentation: facet *d* is the selected group, facet *a*
everyone else; ``n^(1)`` / ``n̂^(1)`` count observed / predicted positives,
``q̂ = n̂^(1) / n``; TP, FP, TN, FN are each facet's confusion counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dagmaker.quality.bias_math import (
    MetricUnavailable,
    Outcomes,
    conditional_disparity,
    difference,
    divide,
    split,
)

FLIP_TEST_NEIGHBOURS = 5
FLIP_TEST_SMALL_GROUP = 9


@dataclass(frozen=True)
class PosttrainingData:
    """The records of one facet selection, with the model's predictions.

    Attributes:
        observed: True where the observed label is positive.
        predicted: True where the predicted label is positive.
        facet: True for facet *d*.
        groups: The group variable's value per record (CDDPL), or None.
        features: The model's numeric features, one row per record (FT), or None.
        features_error: Why there are no features (named in FT's error).
    """

    observed: np.ndarray
    predicted: np.ndarray
    facet: np.ndarray
    groups: np.ndarray | None = None
    features: np.ndarray | None = None
    features_error: str = "no feature columns"


def _split(data: PosttrainingData) -> tuple[Outcomes, Outcomes]:
    return split(data.facet, data.observed, data.predicted)


def predicted_proportions(data: PosttrainingData) -> float:
    """DPPL = q̂_a - q̂_d."""
    a, d = _split(data)
    return divide(a.predicted_positive, a.size) - divide(d.predicted_positive, d.size)


def disparate_impact(data: PosttrainingData) -> float:
    """DI = q̂_d / q̂_a."""
    a, d = _split(data)
    return divide(divide(d.predicted_positive, d.size), divide(a.predicted_positive, a.size))


def conditional_acceptance(data: PosttrainingData) -> float:
    """DCA = n_a^(1) / n̂_a^(1) - n_d^(1) / n̂_d^(1)."""
    a, d = _split(data)
    return difference(
        divide(a.positive, a.predicted_positive), divide(d.positive, d.predicted_positive)
    )


def conditional_rejection(data: PosttrainingData) -> float:
    """DCR = n_d^(0) / n̂_d^(0) - n_a^(0) / n̂_a^(0)."""
    a, d = _split(data)
    return difference(
        divide(d.negative, d.predicted_negative), divide(a.negative, a.predicted_negative)
    )


def recall_difference(data: PosttrainingData) -> float:
    """RD = TP_a / (TP_a + FN_a) - TP_d / (TP_d + FN_d)."""
    a, d = _split(data)
    return divide(a.tp, a.tp + a.fn) - divide(d.tp, d.tp + d.fn)


def specificity_difference(data: PosttrainingData) -> float:
    """SD = TN_d / (TN_d + FP_d) - TN_a / (TN_a + FP_a)."""
    a, d = _split(data)
    return divide(d.tn, d.tn + d.fp) - divide(a.tn, a.tn + a.fp)


def acceptance_rates(data: PosttrainingData) -> float:
    """DAR = TP_a / (TP_a + FP_a) - TP_d / (TP_d + FP_d)."""
    a, d = _split(data)
    return divide(a.tp, a.tp + a.fp) - divide(d.tp, d.tp + d.fp)


def rejection_rates(data: PosttrainingData) -> float:
    """DRR = TN_d / (TN_d + FN_d) - TN_a / (TN_a + FN_a)."""
    a, d = _split(data)
    return divide(d.tn, d.tn + d.fn) - divide(a.tn, a.tn + a.fn)


def accuracy_difference(data: PosttrainingData) -> float:
    """AD = ACC_a - ACC_d."""
    a, d = _split(data)
    return divide(a.tp + a.tn, a.size) - divide(d.tp + d.tn, d.size)


def treatment_equality(data: PosttrainingData) -> float:
    """TE = FN_d / FP_d - FN_a / FP_a."""
    a, d = _split(data)
    return difference(divide(d.fn, d.fp), divide(a.fn, a.fp))


def conditional_demographic_disparity(data: PosttrainingData) -> float:
    """CDDPL: CDD computed over the predicted labels."""
    return conditional_disparity(data.predicted, data.facet, data.groups)


def flip_test(data: PosttrainingData) -> float:
    """FT = (F+ - F-) / n_d.

    Each member of facet *d* is compared with its nearest neighbours in facet *a* (a
    k-nearest-neighbour vote over the model's predictions for *a*, k = 5, or 1 when *a*
    has at most 9 records). F+ counts members predicted negative whose neighbours were
    predicted positive, F- the opposite.

    Raises:
        MetricUnavailable: without numeric features, or when a facet is empty.
    """
    if data.features is None:
        raise MetricUnavailable(f"FlipTest needs numeric feature columns: {data.features_error}")
    inside, outside = data.facet, ~data.facet
    if not inside.any() or not outside.any():
        raise MetricUnavailable("FlipTest needs records in both facets")
    # Imported on use: scikit-learn is slow to load and only the flip test needs it.
    from sklearn.neighbors import KNeighborsClassifier

    size_a = int(outside.sum())
    neighbours = 1 if size_a <= FLIP_TEST_SMALL_GROUP else FLIP_TEST_NEIGHBOURS
    vote = KNeighborsClassifier(n_neighbors=neighbours)
    vote.fit(data.features[outside], data.predicted[outside].astype(int))
    flipped = vote.predict(data.features[inside]).astype(bool)
    own = data.predicted[inside]
    better, worse = int(np.sum(~own & flipped)), int(np.sum(own & ~flipped))
    return divide(better - worse, int(inside.sum()))


def generalized_entropy(data: PosttrainingData) -> float:
    """GE with alpha 2: Σ [(b_i / mean b)² - 1] / (2n), b = ŷ - y + 1.

    Raises:
        MetricUnavailable: when every prediction is a false negative (mean b is 0).
    """
    benefit = data.predicted.astype(float) - data.observed.astype(float) + 1.0
    mean = float(np.mean(benefit))
    if mean == 0.0:
        raise MetricUnavailable(
            "Generalized entropy is undefined: all predictions are false negatives"
        )
    return float(np.sum((benefit / mean) ** 2 - 1.0) / (2 * len(benefit)))


POSTTRAINING: dict[str, tuple[str, Callable[[PosttrainingData], float]]] = {
    "AD": ("Accuracy Difference (AD)", accuracy_difference),
    "CDDPL": (
        "Conditional Demographic Disparity in Predicted Labels (CDDPL)",
        conditional_demographic_disparity,
    ),
    "DAR": ("Difference in Acceptance Rates (DAR)", acceptance_rates),
    "DCA": ("Difference in Conditional Acceptance (DCA)", conditional_acceptance),
    "DCR": ("Difference in Conditional Rejection (DCR)", conditional_rejection),
    "DI": ("Disparate Impact (DI)", disparate_impact),
    "DPPL": (
        "Difference in Positive Proportions in Predicted Labels (DPPL)",
        predicted_proportions,
    ),
    "DRR": ("Difference in Rejection Rates (DRR)", rejection_rates),
    "FT": ("Flip Test (FT)", flip_test),
    "GE": ("Generalized Entropy (GE)", generalized_entropy),
    "RD": ("Recall Difference (RD)", recall_difference),
    "SD": ("Specificity Difference (SD)", specificity_difference),
    "TE": ("Treatment Equality (TE)", treatment_equality),
}
"""Short name → (the title Clarify's report prints, the metric)."""
