"""Turning rows into what candidates learn from and predict on.

Features get their schema kind (numbers as floats, anything unreadable as missing;
categories as text); classification targets become class indices in the schema's label
order, regression targets floats. Inference rows arrive as CSV text without a header,
one value per input column (the target may be left in: it is dropped).
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from dagmaker.errors import InvalidRequest, JobFailure
from dagmaker.runners.builtin.automl.schema import NUMERIC, Schema

FOLD_COLUMN = "__fold__"


def features(frame: pd.DataFrame, schema: Schema) -> pd.DataFrame:
    """The schema's features of ``frame``, each converted to its kind."""
    columns: dict[str, pd.Series] = {}
    for feature in schema.features:
        column = frame[feature.name]
        if feature.kind == NUMERIC:
            columns[feature.name] = pd.to_numeric(column, errors="coerce").astype(float)
        else:
            columns[feature.name] = column.map(_text, na_action="ignore").astype(object)
    return pd.DataFrame(columns, index=frame.index)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def target(frame: pd.DataFrame, schema: Schema) -> np.ndarray:
    """Class indices (classification) or values (regression) of the target column.

    Raises:
        JobFailure: for a class the schema does not know, or a target that is not a number
            in a regression.
    """
    values = frame[schema.target].astype(str)
    if schema.is_classification:
        index = {label: i for i, label in enumerate(schema.labels)}
        unknown = sorted(set(values) - set(index))
        if unknown:
            raise JobFailure(
                f"the target holds classes the training data does not: {', '.join(unknown[:5])}"
            )
        return np.asarray(values.map(index), dtype=np.int64)
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.isna().any():
        row = int(np.flatnonzero(numbers.isna().to_numpy())[0])
        raise JobFailure(
            f"a Regression target must be numeric; row {row + 1} holds {values.iloc[row]!r}"
        )
    return np.asarray(numbers, dtype=np.float64)


def weights(frame: pd.DataFrame, schema: Schema) -> np.ndarray | None:
    """The sample weights, when the job names a weight column.

    Raises:
        JobFailure: for a weight that is missing, negative or not a number.
    """
    if not schema.weight:
        return None
    values = pd.to_numeric(frame[schema.weight], errors="coerce")
    if values.isna().any() or (values < 0).any():
        raise JobFailure(
            f"sample weights ({schema.weight!r}) must be numbers of at least 0, without gaps"
        )
    return np.asarray(values, dtype=np.float64)


def parse_csv(body: str, schema: Schema) -> pd.DataFrame:
    """Inference records (CSV, no header) as a frame of the schema's input columns.

    A record may also hold the target at its training position; it is then ignored.

    Raises:
        InvalidRequest: for a record with the wrong number of values.
    """
    expected = schema.input_columns
    with_target = [c for c in schema.columns if c != schema.weight]
    rows = [row for row in csv.reader(io.StringIO(body)) if row]
    parsed = []
    for number, row in enumerate(rows, start=1):
        if len(row) == len(expected):
            parsed.append(row)
        elif len(row) == len(with_target):
            parsed.append([v for c, v in zip(with_target, row, strict=True) if c != schema.target])
        else:
            raise InvalidRequest(
                f"record {number} has {len(row)} values, but the model takes {len(expected)}: "
                f"{', '.join(expected)} (CSV without a header, in this order)",
                field="Body",
            )
    frame = pd.DataFrame(parsed, columns=expected, dtype=object)
    return frame.replace("", None)
