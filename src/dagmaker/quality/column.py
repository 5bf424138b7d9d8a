"""One column's running statistics, fed a batch at a time.

A column starts undecided. While every value it has seen is a number it keeps numeric
statistics (moments, min/max, KLL sketch); the first String or Boolean value makes it a
text column for good (Deequ calls such a column String) and from then on it counts values
instead. The numeric rows seen before that moment were never counted as values, so the
column asks for a second look at them (``needs_recount``): the profiler reads the source
again for those columns only, as Deequ makes a separate pass for its histograms.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from dagmaker.quality.categories import CategoryCounter
from dagmaker.quality.jackson import java_double
from dagmaker.quality.kll import KllSketch
from dagmaker.quality.moments import Moments
from dagmaker.quality.text_values import TextBatch, doubles, numeric_batch, parse_numbers
from dagmaker.quality.value_types import TypeCounts

Floats = npt.NDArray[np.float64]


class ColumnAccumulator:
    """Running state of one column."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.types = TypeCounts()
        self.moments = Moments()
        self.sketch = KllSketch()
        self.categories: CategoryCounter | None = None
        self.needs_recount = False

    @property
    def is_text(self) -> bool:
        """Whether a String or Boolean value has been seen."""
        return self.categories is not None

    def add_nulls(self, count: int) -> None:
        """Rows where the column has no value."""
        self.types.unknown += count

    def add_text(self, array: pa.Array) -> None:
        """A batch of text values (nulls allowed), e.g. a CSV column."""
        values = self._present(array)
        if values is None:
            return
        if self.categories is not None:
            self.types.add(self.categories.add(values))
            return
        batch = numeric_batch(values)
        if batch is None:
            # Counting values types them too (once per distinct value): if they all turn
            # out to be numbers (a "+1" or "- 2" the fast path leaves alone) the column
            # stays numeric; otherwise it is a text column from here on.
            counter = CategoryCounter()
            counts = counter.add(values)
            if counts.string or counts.boolean:
                self._become_text(counter)
                self.types.add(counts)
                return
            batch = TextBatch(counts, parse_numbers(values))
        assert batch.numbers is not None
        self.types.add(batch.counts)
        self._add_numbers(batch.numbers)

    def add_numbers(self, array: pa.Array, integral: bool) -> None:
        """A batch of typed numbers (nulls allowed): Parquet or JSON numbers."""
        values = self._present(array)
        if values is None:
            return
        if self.categories is not None:
            self.add_text(_render(values, integral))
            return
        numbers = doubles(pc.cast(values, pa.float64()))
        self.types.add_type("Integral" if integral else "Fractional", numbers.size)
        self._add_numbers(numbers)

    def _present(self, array: pa.Array) -> pa.Array | None:
        if array.null_count:
            self.types.unknown += array.null_count
            array = pc.drop_null(array)
        return array if len(array) else None

    def _add_numbers(self, numbers: Floats) -> None:
        self.moments.update(numbers)
        self.sketch.update(numbers)

    def _become_text(self, counter: CategoryCounter) -> None:
        self.needs_recount = self.types.present > 0
        self.categories = counter

    def recount(self, array: pa.Array) -> None:
        """Count values again on the second look (types were already counted)."""
        values = pc.drop_null(array) if array.null_count else array
        if len(values) and self.categories is not None:
            self.categories.add(values if pa.types.is_string(values.type) else _text(values))

    def start_recount(self) -> None:
        """Forget the partial value counts before the second look."""
        self.categories = CategoryCounter()

    def finish(self) -> None:
        """Fold what the moments still hold back."""
        self.moments.finish()


def _render(values: pa.Array, integral: bool) -> pa.Array:
    """Numbers as the text Spark gives them in a string column (``3``, ``1.5``, ``1.0E7``)."""
    if integral:
        return pc.cast(values, pa.string())
    return pa.array([java_double(v) for v in values.to_pylist()], type=pa.string())


def _text(values: pa.Array) -> pa.Array:
    if pa.types.is_integer(values.type):
        return _render(values, True)
    if pa.types.is_floating(values.type):
        return _render(values, False)
    return pc.cast(values, pa.string())
