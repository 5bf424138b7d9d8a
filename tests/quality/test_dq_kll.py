"""The KLL sketch compacts exactly as Deequ's QuantileNonSample does, item by item."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dagmaker.quality.kll import KllSketch, capacity


class ReferenceSketch:
    """A literal item-at-a-time transcription of Deequ's update/condense/compact."""

    def __init__(self, k: int, c: float) -> None:
        self.k, self.c = k, c
        self.levels: list[list[float]] = [[]]
        self.compressions = [0]
        self.offsets = [0]

    def total_capacity(self) -> int:
        return sum(capacity(self.k, self.c, h) for h in range(len(self.levels)))

    def update(self, item: float) -> None:
        self.levels[0].append(item)
        if sum(len(level) for level in self.levels) > self.total_capacity():
            self.condense()

    def condense(self) -> None:
        for height in range(len(self.levels)):
            if len(self.levels[height]) >= capacity(self.k, self.c, height):
                if height + 1 >= len(self.levels):
                    self.levels.append([])
                    self.compressions.append(0)
                    self.offsets.append(0)
                self.levels[height + 1].extend(self.compact(height))
                return

    def compact(self, height: int) -> list[float]:
        buffer = self.levels[height]
        items = len(buffer)
        even = items - items % 2
        if self.compressions[height] % 2 == 1:
            self.offsets[height] = 1 - self.offsets[height]
        ordered = sorted(buffer[:even])
        output = ordered[self.offsets[height] : even : 2]
        self.levels[height] = [buffer[-1]] if items % 2 else []
        self.compressions[height] += 1
        return output


@pytest.mark.parametrize(("count", "k"), [(0, 8), (7, 8), (100, 8), (5000, 8), (30000, 64)])
@pytest.mark.parametrize("batch", [1, 13, 997, 100000])
def test_batches_give_the_same_buffers_as_item_by_item(count: int, k: int, batch: int) -> None:
    values = np.random.default_rng(count + k).normal(size=count)
    reference = ReferenceSketch(k, 0.64)
    for value in values.tolist():
        reference.update(value)
    sketch = KllSketch(k, 0.64)
    for start in range(0, count, batch):
        sketch.update(values[start : start + batch])
    assert sketch.data() == reference.levels


def test_default_parameters_match_the_reference() -> None:
    values = np.random.default_rng(7).exponential(size=60000)
    reference = ReferenceSketch(2048, 0.64)
    for value in values.tolist():
        reference.update(value)
    sketch = KllSketch()
    sketch.update(values)
    assert sketch.data() == reference.levels
    assert len(sketch.data()) > 3
    # Compaction trades 2m items of weight w for m of weight 2w: no weight is lost.
    assert sketch.total_weight == len(values)


def test_capacity_follows_deequ() -> None:
    assert [capacity(2048, 0.64, h) for h in range(4)] == [2050, 1314, 842, 540]


def test_ranks_and_buckets_on_a_small_sketch() -> None:
    sketch = KllSketch()
    sketch.update(np.array([3.0, 1.0, 2.0, 3.0, 3.0]))
    assert sketch.rank(2.0) == 2
    assert sketch.rank_exclusive(3.0) == 2
    buckets = sketch.buckets()
    assert len(buckets) == 10
    assert (buckets[0].lower_bound, buckets[-1].upper_bound) == (1.0, 3.0)
    assert [b.count for b in buckets] == [1, 0, 0, 0, 0, 1, 0, 0, 0, 3]


def test_weights_double_per_level() -> None:
    sketch = KllSketch.from_data(4, 0.64, [[1.0, 2.0], [3.0]])
    items, cumulative = sketch.weighted()
    assert items.tolist() == [1.0, 2.0, 3.0]
    assert cumulative.tolist() == [1, 2, 4]
    assert sketch.total_weight == 4


def test_bucket_bounds_start_from_deequ_seed_values() -> None:
    # Deequ seeds its running minimum with Int.MaxValue: values all above it keep that bound.
    sketch = KllSketch()
    sketch.update(np.array([5e9, 6e9]))
    assert sketch.buckets()[0].lower_bound == float(2**31 - 1)
    assert math.isclose(sketch.buckets()[-1].upper_bound, 6e9)
