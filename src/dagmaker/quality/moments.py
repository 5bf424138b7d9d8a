"""Count, sum, mean and population standard deviation of a stream of doubles.

Model Monitor computes these in Spark, row by row within a partition: the sum adds
values in order, and the deviation uses Spark's running update
(``delta = x - mean; mean += delta / n; m2 += delta * (delta - delta / n)``).
Floating-point results depend on that order, so a small column (one Spark partition) is
reproduced bit for bit by running the same loop over its first values. Past that size
the values are taken a batch at a time (sum by numpy, deviation in two passes) and the
batches are combined with the pairwise formula Spark uses to combine partitions, so
large data stays fast and at least as accurate.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

# Values kept back and summed one by one; a file this small is one Spark partition.
EXACT_LIMIT = 1 << 14

Floats = npt.NDArray[np.float64]


class Moments:
    """Running count, sum, mean and m2 (sum of squared deviations), plus min and max."""

    def __init__(self) -> None:
        self.count = 0
        self.sum = 0.0
        self.mean = 0.0
        self.m2 = 0.0
        self.minimum = math.inf
        self.maximum = -math.inf
        self._held: list[Floats] = []
        self._held_count = 0
        self._merged = False

    def update(self, values: Floats) -> None:
        """Add a batch of values (no nulls) in stream order."""
        if values.size == 0:
            return
        self.minimum = min(self.minimum, float(np.min(values)))
        self.maximum = max(self.maximum, float(np.max(values)))
        if not self._merged:
            self._held.append(values)
            self._held_count += values.size
            if self._held_count <= EXACT_LIMIT:
                return
            values = np.concatenate(self._held)
            self._held, self._merged = [], True
        self._merge_batch(values)

    def finish(self) -> None:
        """Fold what is still held back, one value at a time."""
        if not self._merged and self._held:
            for value in np.concatenate(self._held).tolist():
                self._add_one(value)
            self._held = []

    def _add_one(self, value: float) -> None:
        self.count += 1
        self.sum += value
        delta = value - self.mean
        delta_n = delta / self.count
        self.mean += delta_n
        self.m2 += delta * (delta - delta_n)

    def _merge_batch(self, values: Floats) -> None:
        count = values.size
        total = float(np.sum(values))
        mean = total / count
        m2 = float(np.sum(np.square(values - mean)))
        new_count = self.count + count
        delta = mean - self.mean
        delta_n = delta / new_count
        self.m2 = self.m2 + m2 + delta * delta_n * self.count * count
        self.mean = self.mean + delta_n * count
        self.count = new_count
        self.sum += total

    @property
    def average(self) -> float:
        """Sum over count (Deequ's Mean), NaN without values."""
        return self.sum / self.count if self.count else math.nan

    @property
    def std_dev(self) -> float:
        """Population standard deviation, NaN without values."""
        return math.sqrt(self.m2 / self.count) if self.count else math.nan
