"""JSON datasets: JSON Lines (one object per line) or one document holding a list of them.

Each object is a row; its keys are columns, in the order first seen. A value keeps what
JSON says it is: a column whose values in a batch are all integers becomes integers,
all numbers becomes doubles; anything else (strings, booleans, nested values, or numbers
mixed with those) becomes text, typed value by value like a CSV field — so ``"3"`` and
``3`` are both Integral, as Spark's JSON reader followed by Deequ would have it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from dagmaker.quality.dq_errors import DataQualityError
from dagmaker.quality.jackson import java_double
from dagmaker.quality.sources import BATCH_ROWS, Batch


class JsonSource:
    """JSON Lines files (``lines=True``) or files each holding one JSON document."""

    def __init__(self, files: Sequence[Path], lines: bool = True) -> None:
        self.files = list(files)
        self.lines = lines

    def batches(self) -> Iterator[Batch]:
        """Rows of every file, ``BATCH_ROWS`` at a time."""
        rows: list[dict[str, Any]] = []
        for path in self.files:
            for row in self._rows(path):
                rows.append(row)
                if len(rows) == BATCH_ROWS:
                    yield rows_to_batch(rows)
                    rows = []
        if rows:
            yield rows_to_batch(rows)

    def _rows(self, path: Path) -> Iterator[dict[str, Any]]:
        try:
            with path.open(encoding="utf-8") as stream:
                if self.lines:
                    for number, line in enumerate(stream, 1):
                        if line.strip():
                            yield _object(path, number, _load(path, number, line))
                else:
                    document = _load(path, 1, stream.read())
                    for item in document if isinstance(document, list) else [document]:
                        yield _object(path, 1, item)
        except UnicodeDecodeError as error:
            raise DataQualityError(
                f"{path} is not UTF-8 text ({error})",
                field="DATA",
                hint="JSON files must be UTF-8; re-encode the file.",
            ) from error


def _load(path: Path, number: int, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataQualityError(
            f"{path}, line {number}: not valid JSON ({error.msg} at column {error.colno})",
            field="DATA",
        ) from error


def _object(path: Path, number: int, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DataQualityError(
            f"{path}, line {number}: a row must be a JSON object, got {type(value).__name__}",
            field="DATA",
            hint="Each line (or list item) needs to be an object mapping column names to values.",
        )
    return value


def rows_to_batch(rows: Sequence[dict[str, Any]]) -> Batch:
    """Column arrays from row dicts (missing keys are nulls), columns in first-seen order."""
    # A preprocessor may return integer keys; columns are named by their text.
    keyed = [row if all(type(k) is str for k in row) else _str_keys(row) for row in rows]
    names: dict[str, None] = {}
    for row in keyed:
        names.update(dict.fromkeys(row))
    columns = [column_array([row.get(name) for row in keyed]) for name in names]
    return Batch(tuple(names), tuple(columns), len(rows))


def _str_keys(row: dict[Any, Any]) -> dict[str, Any]:
    return {str(key): value for key, value in row.items()}


def column_array(values: list[Any]) -> pa.Array:
    """One column's values as an arrow array: integers, doubles, or text."""
    present = [v for v in values if v is not None]
    if not present:
        return pa.nulls(len(values), type=pa.string())
    kinds = set(map(type, present))
    if kinds == {str}:
        return pa.array(values, type=pa.string())
    if all(type(v) is int for v in present):
        try:
            return pa.array(values, type=pa.int64())
        except OverflowError:
            pass
    elif all(type(v) is float for v in present):
        return pa.array(values, type=pa.float64())
    return pa.array([None if v is None else as_text(v) for v in values], type=pa.string())


def as_text(value: Any) -> str:
    """A JSON value as the text a string column holds for it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
