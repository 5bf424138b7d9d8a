"""Rows the analyzer builds itself (from captured records or a pre-processor's dicts).

Collected rows become one in-memory table: columns in the order first seen (a
pre-processor's keys sorted, as Model Monitor orders them — hence the documented
``str(i).zfill(20)`` keys), a row without a column is null there, and each column's
values are typed the way a JSON dataset's are.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from dagmaker.errors import JobFailure
from dagmaker.quality.json_source import column_array


class RowCollector:
    """Rows as dicts of column name → value."""

    def __init__(self) -> None:
        self.names: dict[str, None] = {}
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[Any, Any], where: str, sort_keys: bool = False) -> None:
        """Add one row.

        Raises:
            JobFailure: when a value is nested (the analyzer needs flat rows).
        """
        keyed = {str(key): value for key, value in row.items()}
        for name, value in keyed.items():
            if isinstance(value, dict | list | tuple):
                raise JobFailure(
                    f"ClientError: {where}: column {name!r} holds a nested value "
                    f"({type(value).__name__}); the analyzer needs flat rows",
                    hint="Flatten nested values in the record_preprocessor_script.",
                )
        self.names.update(dict.fromkeys(sorted(keyed) if sort_keys else keyed))
        self.rows.append(keyed)

    def table(self) -> pa.Table:
        """Every row collected, as a table."""
        columns = {name: column_array([row.get(name) for row in self.rows]) for name in self.names}
        return pa.table(columns) if columns else pa.table({})
