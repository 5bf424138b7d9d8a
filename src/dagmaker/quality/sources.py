"""Where a profile's rows come from: files in one of Model Monitor's dataset formats.

A source yields batches of columns and can be read more than once (the profiler takes a
second look at columns that turned out to be text late). Formats follow the analyzer's
``dataset_format``: CSV (with or without a header row), JSON (Lines or one document) and
Parquet; an in-memory table serves rows built by the analyzer itself (data capture).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from dagmaker.quality.dq_errors import DataQualityError

BATCH_ROWS = 1 << 16


@dataclass(frozen=True)
class Batch:
    """Some rows of a dataset, column by column (every array has ``rows`` items)."""

    names: tuple[str, ...]
    arrays: tuple[pa.Array, ...]
    rows: int


class DataSource(Protocol):
    """Rows of a dataset, as batches; iterating again starts from the first row."""

    def batches(self) -> Iterator[Batch]:
        """Every batch, in order."""
        ...


def dataset_files(location: Path) -> list[Path]:
    """The files of a dataset: the file itself, or every file under a directory, sorted.

    Raises:
        DataQualityError: when nothing is there, or a subfolder cannot be read.
    """
    if location.is_file():
        return [location]
    if not location.is_dir():
        raise DataQualityError(f"no such file or directory: {location}", field="DATA")
    try:
        files = sorted(p for p in location.rglob("*") if p.is_file() and not p.name.startswith("."))
    except OSError as exc:  # a subfolder the user may not read (e.g. /proc under /)
        raise DataQualityError(
            f"cannot read every file under {location}: {exc.strerror} ({exc.filename})",
            field="DATA",
        ) from None
    if not files:
        raise DataQualityError(f"the directory {location} holds no data files", field="DATA")
    return files


class TableSource:
    """Rows already in memory (an arrow table)."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table

    def batches(self) -> Iterator[Batch]:
        """The table in slices of ``BATCH_ROWS`` rows."""
        names = tuple(self.table.column_names)
        for record_batch in self.table.to_batches(max_chunksize=BATCH_ROWS):
            yield Batch(names, tuple(record_batch.columns), record_batch.num_rows)


class ParquetSource:
    """Parquet files, read a row batch at a time."""

    def __init__(self, files: Sequence[Path]) -> None:
        self.files = list(files)

    def batches(self) -> Iterator[Batch]:
        """Every row group of every file, in file order."""
        for path in self.files:
            try:
                reader = pq.ParquetFile(path)
                for record_batch in reader.iter_batches(batch_size=BATCH_ROWS):
                    yield Batch(
                        tuple(record_batch.schema.names),
                        tuple(record_batch.columns),
                        record_batch.num_rows,
                    )
            except (pa.ArrowException, OSError) as error:
                raise DataQualityError(
                    f"{path} is not a readable Parquet file: {error}", field="DATA"
                ) from error
