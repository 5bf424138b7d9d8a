"""Sums and deviations: bit-exact Spark order for small columns, accurate for large ones."""

from __future__ import annotations

import math

import numpy as np

from dagmaker.quality.moments import EXACT_LIMIT, Moments


def spark_order(values: list[float]) -> tuple[float, float, float]:
    """Sum, mean of the sum, and population deviation, folded row by row like Spark."""
    count, total, mean, m2 = 0, 0.0, 0.0, 0.0
    for value in values:
        count += 1
        total += value
        delta = value - mean
        delta_n = delta / count
        mean += delta_n
        m2 += delta * (delta - delta_n)
    return total, total / count, math.sqrt(m2 / count)


def test_small_columns_match_spark_bit_for_bit_whatever_the_batches() -> None:
    values = np.random.default_rng(3).normal(10.0, 3.0, size=5000).round(3)
    expected = spark_order(values.tolist())
    for batch in (1, 7, 5000):
        moments = Moments()
        for start in range(0, values.size, batch):
            moments.update(values[start : start + batch])
        moments.finish()
        assert (moments.sum, moments.average, moments.std_dev) == expected
        assert moments.count == values.size


def test_large_columns_stay_accurate() -> None:
    values = np.random.default_rng(4).lognormal(size=EXACT_LIMIT * 5)
    moments = Moments()
    for start in range(0, values.size, 10_000):
        moments.update(values[start : start + 10_000])
    moments.finish()
    assert moments.count == values.size
    assert math.isclose(moments.sum, math.fsum(values.tolist()), rel_tol=1e-13)
    assert math.isclose(moments.std_dev, float(np.std(values)), rel_tol=1e-12)
    assert (moments.minimum, moments.maximum) == (float(values.min()), float(values.max()))


def test_no_values_gives_nan() -> None:
    moments = Moments()
    moments.finish()
    assert math.isnan(moments.average)
    assert math.isnan(moments.std_dev)
