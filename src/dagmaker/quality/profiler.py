"""A dataset's profile: every column's statistics from one pass over its batches.

Columns keep the order they are first seen in. A column that appears only in later
batches (JSON rows with extra keys) is null for the rows before; a column missing from
a batch is null there. Columns that became text after numbers (see ``column``) get a
second pass that counts their values.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

import pyarrow as pa
import pyarrow.compute as pc

from dagmaker.quality.column import ColumnAccumulator
from dagmaker.quality.dq_errors import DataQualityError
from dagmaker.quality.prefetch import prefetched
from dagmaker.quality.sources import Batch, DataSource


@dataclass(frozen=True)
class DatasetProfile:
    """Row count and per-column statistics of a dataset."""

    item_count: int
    columns: tuple[ColumnAccumulator, ...]

    def column(self, name: str) -> ColumnAccumulator | None:
        """The column called ``name``, if the dataset has it."""
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, ColumnAccumulator]:
        return {column.name: column for column in self.columns}


class Profiler:
    """Feeds batches to column accumulators."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns: dict[str, ColumnAccumulator] = {}

    def add(self, batch: Batch, pool: ThreadPoolExecutor | None = None) -> None:
        """Take one batch; with a pool, its columns are profiled side by side."""
        work = []
        for name, array in zip(batch.names, batch.arrays, strict=True):
            column = self.columns.get(name)
            if column is None:
                column = self.columns[name] = ColumnAccumulator(name)
                column.add_nulls(self.rows)
            work.append((column, array))
        for name in self.columns.keys() - set(batch.names):
            self.columns[name].add_nulls(batch.rows)
        self.rows += batch.rows
        if pool is None:
            for column, array in work:
                feed(column, array)
        else:
            # Each column is one task, so no accumulator is ever touched by two threads.
            for done in [pool.submit(feed, column, array) for column, array in work]:
                done.result()

    def recount(self, source: DataSource) -> None:
        """The second pass, for columns that turned to text after holding numbers."""
        pending = {n: c for n, c in self.columns.items() if c.needs_recount}
        if not pending:
            return
        for column in pending.values():
            column.start_recount()
        for batch in source.batches():
            for name, array in zip(batch.names, batch.arrays, strict=True):
                if name in pending:
                    pending[name].recount(_as_text_input(array, name))

    def finish(self) -> DatasetProfile:
        """The profile of everything added."""
        for column in self.columns.values():
            column.finish()
        return DatasetProfile(self.rows, tuple(self.columns.values()))


def profile(source: DataSource) -> DatasetProfile:
    """Profile every row of ``source``.

    Raises:
        DataQualityError: when the source has no rows at all.
    """
    profiler = Profiler()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for batch in prefetched(source.batches()):
            profiler.add(batch, pool)
    if profiler.rows == 0:
        raise DataQualityError(
            "the dataset has no rows to analyse",
            field="DATA",
            hint="Check the path (and the analysis window, for captured data).",
        )
    profiler.recount(source)
    return profiler.finish()


def feed(column: ColumnAccumulator, array: pa.Array) -> None:
    """Give one column's batch to its accumulator, by arrow type.

    Raises:
        DataQualityError: for nested or binary values, which Model Monitor cannot analyse.
    """
    kind = array.type
    if pa.types.is_dictionary(kind):
        array, kind = array.dictionary_decode(), kind.value_type
    if pa.types.is_null(kind):
        column.add_nulls(len(array))
    elif pa.types.is_integer(kind):
        column.add_numbers(array, integral=True)
    elif pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        column.add_numbers(array, integral=False)
    else:
        column.add_text(_as_text_input(array, column.name))


def _as_text_input(array: pa.Array, name: str) -> pa.Array:
    kind = array.type
    if pa.types.is_dictionary(kind):
        array, kind = array.dictionary_decode(), kind.value_type
    if pa.types.is_string(kind) or pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return array
    if pa.types.is_large_string(kind):
        return pc.cast(array, pa.string())
    if pa.types.is_boolean(kind):
        return pc.if_else(array, "true", "false")
    if pa.types.is_temporal(kind) or pa.types.is_decimal(kind) or pa.types.is_null(kind):
        return pc.cast(array, pa.string())
    raise DataQualityError(
        f"column {name!r} holds values of type {kind}, which cannot be analysed",
        field="DATA",
        hint="Model Monitor analyses flat tabular data; flatten nested values first "
        "(a record_preprocessor_script can do it for captured data).",
    )
