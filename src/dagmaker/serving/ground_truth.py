"""Captured inferences and their ground truth: reading both and joining them.

Ground truth is JSON Lines, one record per labelled inference (spec
``monitor-formats.md`` §2.4)::

    {"groundTruthData": {"data": "1", "encoding": "CSV"},
     "eventMetadata": {"eventId": "<id>"}, "eventVersion": "0"}

uploaded under ``<prefix>/yyyy/mm/dd/hh/`` (the hour the labels were collected). The
id is the capture record's ``inferenceId`` when the caller gave one (``InvokeEndpoint``'s
``InferenceId``), else its ``eventId``. A merged record carries ``captureData``,
``groundTruthData``, the capture's ``eventMetadata`` and ``eventVersion``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from dagmaker.errors import InvalidRequest
from dagmaker.serving.capture_record import EVENT_VERSION
from dagmaker.storage.artifacts.protocol import ArtifactStore

JSON = Any


def ground_truth_record(event_id: str, label: str, encoding: str = "CSV") -> dict[str, JSON]:
    """The ground-truth record of one inference (``event_id``: its inference or event id)."""
    return {
        "groundTruthData": {"data": label, "encoding": encoding},
        "eventMetadata": {"eventId": event_id},
        "eventVersion": EVENT_VERSION,
    }


def parse_lines(data: bytes, source: str = "") -> list[dict[str, JSON]]:
    """The records of a JSON Lines file (blank lines skipped).

    Raises:
        InvalidRequest: naming the file and line of a record that is not a JSON object.
    """
    records = []
    for number, line in enumerate(data.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise InvalidRequest(
                f"line {number} of {source or 'the file'} is not JSON: {error}", field="S3Uri"
            ) from None
        if not isinstance(record, dict):
            raise InvalidRequest(
                f"line {number} of {source or 'the file'} is not a JSON object", field="S3Uri"
            )
        records.append(record)
    return records


def join_key(record: dict[str, JSON]) -> str:
    """The id ground truth refers to: ``inferenceId`` if the caller gave one, else ``eventId``."""
    metadata = record.get("eventMetadata") or {}
    return str(metadata.get("inferenceId") or metadata.get("eventId") or "")


def merge(
    captures: Iterable[dict[str, JSON]], truths: Iterable[dict[str, JSON]]
) -> list[dict[str, JSON]]:
    """Each captured inference that has ground truth, joined with it (capture order).

    A label given twice for one id counts once: the later one.
    """
    labels = {str((t.get("eventMetadata") or {}).get("eventId") or ""): t for t in truths}
    merged = []
    for capture in captures:
        truth = labels.get(join_key(capture))
        if truth is None:
            continue
        merged.append(
            {
                "captureData": capture.get("captureData") or {},
                "groundTruthData": truth.get("groundTruthData") or {},
                "eventMetadata": capture.get("eventMetadata") or {},
                "eventVersion": capture.get("eventVersion", EVENT_VERSION),
            }
        )
    return merged


def hours(start: datetime, end: datetime) -> Iterator[str]:
    """``yyyy/mm/dd/hh`` of every UTC hour from the one holding ``start`` to ``end``'s."""
    moment = start.replace(minute=0, second=0, microsecond=0)
    while moment <= end:
        yield f"{moment:%Y/%m/%d/%H}"
        moment += timedelta(hours=1)


def read_captures(
    store: ArtifactStore,
    prefix: str,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[dict[str, JSON]]:
    """Capture records under ``<destination>/<endpoint>/<variant>``, oldest file first.

    With ``start`` and ``end`` only the hours between them are read, and only records
    whose ``inferenceTime`` falls in ``[start, end)`` are kept.
    """
    records = [r for uri in _files(store, prefix, start, end) for r in _read(store, uri)]
    if start is None or end is None:
        return records
    return [r for r in records if start <= _inference_time(r) < end]


def read_ground_truth(
    store: ArtifactStore,
    prefix: str,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[dict[str, JSON]]:
    """Ground-truth records under ``prefix`` (only the hours from ``start`` to ``end``)."""
    return [r for uri in _files(store, prefix, start, end) for r in _read(store, uri)]


def _files(
    store: ArtifactStore, prefix: str, start: datetime | None, end: datetime | None
) -> list[str]:
    root = prefix.rstrip("/")
    if start is None or end is None:
        return [u for u in store.list(f"{root}/") if u.endswith(".jsonl")]
    return [
        uri
        for hour in hours(start, end)
        for uri in store.list(f"{root}/{hour}/")
        if uri.endswith(".jsonl")
    ]


def _read(store: ArtifactStore, uri: str) -> list[dict[str, JSON]]:
    return parse_lines(store.read_bytes(uri), uri)


def _inference_time(record: dict[str, JSON]) -> datetime:
    text = str((record.get("eventMetadata") or {}).get("inferenceTime") or "")
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRequest(
            f"capture record {join_key(record)!r} has no valid inferenceTime ({text!r})",
            field="eventMetadata.inferenceTime",
        ) from None
