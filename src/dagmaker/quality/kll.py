"""Deequ's KLL quantile sketch, the one whose buffers Model Monitor writes.

Model Monitor stores ``distribution.kll.sketch.data`` — the raw compactor buffers of
Deequ's ``QuantileNonSample`` — so that drift can later be measured from the baseline
file alone. To be readable as the same sketch, ours compacts exactly as Deequ does
(Apache DataSketches' KLL does not):

- level ``h`` holds items of weight ``2**h`` and has capacity
  ``2 * (ceil(k * c**h / 2) + 1)``;
- each new item goes to level 0; when the items held exceed the summed capacities, the
  lowest level at or over its capacity is compacted once: the even-length prefix of its
  buffer is sorted and every other item (starting at an offset that flips on every second
  compaction of that level) moves up; an odd last item stays behind;
- nothing is random, so the same values in the same order give the same buffers.

Items are added a batch at a time with numpy; the sequence of compactions depends only
on counts, so a batch is cut exactly where Deequ's item-by-item loop would compact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

DEFAULT_K = 2048
DEFAULT_C = 0.64
BUCKETS = 10
# Deequ seeds the running min/max with Int.MaxValue/Int.MinValue as doubles; bucket
# bounds come from those running values, so a column entirely above 2**31-1 keeps
# 2147483647.0 as its lowest bound, as Model Monitor's does.
_SEED_MIN = float(2**31 - 1)
_SEED_MAX = float(-(2**31))

Floats = npt.NDArray[np.float64]
_EMPTY: Floats = np.empty(0, dtype=np.float64)


def capacity(k: int, c: float, height: int) -> int:
    """Deequ's capacity of compactor level ``height``."""
    return 2 * (math.ceil(k * c**height / 2) + 1)


@dataclass(frozen=True)
class Bucket:
    """One of the equal-width buckets Model Monitor derives from a sketch."""

    lower_bound: float
    upper_bound: float
    count: int


class KllSketch:
    """A Deequ-compatible KLL sketch over doubles."""

    def __init__(self, k: int = DEFAULT_K, c: float = DEFAULT_C) -> None:
        self.k = k
        self.c = c
        self._levels: list[Floats] = [_EMPTY]
        self._compactions = [0]
        self._offsets = [0]
        self._capacities = [capacity(k, c, 0)]
        self.seen_min = _SEED_MIN
        self.seen_max = _SEED_MAX

    @classmethod
    def from_data(cls, k: int, c: float, data: list[list[float]]) -> KllSketch:
        """Rebuild a sketch from its ``data`` buffers (Deequ's ``reconstruct``)."""
        sketch = cls(k, c)
        levels = data or [[]]
        sketch._levels = [np.asarray(level, dtype=np.float64) for level in levels]
        sketch._compactions = [0] * len(levels)
        sketch._offsets = [0] * len(levels)
        sketch._capacities = [capacity(k, c, h) for h in range(len(levels))]
        return sketch

    # -- adding items ---------------------------------------------------------------

    def update(self, values: Floats) -> None:
        """Add ``values`` in order, as Deequ's ``update`` would one at a time."""
        if values.size == 0:
            return
        self.seen_min = min(self.seen_min, float(np.min(values)))
        self.seen_max = max(self.seen_max, float(np.max(values)))
        position = 0
        held = sum(level.size for level in self._levels)
        while position < values.size:
            total = sum(self._capacities)
            # Deequ condenses right after the item that makes the count exceed the total.
            take = min(total - held + 1, values.size - position)
            self._levels[0] = np.concatenate((self._levels[0], values[position : position + take]))
            position += take
            held += take
            if held > total:
                held -= self._condense()

    def _condense(self) -> int:
        """Compact the lowest full level once; return how many items left the sketch."""
        for height, level in enumerate(self._levels):
            if level.size >= self._capacities[height]:
                if height + 1 >= len(self._levels):
                    self._grow()
                promoted = self._compact(height)
                self._levels[height + 1] = np.concatenate((self._levels[height + 1], promoted))
                return promoted.size
        return 0

    def _grow(self) -> None:
        self._levels.append(_EMPTY)
        self._compactions.append(0)
        self._offsets.append(0)
        self._capacities.append(capacity(self.k, self.c, len(self._capacities)))

    def _compact(self, height: int) -> Floats:
        buffer = self._levels[height]
        even = buffer.size - buffer.size % 2
        if self._compactions[height] % 2 == 1:
            self._offsets[height] = 1 - self._offsets[height]
        ordered = np.sort(buffer[:even])
        self._levels[height] = buffer[even:].copy()
        self._compactions[height] += 1
        return ordered[self._offsets[height] : even : 2]

    # -- reading --------------------------------------------------------------------

    def data(self) -> list[list[float]]:
        """The compactor buffers, level 0 first (``sketch.data`` in statistics.json)."""
        return [level.tolist() for level in self._levels]

    def weighted(self) -> tuple[Floats, npt.NDArray[np.int64]]:
        """Every item sorted, with its cumulative weight (inclusive rank)."""
        items = np.concatenate(self._levels) if self._levels else _EMPTY
        weights = np.concatenate(
            [np.full(level.size, 1 << h, dtype=np.int64) for h, level in enumerate(self._levels)]
        )
        order = np.argsort(items, kind="stable")
        return items[order], np.cumsum(weights[order])

    @property
    def total_weight(self) -> int:
        """How many values the sketch stands for."""
        return sum(level.size << h for h, level in enumerate(self._levels))

    def rank(self, value: float) -> int:
        """Weight of items ``<= value`` (Deequ ``getRank``)."""
        items, cumulative = self.weighted()
        index = int(np.searchsorted(items, value, side="right"))
        return int(cumulative[index - 1]) if index else 0

    def rank_exclusive(self, value: float) -> int:
        """Weight of items ``< value`` (Deequ ``getRankExclusive``)."""
        items, cumulative = self.weighted()
        index = int(np.searchsorted(items, value, side="left"))
        return int(cumulative[index - 1]) if index else 0

    def buckets(self, count: int = BUCKETS) -> list[Bucket]:
        """Equal-width buckets between the running min and max, counted from the sketch.

        Bucket ``i`` counts items in ``[lower, upper)``; the last one also its upper bound.
        """
        start, end = self.seen_min, self.seen_max
        items, cumulative = self.weighted()

        def below(value: float, inclusive: bool) -> int:
            index = int(np.searchsorted(items, value, side="right" if inclusive else "left"))
            return int(cumulative[index - 1]) if index else 0

        result = []
        for i in range(count):
            # Same operation order as Deequ, so the bounds carry the same rounding.
            lower = start + (end - start) * i / float(count)
            upper = start + (end - start) * (i + 1) / float(count)
            last = i == count - 1
            result.append(Bucket(lower, upper, below(upper, last) - below(lower, False)))
        return result
