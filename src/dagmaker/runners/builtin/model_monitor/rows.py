"""Rows the analyzer builds itself (from captured records or a pre-processor's dicts).

Collected rows become one in-memory table: columns in the order first seen (a
pre-processor's keys sorted, as Model Monitor orders them — hence the documented
``str(i).zfill(20)`` keys), a row without a column is null there, and each column's
values are typed the way a JSON dataset's are.

Rows are kept column by column. A run adds one row per captured record, nearly always
with the same keys as the row before; such a row's values go straight to their columns,
and nested values are looked for once per column when the table is made.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from dagmaker.errors import JobFailure
from dagmaker.quality.json_source import column_array

_NESTED = (dict, list, tuple)


class RowCollector:
    """Rows as columns of values, by column name."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {}
        self.wheres: list[Any] = []
        self.count = 0
        # The previous row's keys, when they were every column: a row with the same keys
        # (in the same order) fills these lists in that order.
        self._keys: tuple[Any, ...] | None = None
        self._targets: list[list[Any]] = []

    def add(self, row: dict[Any, Any], where: Any, sort_keys: bool = False) -> None:
        """Add one row; ``where`` names it in errors."""
        self.wheres.append(where)
        if self._keys is not None and tuple(row) == self._keys:
            for target, value in zip(self._targets, row.values(), strict=True):
                target.append(value)
            self.count += 1
            return
        self._add_new_shape(row, sort_keys)

    def _add_new_shape(self, row: dict[Any, Any], sort_keys: bool) -> None:
        keyed = {str(key): value for key, value in row.items()}
        for name in sorted(keyed) if sort_keys else keyed:
            if name not in self.columns:
                self.columns[name] = [None] * self.count
        for name, column in self.columns.items():
            column.append(keyed.get(name))
        self.count += 1
        if len(keyed) == len(self.columns) == len(row):
            self._keys = tuple(row)
            self._targets = [self.columns[str(key)] for key in row]
        else:
            self._keys = None

    def table(self) -> pa.Table:
        """Every row collected, as a table.

        Raises:
            JobFailure: when a value is nested (the analyzer needs flat rows), naming the
                first record and column holding one.
        """
        for name, values in self.columns.items():
            if any(issubclass(kind, _NESTED) for kind in set(map(type, values))):
                self._nested(name, values)
        columns = {name: column_array(values) for name, values in self.columns.items()}
        return pa.table(columns) if columns else pa.table({})

    def _nested(self, name: str, values: list[Any]) -> None:
        index = next(i for i, v in enumerate(values) if isinstance(v, _NESTED))
        raise JobFailure(
            f"ClientError: {self.wheres[index]}: column {name!r} holds a nested value "
            f"({type(values[index]).__name__}); the analyzer needs flat rows",
            hint="Flatten nested values in the record_preprocessor_script.",
        )
