"""A Clarify dataset as named columns: CSV or JSON Lines text, headers resolved.

CSV: with ``headers`` in the configuration the file has no header row (one equal to the
headers is skipped all the same); without them the first row names the columns, unless
every cell of it is a number, in which case the columns are ``column_0``, ``column_1``, …
JSON Lines: ``features`` locates the list of feature values in each line, ``label`` and
``predicted_label`` locate single values (simple paths: ``features``, ``data.values``,
``a[0]``); ``headers`` names the features, then the label, then the predicted label.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dagmaker._lib import json_path
from dagmaker.quality.clarify_config import ClarifyConfig, ClarifyConfigError, Column


class DatasetError(ClarifyConfigError):
    """The dataset cannot be read as the configuration describes it."""

    headline = "Invalid Clarify dataset"


@dataclass(frozen=True)
class Table:
    """Named columns of equal length (cells are text from CSV, JSON values from JSON)."""

    columns: dict[str, list[object]]

    @property
    def names(self) -> list[str]:
        """Column names in dataset order."""
        return list(self.columns)

    @property
    def size(self) -> int:
        """The number of records."""
        return len(next(iter(self.columns.values()), []))

    def name_of(self, column: Column, setting: str) -> str:
        """The name of ``column`` (a name, or a zero-based index).

        Raises:
            DatasetError: naming the setting and the columns there are.
        """
        if isinstance(column, str) and column in self.columns:
            return column
        if isinstance(column, int) and 0 <= column < len(self.columns):
            return self.names[column]
        if isinstance(column, str) and column.isdigit() and int(column) < len(self.columns):
            return self.names[int(column)]
        raise DatasetError(
            f"{setting} {column!r} is not a column of the dataset; its columns are "
            f"{', '.join(self.names)}",
            field=setting,
        )


def read(text: str, config: ClarifyConfig, source: str) -> Table:
    """Read the dataset ``text`` (from ``source``, named in errors).

    Raises:
        DatasetError: for an empty dataset, ragged rows, or lines that do not parse.
    """
    if not text.strip():
        raise DatasetError(f"the dataset {source} is empty; it needs at least one record")
    if config.dataset_type == "application/jsonlines":
        return _json_lines(text, config, source)
    return _csv(text, config.headers, source)


def from_rows(names: Sequence[str], rows: Sequence[Sequence[object]], source: str) -> Table:
    """A table of ``rows`` under ``names``.

    Raises:
        DatasetError: naming the first record whose width differs.
    """
    for number, row in enumerate(rows, start=1):
        if len(row) != len(names):
            raise DatasetError(
                f"record {number} of {source} has {len(row)} values but there are "
                f"{len(names)} columns ({', '.join(names)})"
            )
    if len(set(names)) != len(names):
        raise DatasetError(f"the columns of {source} are not unique: {', '.join(names)}")
    return Table({name: [row[i] for row in rows] for i, name in enumerate(names)})


def _csv(text: str, headers: Sequence[str], source: str) -> Table:
    rows = [row for row in csv.reader(io.StringIO(text)) if row]
    if headers:
        if [c.strip() for c in rows[0]] == list(headers):
            rows = rows[1:]
        names = list(headers)
    elif all(_is_number(cell) for cell in rows[0]):
        names = [f"column_{i}" for i in range(len(rows[0]))]
    else:
        names, rows = [c.strip() for c in rows[0]], rows[1:]
    if not rows:
        raise DatasetError(f"the dataset {source} has a header but no records")
    return from_rows(names, rows, source)


def _json_lines(text: str, config: ClarifyConfig, source: str) -> Table:
    paths = {
        "features": config.features,
        "label": config.label,
        "predicted": config.predicted_label,
    }
    features, labels, predicted = [], [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise DatasetError(f"line {number} of {source} is not JSON: {error.msg}") from None
        values = _path(record, str(paths["features"]), number, source)
        if not isinstance(values, list):
            raise DatasetError(f"line {number} of {source}: features must select a list")
        features.append(values)
        if paths["label"] is not None:
            labels.append(_path(record, str(paths["label"]), number, source))
        if paths["predicted"] is not None:
            predicted.append(_path(record, str(paths["predicted"]), number, source))
    width = len(features[0])
    names = _json_names(config.headers, width, labels, predicted)
    rows = [
        [*f, *([labels[i]] if labels else []), *([predicted[i]] if predicted else [])]
        for i, f in enumerate(features)
    ]
    return from_rows(names, rows, source)


def _json_names(
    headers: Sequence[str], width: int, labels: list[Any], predicted: list[Any]
) -> list[str]:
    names = list(headers) or [f"column_{i}" for i in range(width)]
    if len(names) == width:
        names += ["label"] if labels else []
        names += ["predicted_label"] if predicted else []
    return names


def _path(record: Any, path: str, number: int, source: str) -> Any:
    try:
        return json_path.lookup(record, json_path.parse(path))
    except (json_path.PathSyntaxError, json_path.PathLookupError) as error:
        raise DatasetError(f"line {number} of {source}: {error}") from None


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
