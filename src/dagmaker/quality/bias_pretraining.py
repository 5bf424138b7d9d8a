"""Pre-training bias metrics: the data alone, before any model (SageMaker Clarify's eight).

Notation as in the Clarify documentation: facet *d* is the selected group, facet *a*
everyone else; ``n`` counts records, ``n^(1)`` observed positives, ``q = n^(1) / n``.

The distribution metrics (KL, JS, LP, TVD, KS) compare the two facets' label
distributions, taken over the binarised label (negative, positive) as Clarify's report
does. Only label values with a non-zero probability in both facets enter, and the
remaining probabilities are not renormalised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dagmaker.quality.bias_math import conditional_disparity, divide, split


@dataclass(frozen=True)
class PretrainingData:
    """The records of one facet selection.

    Attributes:
        observed: True where the observed label is positive.
        facet: True for facet *d*.
        groups: The group variable's value per record (CDDL), or None.
    """

    observed: np.ndarray
    facet: np.ndarray
    groups: np.ndarray | None = None


def class_imbalance(data: PretrainingData) -> float:
    """CI = (n_a - n_d) / (n_a + n_d)."""
    a, d = split(data.facet, data.observed)
    return divide(a.size - d.size, a.size + d.size)


def positive_proportions(data: PretrainingData) -> float:
    """DPL = q_a - q_d."""
    a, d = split(data.facet, data.observed)
    return divide(a.positive, a.size) - divide(d.positive, d.size)


def label_distributions(data: PretrainingData) -> tuple[np.ndarray, np.ndarray]:
    """P_a and P_d over (negative, positive), restricted to values both facets have."""
    a, d = split(data.facet, data.observed)
    p_a = np.array([divide(a.negative, a.size), divide(a.positive, a.size)])
    p_d = np.array([divide(d.negative, d.size), divide(d.positive, d.size)])
    both = (p_a > 0) & (p_d > 0)
    return p_a[both], p_d[both]


def kullback_leibler(data: PretrainingData) -> float:
    """KL = Σ P_a · ln(P_a / P_d)."""
    p_a, p_d = label_distributions(data)
    return float(np.sum(p_a * np.log(p_a / p_d)))


def jensen_shannon(data: PretrainingData) -> float:
    """JS = ½ [KL(P_a ‖ M) + KL(P_d ‖ M)], M = ½ (P_a + P_d)."""
    p_a, p_d = label_distributions(data)
    middle = (p_a + p_d) / 2
    return float(0.5 * (np.sum(p_a * np.log(p_a / middle)) + np.sum(p_d * np.log(p_d / middle))))


def lp_norm(data: PretrainingData) -> float:
    """LP = ‖P_a - P_d‖₂."""
    p_a, p_d = label_distributions(data)
    return float(np.linalg.norm(p_a - p_d))


def total_variation(data: PretrainingData) -> float:
    """TVD = ½ ‖P_a - P_d‖₁."""
    p_a, p_d = label_distributions(data)
    return float(0.5 * np.sum(np.abs(p_a - p_d)))


def kolmogorov_smirnov(data: PretrainingData) -> float:
    """KS = max |P_a - P_d|."""
    p_a, p_d = label_distributions(data)
    return float(np.max(np.abs(p_a - p_d))) if len(p_a) else 0.0


def conditional_demographic_disparity(data: PretrainingData) -> float:
    """CDDL over the group variable (see `bias_math.conditional_disparity`)."""
    return conditional_disparity(data.observed, data.facet, data.groups)


PRETRAINING: dict[str, tuple[str, Callable[[PretrainingData], float]]] = {
    "CDDL": (
        "Conditional Demographic Disparity in Labels (CDDL)",
        conditional_demographic_disparity,
    ),
    "CI": ("Class Imbalance (CI)", class_imbalance),
    "DPL": ("Difference in Positive Proportions in Labels (DPL)", positive_proportions),
    "JS": ("Jensen-Shannon Divergence (JS)", jensen_shannon),
    "KL": ("Kullback-Liebler Divergence (KL)", kullback_leibler),
    "KS": ("Kolmogorov-Smirnov Distance (KS)", kolmogorov_smirnov),
    "LP": ("L-p Norm (LP)", lp_norm),
    "TVD": ("Total Variation Distance (TVD)", total_variation),
}
"""Short name → (the title Clarify's report prints, the metric)."""
