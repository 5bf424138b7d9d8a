"""Distances between a baseline and a current distribution (Deequ's ``Distance``).

Numeric features compare KLL sketches: the L-infinity distance between the two
empirical CDFs, taken at every item of either sketch. Categorical features compare value
frequencies: the largest difference in share of any value (L-infinity), or a chi-square
test. ``Simple`` is the raw L-infinity distance; ``Robust`` subtracts what a sample of
that size could show by chance (two-sample Kolmogorov–Smirnov bound, c(α) = 1.8 for
α ≈ 0.003): ``max(0, d - 1.8 * sqrt((n + m) / (n * m)))``.
"""

from __future__ import annotations

import math

import numpy as np

from dagmaker.quality.chi_square import chi_square_test
from dagmaker.quality.kll import KllSketch

ROBUST_C_ALPHA = 1.8


def numerical_distance(baseline: KllSketch, current: KllSketch, robust: bool) -> float:
    """L-infinity distance between the CDFs of two sketches (NaN if either is empty)."""
    base_items, base_ranks = baseline.weighted()
    cur_items, cur_ranks = current.weighted()
    if base_items.size == 0 or cur_items.size == 0:
        return math.nan
    n, m = float(base_ranks[-1]), float(cur_ranks[-1])
    keys = np.union1d(base_items, cur_items)
    simple = float(
        np.max(np.abs(_cdf(base_items, base_ranks, keys, n) - _cdf(cur_items, cur_ranks, keys, m)))
    )
    return _robust(simple, n, m) if robust else simple


def _cdf(items: np.ndarray, ranks: np.ndarray, keys: np.ndarray, total: float) -> np.ndarray:
    index = np.searchsorted(items, keys, side="right")
    below = np.where(index > 0, ranks[np.maximum(index - 1, 0)], 0)
    return below.astype(np.float64) / total


def categorical_distance(baseline: dict[str, int], current: dict[str, int], robust: bool) -> float:
    """Largest difference in a value's share between two count tables."""
    n = float(sum(baseline.values()))
    m = float(sum(current.values()))
    if n == 0 or m == 0:
        return math.nan
    simple = max(
        abs(baseline.get(key, 0) / n - current.get(key, 0) / m)
        for key in baseline.keys() | current.keys()
    )
    return _robust(simple, n, m) if robust else simple


def categorical_p_value(baseline: dict[str, int], current: dict[str, int]) -> float:
    """Chi-square goodness of fit of the current counts to the baseline's shares."""
    return chi_square_test(current, baseline).p_value


def _robust(simple: float, n: float, m: float) -> float:
    return max(0.0, simple - ROBUST_C_ALPHA * math.sqrt((n + m) / (n * m)))
