"""Read a training channel the way SageMaker's built-in XGBoost does: CSV or LibSVM files.

Every file under the channel directory is read (recursively, in path order), except
names starting with ``.`` or ``_`` (hidden files, ``_SUCCESS`` markers), as SageMaker's
container skips them. CSV has no header and the label in the first column (with
``csv_weights=1``, the instance weight in the second); LibSVM lines are
``<label>[:<weight>] [qid:<q>] <index>:<value> ...`` with indices used as column numbers,
as XGBoost's own LibSVM reader does. Problems name the file and line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xgboost as xgb
from scipy import sparse

from dagmaker.errors import JobFailure

CSV = "csv"
LIBSVM = "libsvm"
# SageMaker's default when a channel declares no ContentType.
DEFAULT_CONTENT_TYPE = "text/libsvm"

_FORMATS = {
    "csv": CSV,
    "text/csv": CSV,
    "libsvm": LIBSVM,
    "text/libsvm": LIBSVM,
    "text/x-libsvm": LIBSVM,
}
_NOT_SUPPORTED = {
    "parquet",
    "application/x-parquet",
    "recordio-protobuf",
    "application/x-recordio-protobuf",
}
_CSV_HINT = (
    "The built-in XGBoost algorithm expects numeric CSV without a header row, "
    "label in the first column."
)
_LIBSVM_HINT = "LibSVM lines are '<label>[:<weight>] [qid:<id>] <index>:<value> ...'."
_DELIMITERS = (",", "\t", ";", "|")


def data_format(channel: str, content_type: str | None) -> str:
    """``csv`` or ``libsvm`` for a channel's ContentType (``text/csv;label_size=1`` …)."""
    declared = content_type or DEFAULT_CONTENT_TYPE
    media, *parameters = [part.strip().lower() for part in declared.split(";")]
    if media in _NOT_SUPPORTED:
        raise JobFailure(
            f"Channel '{channel}': ContentType {declared!r} is not supported by dagmaker's "
            "built-in XGBoost yet; convert the data to text/csv or text/libsvm",
            field=f"InputDataConfig.{channel}.ContentType",
        )
    if media not in _FORMATS:
        accepted = ", ".join(sorted(_FORMATS))
        raise JobFailure(
            f"Channel '{channel}': {declared!r} is not an accepted ContentType; "
            f"use one of {accepted}",
            field=f"InputDataConfig.{channel}.ContentType",
        )
    label_size = [p.split("=", 1)[1].strip() for p in parameters if p.startswith("label_size=")]
    if label_size and label_size[0] != "1":
        raise JobFailure(
            f"Channel '{channel}': {declared!r} is not an accepted csv ContentType; the optional "
            "label_size parameter must be 1",
            field=f"InputDataConfig.{channel}.ContentType",
        )
    return _FORMATS[media]


def data_files(directory: Path) -> list[Path]:
    """Data files under ``directory``, recursively and sorted, skipping ``.``/``_`` names."""
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.rglob("*")):
        parts = path.relative_to(directory).parts
        if path.is_file() and not any(part.startswith((".", "_")) for part in parts):
            found.append(path)
    return found


@dataclass
class ChannelData:
    """Parsed rows of one channel, ready to become a DMatrix.

    Attributes:
        channel: The channel's name.
        features: Dense rows (CSV), or the (data, indices, indptr) arrays of a CSR
            matrix whose width is fixed later (LibSVM).
        labels: One label per row.
        weights: Instance weights, or None.
        qid: Query ids (LibSVM ``qid:``), or None.
        num_columns: Feature columns seen (CSV width, or largest LibSVM index + 1).
        sparse: Whether ``features`` is LibSVM's sparse form.
    """

    channel: str
    features: Any
    labels: np.ndarray
    weights: np.ndarray | None
    qid: np.ndarray | None
    num_columns: int
    sparse: bool

    @property
    def num_rows(self) -> int:
        """Number of records."""
        return int(self.labels.shape[0])

    def dmatrix(self, num_columns: int) -> xgb.DMatrix:
        """Build the DMatrix, widening sparse data to ``num_columns`` features."""
        features = self.features
        if self.sparse:
            data, indices, indptr = features
            features = sparse.csr_matrix(
                (data, indices, indptr), shape=(self.num_rows, num_columns)
            )
        try:
            return xgb.DMatrix(features, label=self.labels, weight=self.weights, qid=self.qid)
        except (xgb.core.XGBoostError, ValueError) as error:
            first = str(error).strip().splitlines()[0]
            raise JobFailure(f"XGBoost cannot use the {self.channel} data: {first}") from error


