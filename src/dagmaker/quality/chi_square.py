"""Chi-square goodness of fit of current category counts to a baseline's (Deequ's method).

The baseline counts are scaled to the current total over the baseline's categories. A
test is only sound when expected counts are not too small (Cochran for two categories:
all at least 10; Yates beyond: at most 20 % below 5), so the smallest category is folded
into the next smallest until that holds. Fewer than two categories left means no test
(NaN). The p-value is the chi-square distribution's upper tail at the statistic, with
one degree of freedom fewer than categories.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_CATEGORIES = 2
YATES_MIN_EXPECTED = 5.0
YATES_SHARE_BELOW = 0.2
COCHRAN_MIN_EXPECTED = 10.0
_EPSILON = 1e-15
_MAX_TERMS = 10_000


@dataclass(frozen=True)
class ChiSquareResult:
    """Statistic, degrees of freedom and p-value (NaN when no test was possible)."""

    statistic: float
    degrees_of_freedom: int
    p_value: float


def chi_square_test(sample: dict[str, int], expected: dict[str, int]) -> ChiSquareResult:
    """Test ``sample`` counts against the shares of the ``expected`` counts."""
    sample_sum = float(sum(count for key, count in sample.items() if key in expected))
    expected_sum = float(sum(expected.values()))
    if expected_sum == 0 or sample_sum == 0:
        return ChiSquareResult(math.nan, 0, math.nan)
    scaled = {key: count / expected_sum * sample_sum for key, count in expected.items()}
    observed = {key: float(count) for key, count in sample.items()}
    _regroup(observed, scaled)
    if len(scaled) < MIN_CATEGORIES:
        return ChiSquareResult(math.nan, 0, math.nan)
    keys = sorted(scaled)
    observed_values = [observed.get(key, 0.0) for key in keys]
    expected_values = [scaled[key] for key in keys]
    # The expected counts are rescaled to the observed total, as Spark's test does.
    scale = sum(observed_values) / sum(expected_values)
    statistic = sum(
        (o - e * scale) ** 2 / (e * scale)
        for o, e in zip(observed_values, expected_values, strict=True)
    )
    freedom = len(keys) - 1
    return ChiSquareResult(statistic, freedom, upper_tail(statistic, freedom))


def _regroup(observed: dict[str, float], expected: dict[str, float]) -> None:
    while len(expected) >= MIN_CATEGORIES:
        if len(expected) > MIN_CATEGORIES:
            floor, allowed = YATES_MIN_EXPECTED, int(YATES_SHARE_BELOW * len(expected))
        else:
            floor, allowed = COCHRAN_MIN_EXPECTED, 0
        if sum(1 for value in expected.values() if value < floor) <= allowed:
            return
        # Ties are broken by name so that the result does not depend on dict order.
        smallest = min(expected, key=lambda key: (expected[key], key))
        smallest_expected = expected.pop(smallest)
        smallest_observed = observed.pop(smallest, 0.0)
        runner_up = min(expected, key=lambda key: (expected[key], key))
        expected[runner_up] += smallest_expected
        observed[runner_up] = observed.get(runner_up, 0.0) + smallest_observed


def upper_tail(statistic: float, freedom: int) -> float:
    """P(X >= statistic) for a chi-square variable with ``freedom`` degrees of freedom."""
    if freedom <= 0 or math.isnan(statistic):
        return math.nan
    if statistic <= 0:
        return 1.0
    return 1.0 - _lower_regularized_gamma(freedom / 2.0, statistic / 2.0)


def _lower_regularized_gamma(a: float, x: float) -> float:
    """P(a, x), by its series below a + 1 and by the continued fraction of Q above."""
    log_prefix = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1.0:
        term = total = 1.0 / a
        denominator = a
        for _ in range(_MAX_TERMS):
            denominator += 1.0
            term *= x / denominator
            total += term
            if abs(term) < abs(total) * _EPSILON:
                break
        return total * math.exp(log_prefix)
    return 1.0 - _upper_continued_fraction(a, x) * math.exp(log_prefix)


def _upper_continued_fraction(a: float, x: float) -> float:
    # Modified Lentz evaluation of Q(a, x)'s continued fraction.
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    fraction = d
    for i in range(1, _MAX_TERMS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        step = d * c
        fraction *= step
        if abs(step - 1.0) < _EPSILON:
            break
    return fraction
