"""Records of a batch transform: splitting input files, batching requests, assembling output.

Pure functions over bytes, used by the program that runs inside a transform job:

- `split_records` cuts a file into records (``SplitType`` ``Line`` or ``None``), each
  numbered by its line so that errors can point at it;
- `batches` groups records into requests (``BatchStrategy``) under ``MaxPayloadInMB``;
  `chunks` does the same for whole lines without looking at each one, which is how the
  common case (MultiRecord, no filters) stays as fast as a single ``predict`` call;
- `split_response` cuts a model response back into one output per record, and
  `join_record` / `filter_record` apply ``DataProcessing`` (JoinSource, InputFilter,
  OutputFilter) to CSV and JSON records.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.runners.jsonpath_filter import JsonPathFilter

CSV_TYPES = frozenset({"text/csv", "csv"})
JSON_TYPES = frozenset(
    {"application/json", "application/jsonlines", "application/x-jsonlines", "application/jsonl"}
)
SPLIT_TYPES = ("None", "Line")
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Record:
    """One record of an input file.

    Attributes:
        number: Its 1-based line number in the (decompressed) file; 1 when the whole file
            is one record.
        body: Its bytes, without the line break.
    """

    number: int
    body: bytes


def media_type(header: str | None) -> str:
    """``text/csv; charset=utf-8`` → ``text/csv``."""
    return (header or "").split(";", 1)[0].strip().lower()


def record_format(content_type: str | None) -> str:
    """``csv``, ``json`` or ``other``: how filters and joins read a record of this type."""
    media = media_type(content_type)
    if media in CSV_TYPES:
        return "csv"
    if media in JSON_TYPES:
        return "json"
    return "other"


def split_records(data: bytes, split_type: str) -> Iterator[Record]:
    """The records of a file; blank lines are skipped but still counted.

    Raises:
        JobFailure: for RecordIO and TFRecord, which dagmaker does not split.
    """
    if split_type not in SPLIT_TYPES:
        raise JobFailure(
            f"ClientError: SplitType {split_type!r} is not supported by dagmaker's batch "
            "transform; use Line (one record per line) or None (one record per file)"
        )
    if split_type == "None":
        yield Record(1, data)
        return
    for number, line in enumerate(data.split(b"\n"), 1):
        line = line.removesuffix(b"\r")
        if line.strip():
            yield Record(number, line)


def batches(records: Iterator[Record], strategy: str, max_bytes: int) -> Iterator[list[Record]]:
    """Group records into requests: one each (SingleRecord) or up to ``max_bytes``.

    ``max_bytes`` of 0 means no limit. Records in a request are joined with line breaks.

    Raises:
        JobFailure: when one record alone is larger than the limit.
    """
    batch: list[Record] = []
    size = 0
    for record in records:
        if max_bytes and len(record.body) > max_bytes:
            raise _too_large(record, max_bytes)
        if strategy == "SingleRecord":
            yield [record]
            continue
        if batch and max_bytes and size + len(record.body) + 1 > max_bytes:
            yield batch
            batch, size = [], 0
        batch.append(record)
        size += len(record.body) + 1
    if batch:
        yield batch


def payload(batch: list[Record]) -> bytes:
    """The request body for a batch: its records, one per line."""
    return batch[0].body if len(batch) == 1 else b"\n".join(r.body for r in batch)


def chunks(data: bytes, max_bytes: int) -> Iterator[tuple[int, bytes]]:
    """Whole lines of ``data`` in pieces of at most ``max_bytes``, with the first line number.

    Raises:
        JobFailure: when one line alone is larger than the limit.
    """
    start, line = 0, 1
    while start < len(data):
        end = len(data) if not max_bytes else min(len(data), start + max_bytes)
        if end < len(data):
            cut = data.rfind(b"\n", start, end)
            if cut < 0:
                line_end = data.find(b"\n", start)
                long_line = data[start : len(data) if line_end < 0 else line_end]
                raise _too_large(Record(line, long_line), max_bytes)
            end = cut + 1
        piece = data[start:end]
        if piece.strip():
            yield line, piece
        line += piece.count(b"\n")
        start = end


def _too_large(record: Record, max_bytes: int) -> JobFailure:
    return JobFailure(
        f"ClientError: record at line {record.number} is {len(record.body)} bytes, more than "
        f"MaxPayloadInMB allows ({max_bytes // MEGABYTE} MB); raise MaxPayloadInMB or split "
        "the record"
    )


# -- filters and joins ---------------------------------------------------------------------


def parse_record(body: bytes, fmt: str) -> Any:
    """A record as filters see it: CSV fields as a list of strings, JSON parsed.

    Raises:
        JobFailure: when the record is not valid CSV or JSON.
    """
    text = body.decode("utf-8")
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        if len(rows) != 1:
            raise JobFailure(f"a CSV record must be one line, got {len(rows)}")
        return rows[0]
    try:
        return json.loads(text)
    except ValueError as error:
        raise JobFailure(f"the record is not valid JSON ({error})") from None


def render_record(value: Any, fmt: str) -> bytes:
    """Write a filtered or joined record back as one CSV line or one JSON document."""
    if fmt != "csv":
        return json.dumps(value, separators=(",", ":")).encode("utf-8")
    if isinstance(value, dict):
        raise JobFailure("a filter on CSV data selected an object; select array positions")
    fields = value if isinstance(value, list) else [value]
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([_csv_text(v) for v in fields])
    return out.getvalue().encode("utf-8")


def _csv_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return (
        json.dumps(value) if isinstance(value, (dict, list, bool)) or value is None else str(value)
    )


def filter_record(body: bytes, fmt: str, path: JsonPathFilter) -> bytes:
    """Apply ``InputFilter`` to one record."""
    if path.is_identity:
        return body
    return render_record(path.apply(parse_record(body, fmt)), fmt)


def split_response(body: bytes, content_type: str, count: int) -> list[Any]:
    """One output value per record from a response to ``count`` records.

    JSON responses may be an array with one element per record, an object holding such an
    array (``{"predictions": [...]}``), or JSON Lines; anything else is read as lines
    (CSV rows become lists of fields).

    Raises:
        JobFailure: when the response does not hold exactly ``count`` outputs.
    """
    fmt = record_format(content_type)
    if fmt == "json":
        outputs = _json_outputs(body, count)
    else:
        lines = [line for line in body.decode("utf-8").splitlines() if line.strip()]
        outputs = [_csv_fields(line) if fmt == "csv" else line for line in lines]
        if count == 1 and len(outputs) > 1:
            outputs = [outputs]
    if len(outputs) != count:
        raise JobFailure(
            f"the model returned {len(outputs)} outputs for {count} records; with "
            "JoinSource=Input or an OutputFilter it must return one output per record "
            "(one line each, or a JSON array with one element each)"
        )
    return outputs


def _json_outputs(body: bytes, count: int) -> list[Any]:
    text = body.decode("utf-8")
    try:
        document = json.loads(text)
    except ValueError:
        return [_json_or_text(line) for line in text.splitlines() if line.strip()]
    if isinstance(document, list) and len(document) == count and count != 1:
        return document
    if isinstance(document, dict) and len(document) == 1:
        (inner,) = document.values()
        if isinstance(inner, list) and len(inner) == count and count != 1:
            return inner
    return [document]


def _json_or_text(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return line


def _csv_fields(line: str) -> list[str]:
    return next(csv.reader([line]))


def join_record(source: bytes, output: Any, fmt: str) -> Any:
    """Join an input record with its output (``JoinSource: Input``).

    CSV records get the output's fields appended; a JSON object gets the output under
    ``SageMakerOutput``, any other JSON value becomes
    ``{"SageMakerInput": ..., "SageMakerOutput": ...}``.
    """
    record = parse_record(source, fmt)
    if fmt == "csv":
        return record + (output if isinstance(output, list) else [output])
    if isinstance(record, dict):
        return {**record, "SageMakerOutput": output}
    return {"SageMakerInput": record, "SageMakerOutput": output}


def output_value(output: Any, fmt: str) -> Any:
    """An output on its own (no join) as filters see it."""
    if fmt == "csv" and not isinstance(output, list):
        return [output]
    return output