class _Where:
    """File and line of the record being parsed, for messages."""

    def __init__(self, channel: str, shown: str, hint: str) -> None:
        self.channel = channel
        self.shown = shown
        self.hint = hint
        self.line = 0

    def fail(self, message: str) -> JobFailure:
        return JobFailure(
            f"Invalid data in channel '{self.channel}': file '{self.shown}', "
            f"line {self.line}: {message}",
            field=f"InputDataConfig.{self.channel}",
        )


def _number(cell: str, where: _Where, what: str) -> float:
    shown = cell.strip()[:40]
    try:
        number = float(cell.strip().strip('"'))
    except ValueError:
        raise where.fail(f"{what} {shown!r} is not a number. {where.hint}") from None
    if math.isinf(number):
        raise where.fail(f"{what} {shown!r} is infinite; XGBoost needs finite numbers")
    return number


def _delimiter(line: str) -> str | None:
    for candidate in _DELIMITERS:
        if candidate in line:
            return candidate
    return None  # whitespace-separated, or a single column


def _csv_record(line: str, delimiter: str | None, where: _Where) -> list[float]:
    cells = line.split(delimiter) if delimiter else line.split()
    if not cells[0].strip():
        raise where.fail("the label (first column) is missing")
    label = _number(cells[0], where, "label")
    if math.isnan(label):
        raise where.fail(f"the label must be a number, got {cells[0].strip()!r}")
    values = [label]
    for column, cell in enumerate(cells[1:], 2):
        # An empty cell is a missing value, which XGBoost handles natively.
        values.append(_number(cell, where, f"column {column}:") if cell.strip() else math.nan)
    return values


class _CsvBuilder:
    """Accumulates CSV records across files, checking that every row has the same width."""

    def __init__(self) -> None:
        self.rows: list[list[float]] = []
        self.width = 0
        self.first = ""

    def add_file(self, path: Path, where: _Where) -> None:
        delimiter: str | None = None
        with path.open(encoding="utf-8", errors="replace") as handle:
            for where.line, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                if delimiter is None:
                    delimiter = _delimiter(line)
                self.add_record(_csv_record(line.rstrip("\r\n"), delimiter, where), where)

    def add_record(self, record: list[float], where: _Where) -> None:
        if not self.rows:
            self.width, self.first = len(record), f"file '{where.shown}', line {where.line}"
        elif len(record) != self.width:
            raise where.fail(
                f"{len(record)} columns, but {self.first} has {self.width}; "
                "every row needs the same number of columns"
            )
        self.rows.append(record)


def _csv_channel(channel: str, files: list[tuple[Path, str]], csv_weights: bool) -> ChannelData:
    builder = _CsvBuilder()
    for path, shown in files:
        builder.add_file(path, _Where(channel, shown, _CSV_HINT))
    if not builder.rows:
        return ChannelData(channel, np.empty((0, 0), np.float32), np.empty(0), None, None, 0, False)
    table = np.asarray(builder.rows, dtype=np.float64)
    first_feature = 2 if csv_weights else 1
    if csv_weights and builder.width < 2:
        raise JobFailure(
            f"Channel '{channel}': csv_weights=1 needs the instance weight in the second column, "
            f"but rows have {builder.width} column(s)",
            field="HyperParameters.csv_weights",
        )
    weights = table[:, 1] if csv_weights else None
    features = np.ascontiguousarray(table[:, first_feature:], dtype=np.float32)
    return ChannelData(channel, features, table[:, 0], weights, None, features.shape[1], False)


