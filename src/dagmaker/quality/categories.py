"""Value counts of a text column: exact while small, an estimate once it has many values.

Model Monitor reports, for a String feature, how many distinct values it has and (for a
low-cardinality column) a categorical bucket per value with its count. Counts are kept
exactly up to ``EXACT_LIMIT`` distinct values; past that the column only keeps a
HyperLogLog sketch, so memory stays flat however many values it has.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from dagmaker.quality.hyperloglog import HyperLogLog
from dagmaker.quality.text_values import classify_batch
from dagmaker.quality.value_types import TypeCounts, classify

EXACT_LIMIT = 1 << 14


class CategoryCounter:
    """Counts of the non-null values of one text column, batch after batch."""

    def __init__(self, limit: int = EXACT_LIMIT) -> None:
        self.limit = limit
        self.counts: dict[str, int] | None = {}
        self._types: dict[str, str] = {}
        self._sketch: HyperLogLog | None = None

    @property
    def exact(self) -> bool:
        """Whether every distinct value is still counted."""
        return self.counts is not None

    def add(self, values: pa.Array) -> TypeCounts:
        """Count a string array without nulls; return its values per Deequ type."""
        if self.counts is not None:
            tally = pc.value_counts(values)
            if len(self.counts) + len(tally) <= self.limit:
                return self._count(tally)
            self._switch_to_sketch()
        assert self._sketch is not None
        self._sketch.add_strings(values)
        return classify_batch(values).counts

    def _count(self, tally: pa.StructArray) -> TypeCounts:
        assert self.counts is not None
        result = TypeCounts()
        uniques = tally.field("values").to_pylist()
        for value, count in zip(uniques, tally.field("counts").to_pylist(), strict=True):
            self.counts[value] = self.counts.get(value, 0) + count
            type_name = self._types.get(value)
            if type_name is None:
                type_name = self._types[value] = classify(value)
            result.add_type(type_name, count)
        return result

    def _switch_to_sketch(self) -> None:
        assert self.counts is not None
        self._sketch = HyperLogLog()
        if self.counts:
            self._sketch.add_strings(pa.array(list(self.counts), type=pa.string()))
        self.counts = None
        self._types = {}

    def distinct(self) -> float:
        """Exact distinct count while exact, else the sketch's estimate."""
        if self.counts is not None:
            return float(len(self.counts))
        assert self._sketch is not None
        return float(round(self._sketch.estimate()))
