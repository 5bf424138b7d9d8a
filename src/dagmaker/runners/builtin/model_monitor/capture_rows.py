"""Rows from an endpoint's captured records (data-capture JSON Lines).

Capture files lie under ``dataset_source`` as ``<endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl``
and may hold more than the analysis window, so records are kept when their
``inferenceTime`` falls in ``[start_time, end_time)``. Each record goes through the
pre-processing script when there is one; otherwise its payloads become columns: the
endpoint's output first, then its input (the order a baseline dataset has), CSV fields
by position — named after the baseline's features when the constraints are known, else
``_c0``, ``_c1``, … — and JSON objects by key (nested keys joined with ``.``). A payload
of several lines (a batch request) gives one row per line.
"""

from __future__ import annotations

import base64
import csv
import gc
import json
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.model_monitor.config import parse_time
from dagmaker.runners.builtin.model_monitor.inference_record import (
    CAPTURE_DATA,
    EVENT_METADATA,
    CapturedData,
)
from dagmaker.runners.builtin.model_monitor.rows import RowCollector
from dagmaker.runners.builtin.model_monitor.user_scripts import Preprocessor

LOG = logging.getLogger("dagmaker.model_monitor")
_CAPTURE_SUFFIXES = (".jsonl", ".json")
_CANONICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@dataclass
class CaptureRows:
    """How the captured records of a window turn into rows."""

    indexes: Sequence[str]
    preprocessor: Preprocessor | None = None
    feature_names: Sequence[str] = ()
    start: datetime | None = None
    end: datetime | None = None
    stats: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("read", "kept"), 0))

    def collect(self, source: Path) -> RowCollector:
        """Rows of every record in the window, from every capture file under ``source``."""
        rows = RowCollector()
        with _without_cycle_collection():
            for record, where in self._records(capture_files(source)):
                self.stats["read"] += 1
                if not self._in_window(record):
                    continue
                self.stats["kept"] += 1
                self._add(rows, record, where)
        LOG.info(
            "Read %d captured records; %d fall in the analysis window",
            self.stats["read"],
            self.stats["kept"],
        )
        return rows

    def _records(self, files: list[Path]) -> Iterator[tuple[dict[str, Any], Where]]:
        for path in files:
            with path.open(encoding="utf-8", errors="replace") as stream:
                for number, line in enumerate(stream, 1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as error:
                        raise JobFailure(
                            f"ClientError: {path.name} line {number} is not a JSON capture "
                            f"record ({error.msg})"
                        ) from error
                    if not isinstance(record, dict):
                        raise JobFailure(
                            f"ClientError: {path.name} line {number} is not a JSON object"
                        )
                    metadata = record.get(EVENT_METADATA)
                    event = metadata.get("eventId") if isinstance(metadata, dict) else None
                    yield record, Where(path.name, number, event)

    def _in_window(self, record: dict[str, Any]) -> bool:
        metadata = record.get(EVENT_METADATA) or {}
        text = str(metadata.get("inferenceTime", "")) if metadata else ""
        bounds = self._text_bounds
        if bounds is not None and len(text) == 20 and _CANONICAL.fullmatch(text):
            # Times written as capture writes them (to the second, UTC) sort as text.
            return bounds[0] <= text < bounds[1]
        when = parse_time(text) if text else None
        if when is None:
            return True
        return (self.start is None or when >= self.start) and (self.end is None or when < self.end)

    @cached_property
    def _text_bounds(self) -> tuple[str, str] | None:
        ends = (self.start, self.end)
        if any(e is not None and e.microsecond for e in ends):
            return None
        low = _stamp(self.start) if self.start is not None else ""
        high = _stamp(self.end) if self.end is not None else "~"
        return low, high

    def _add(self, rows: RowCollector, record: dict[str, Any], where: object) -> None:
        if self.preprocessor is None:
            self._add_payloads(rows, record, where)
            return
        result = self.preprocessor(CapturedData(record), where)
        if isinstance(result, CapturedData):  # handed back unchanged: use the record itself
            self._add_payloads(rows, result.as_dict(), where)
        else:
            add_handler_result(rows, result, where)

    def _add_payloads(self, rows: RowCollector, record: dict[str, Any], where: object) -> None:
        capture = record.get(CAPTURE_DATA) or {}
        parts = [name for name in ("endpointOutput", "endpointInput") if name in self.indexes]
        payloads = [payload_rows(capture.get(name), name, where) for name in parts]
        payloads = [p for p in payloads if p]
        if not payloads:
            return
        lengths = {len(p) for p in payloads}
        if len(lengths) > 1:
            raise JobFailure(
                f"ClientError: {where}: the captured input and output hold different numbers "
                f"of lines ({sorted(lengths)}); a record_preprocessor_script has to pair them"
            )
        for pieces in zip(*payloads, strict=True):
            rows.add(self._name(pieces), where)

    def _name(self, pieces: Sequence[list[tuple[str | None, Any]]]) -> dict[str, Any]:
        row: dict[str, Any] = {}
        position = 0
        for piece in pieces:
            for key, value in piece:
                if key is None:
                    names = self.feature_names
                    key = names[position] if position < len(names) else f"_c{position}"
                    position += 1
                row[key] = value
        return row


def capture_files(source: Path) -> list[Path]:
    """Capture files under ``source``, in path order (which is time order).

    Raises:
        JobFailure: when ``source`` does not exist.
    """
    if source.is_file():
        return [source]
    if not source.is_dir():
        raise JobFailure(f"ClientError: dataset_source {source} does not exist")
    return sorted(
        p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in _CAPTURE_SUFFIXES
    )


def add_handler_result(rows: RowCollector, result: Any, where: object) -> None:
    """Add what ``preprocess_handler`` returned: a dict, a list of dicts, or ``[]``.

    Raises:
        JobFailure: for anything else, naming the record.
    """
    items = result if isinstance(result, list) else [result]
    for item in items:
        if not isinstance(item, dict):
            raise JobFailure(
                f"ClientError: preprocess_handler returned {type(item).__name__} for {where}",
                hint="Return a flat dict (one row), a list of dicts, or [] to drop the record.",
            )
        rows.add(item, where, sort_keys=True)


def payload_rows(part: Any, name: str, where: object) -> list[list[tuple[str | None, Any]]]:
    """The rows of one captured payload: per line, (key or None for a position, value)."""
    if not isinstance(part, dict) or part.get("data") is None:
        return []
    encoding = str(part.get("encoding", "")).upper()
    data = str(part["data"])
    if encoding == "BASE64":
        try:
            data = base64.b64decode(data).decode("utf-8")
        except ValueError as error:
            raise JobFailure(
                f"ClientError: {where}: {name} is BASE64 data that is not UTF-8 text; "
                "a record_preprocessor_script has to turn it into columns"
            ) from error
        encoding = "JSON" if "json" in str(part.get("observedContentType", "")) else "CSV"
    if encoding == "JSON":
        return _json_rows(data, name, where)
    return [_csv_fields(line) for line in data.splitlines() if line.strip()]


def _csv_fields(line: str) -> list[tuple[str | None, Any]]:
    fields = next(csv.reader([line]))
    return [(None, value if value != "" else None) for value in fields]


def _json_rows(data: str, name: str, where: object) -> list[list[tuple[str | None, Any]]]:
    try:
        documents = [json.loads(data)]
    except json.JSONDecodeError:
        try:
            documents = [json.loads(line) for line in data.splitlines() if line.strip()]
        except json.JSONDecodeError as error:
            raise JobFailure(f"ClientError: {where}: {name} is not JSON ({error.msg})") from error
    return [_flatten(document) for document in documents]


def _flatten(document: Any) -> list[tuple[str | None, Any]]:
    if isinstance(document, dict):
        return list(_flatten_object(document, ""))
    if isinstance(document, list) and all(not isinstance(v, dict | list) for v in document):
        return [(None, value) for value in document]
    if isinstance(document, list):
        return list(_flatten_object({str(i): v for i, v in enumerate(document)}, ""))
    return [(None, document)]


def _flatten_object(value: Any, prefix: str) -> Iterator[tuple[str | None, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten_object(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _flatten_object(item, f"{prefix}.{index}" if prefix else str(index))
    else:
        yield prefix, value


class Where:
    """Which captured record a row comes from, spelled out only when an error needs it."""

    __slots__ = ("event_id", "file", "line")

    def __init__(self, file: str, line: int, event_id: Any) -> None:
        self.file = file
        self.line = line
        self.event_id = event_id

    def __str__(self) -> str:
        where = f"{self.file} line {self.line}"
        return f"record {where} (eventId {self.event_id})" if self.event_id else f"record {where}"


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    # Decoding makes several dicts per record and the rows keep growing lists: Python's
    # cycle collector would walk them again and again (a third of the time) for garbage
    # that reference counting frees anyway.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