def _libsvm_label(token: str, where: _Where) -> tuple[float, float | None]:
    label_text, _, weight_text = token.partition(":")
    label = _number(label_text, where, "label")
    if math.isnan(label):
        raise where.fail(f"the label must be a number, got {label_text!r}")
    weight = _number(weight_text, where, "weight") if weight_text else None
    return label, weight


def _libsvm_feature(token: str, where: _Where) -> tuple[int, float]:
    index_text, sep, value_text = token.partition(":")
    if not sep or not index_text.isdigit():
        raise where.fail(f"{token[:40]!r} is not '<index>:<value>' (LibSVM format)")
    return int(index_text), _number(value_text, where, f"in {token[:40]!r}, the value")


class _LibsvmBuilder:
    """Accumulates CSR arrays, labels, weights and query ids across files."""

    def __init__(self) -> None:
        self.data: list[float] = []
        self.indices: list[int] = []
        self.indptr: list[int] = [0]
        self.labels: list[float] = []
        self.weights: list[float | None] = []
        self.qid: list[int] = []

    def add_line(self, line: str, where: _Where) -> None:
        tokens = line.split("#", 1)[0].split()
        if not tokens:
            return
        label, weight = _libsvm_label(tokens[0], where)
        for token in tokens[1:]:
            if token.startswith("qid:"):
                self.qid.append(int(_number(token[4:], where, "qid")))
                continue
            index, value = _libsvm_feature(token, where)
            self.indices.append(index)
            self.data.append(value)
        self.indptr.append(len(self.indices))
        self.labels.append(label)
        self.weights.append(weight)

    def result(self, channel: str) -> ChannelData:
        rows = len(self.labels)
        if self.qid and len(self.qid) != rows:
            raise JobFailure(f"Channel '{channel}': some LibSVM rows have qid: and others do not")
        weighted = [w for w in self.weights if w is not None]
        if weighted and len(weighted) != rows:
            raise JobFailure(
                f"Channel '{channel}': some LibSVM rows have a <label>:<weight> and others do not"
            )
        arrays = (
            np.asarray(self.data, dtype=np.float32),
            np.asarray(self.indices, dtype=np.int64),
            np.asarray(self.indptr, dtype=np.int64),
        )
        return ChannelData(
            channel=channel,
            features=arrays,
            labels=np.asarray(self.labels, dtype=np.float64),
            weights=np.asarray(weighted, dtype=np.float64) if weighted else None,
            qid=np.asarray(self.qid, dtype=np.int64) if self.qid else None,
            num_columns=max(self.indices, default=-1) + 1,
            sparse=True,
        )


def _libsvm_channel(channel: str, files: list[tuple[Path, str]]) -> ChannelData:
    builder = _LibsvmBuilder()
    for path, shown in files:
        where = _Where(channel, shown, _LIBSVM_HINT)
        with path.open(encoding="utf-8", errors="replace") as handle:
            for where.line, line in enumerate(handle, 1):
                builder.add_line(line, where)
    return builder.result(channel)


def read_channel(
    channel: str, directory: Path, content_type: str | None, csv_weights: bool
) -> ChannelData:
    """Parse every data file of one channel.

    Args:
        channel: Channel name, for messages.
        directory: ``<base>/input/data/<channel>``.
        content_type: The channel's declared ContentType (None: SageMaker's default, LibSVM).
        csv_weights: Whether CSV rows carry an instance weight in the second column.

    Raises:
        JobFailure: No data, an unsupported content type, or a malformed record (naming
            the file and line).
    """
    fmt = data_format(channel, content_type)
    files = [(path, path.relative_to(directory).as_posix()) for path in data_files(directory)]
    data = (
        _csv_channel(channel, files, csv_weights) if fmt == CSV else _libsvm_channel(channel, files)
    )
    if data.num_rows == 0:
        listed = ", ".join(shown for _, shown in files) or "no files"
        raise JobFailure(
            f"No data in {channel} channel path {directory} ({listed}); put at least one "
            f"non-empty {fmt} file there",
            field=f"InputDataConfig.{channel}",
        )
    return data
