"""CSV files read the way Model Monitor's Spark reader sees them.

Every field is text (typing is the profiler's job); an empty field is null, a quoted
empty field an empty string; without a header the columns are Spark's ``_c0``, ``_c1``, …

The file is cut into large blocks at line ends and each block is parsed by arrow on all
cores. A quoted field may hold a line break, so from the first block that contains a
quote on, the rest of the file goes through arrow's streaming reader, which follows
quotes across lines.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pcsv

from dagmaker.quality.dq_errors import DataQualityError
from dagmaker.quality.sources import Batch

BLOCK_BYTES = 16 << 20
_QUOTE = b'"'
_BOM = b"\xef\xbb\xbf"


class CsvSource:
    """One or more CSV files with the same columns."""

    def __init__(self, files: Sequence[Path], header: bool) -> None:
        self.files = list(files)
        self.header = header
        self._names: tuple[str, ...] | None = None

    def batches(self) -> Iterator[Batch]:
        """Every row of every file, a block at a time."""
        for path in self.files:
            yield from self._file_batches(path)

    def _file_batches(self, path: Path) -> Iterator[Batch]:
        with path.open("rb") as stream:
            bom = stream.read(len(_BOM)) == _BOM
            stream.seek(len(_BOM) if bom else 0)
            first = _first_nonblank(stream, stream.readline())
            if not first:
                return  # an empty file has no rows (and no header)
            names = self._columns(path, first)
            start = stream.tell() if self.header else len(_BOM) if bom else 0
            stream.seek(start)
            yield from _read_blocks(path, stream, names)

    def _columns(self, path: Path, first_line: bytes) -> tuple[str, ...]:
        fields = _parse_line(path, first_line)
        names = header_names(fields) if self.header else tuple(f"_c{i}" for i in range(len(fields)))
        if self._names is None:
            self._names = names
        elif names != self._names:
            raise DataQualityError(
                f"{path} has columns {list(names)}, but the first file has {list(self._names)}",
                field="DATA",
                hint="Every file of a dataset needs the same columns in the same order.",
            )
        return names


def header_names(fields: list[str]) -> tuple[str, ...]:
    """Column names from a header row, as Spark's CSV reader makes them unique.

    An empty name becomes ``_c<index>``; a name used more than once (ignoring case)
    becomes ``<name><index>`` everywhere it occurs.
    """
    folded = [field.lower() for field in fields]
    names = []
    for index, field in enumerate(fields):
        if not field:
            names.append(f"_c{index}")
        elif folded.count(field.lower()) > 1:
            names.append(f"{field}{index}")
        else:
            names.append(field)
    return tuple(names)


def _first_nonblank(stream: BinaryIO, line: bytes) -> bytes:
    while line and not line.strip():
        line = stream.readline()
    return line


def _parse_line(path: Path, line: bytes) -> list[str]:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"invalid UTF8 data in the first row: {error}"
        raise _parse_error(path, pa.ArrowInvalid(message)) from error
    return next(csv.reader([text.rstrip("\r\n")]), [])


def _read_blocks(path: Path, stream: BinaryIO, names: tuple[str, ...]) -> Iterator[Batch]:
    carry = b""
    while True:
        position = stream.tell() - len(carry)
        block = stream.read(BLOCK_BYTES)
        if not block:
            if carry.strip():
                yield _batch(_parse(path, carry, names))
            return
        block = carry + block
        if _QUOTE in block:
            stream.seek(position)
            yield from _stream_rest(path, stream, names)
            return
        cut = block.rfind(b"\n") + 1
        carry = block[cut:]
        if cut:
            yield _batch(_parse(path, block[:cut], names))


def _stream_rest(path: Path, stream: BinaryIO, names: tuple[str, ...]) -> Iterator[Batch]:
    try:
        reader = pcsv.open_csv(
            stream,
            read_options=pcsv.ReadOptions(column_names=list(names), block_size=BLOCK_BYTES),
            parse_options=pcsv.ParseOptions(newlines_in_values=True),
            convert_options=_convert_options(names),
        )
        for record_batch in reader:
            yield _batch(pa.Table.from_batches([record_batch]))
    except pa.ArrowInvalid as error:
        raise _parse_error(path, error) from error


def _convert_options(names: tuple[str, ...] | None) -> pcsv.ConvertOptions:
    return pcsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()) if names else None,
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
        auto_dict_encode=False,
    )


def _parse(path: Path, data: bytes, names: tuple[str, ...] | None) -> pa.Table:
    try:
        return pcsv.read_csv(
            pa.py_buffer(data),
            read_options=pcsv.ReadOptions(
                column_names=list(names) if names else None,
                autogenerate_column_names=names is None,
                block_size=1 << 22,
            ),
            parse_options=pcsv.ParseOptions(newlines_in_values=_QUOTE in data),
            convert_options=_convert_options(names),
        )
    except pa.ArrowInvalid as error:
        raise _parse_error(path, error) from error


def _batch(table: pa.Table) -> Batch:
    arrays = tuple(column.combine_chunks() for column in table.columns)
    return Batch(tuple(table.column_names), arrays, table.num_rows)


def _parse_error(path: Path, error: pa.ArrowInvalid) -> DataQualityError:
    text = str(error)
    if "UTF8" in text or "UTF-8" in text:
        return DataQualityError(
            f"{path} is not UTF-8 text ({text})",
            field="DATA",
            hint="Re-encode the file as UTF-8, e.g. iconv -f latin1 -t utf-8 in.csv > out.csv.",
        )
    return DataQualityError(
        f"{path} is not a CSV file dagmaker can read: {text}",
        field="DATA",
        hint="Every row needs as many fields as the first row (or the header).",
    )
