"""Reading a run's captured records and the ground truth uploaded for them.

Model quality and bias runs join what an endpoint captured with the labels collected
later (``GroundTruthS3Input``: JSON Lines under ``<S3Uri>/yyyy/mm/dd/hh/``, the hour the
labels were collected). The join happens before the run's job starts; the job reads the
joined records (model quality) or a table made of them (bias).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.quality.model_quality_merge import merge
from dagmaker.quality.model_quality_problem import ModelQualityInputError
from dagmaker.runners.monitoring.capture_inputs import CaptureSource, window_hours
from dagmaker.runners.monitoring.windows import Window
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.artifacts.transfer import selection

JSON = Any
HOUR = timedelta(hours=1)


def captured_records(
    store: ArtifactStore, source: CaptureSource, endpoint: str, window: Window
) -> list[dict[str, JSON]]:
    """The endpoint's captured records whose ``inferenceTime`` is in the window."""
    root = f"{source.destination.rstrip('/')}/{endpoint}"
    records: list[dict[str, JSON]] = []
    for variant in source.variants:
        for hour in window_hours(window):
            for uri, _ in selection(store, f"{root}/{variant}/{hour:%Y/%m/%d/%H}/"):
                records.extend(r for r in _lines(store, uri) if _in_window(r, window))
    return records


def ground_truth_records(
    store: ArtifactStore, root: str, start: datetime, end: datetime
) -> list[dict[str, JSON]]:
    """Ground-truth records uploaded in the hours from ``start``'s to ``end``'s."""
    hours = window_hours(Window(start, end + HOUR))
    records = []
    for hour in hours:
        for uri, _ in selection(store, f"{root.rstrip('/')}/{hour:%Y/%m/%d/%H}/"):
            records.extend(_lines(store, uri))
    return records


def joined(
    store: ArtifactStore,
    source: CaptureSource,
    endpoint: str,
    window: Window,
    ground_truth: str,
    until: datetime,
) -> list[dict[str, JSON]]:
    """The window's captured records that have ground truth, each with its ``groundTruthData``.

    Ground truth is read from the window's start up to ``until`` (the run's time): labels
    are collected after the inferences they label.

    Raises:
        JobFailure: for an unreadable ground-truth record.
    """
    captures = captured_records(store, source, endpoint, window)
    labels = ground_truth_records(store, ground_truth, window.start, max(until, window.end))
    try:
        return merge(captures, labels).records
    except ModelQualityInputError as error:
        raise JobFailure(f"ClientError: {error.message}") from None


def _lines(store: ArtifactStore, uri: str) -> list[dict[str, JSON]]:
    records = []
    text = store.read_bytes(uri).decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise JobFailure(
                f"ClientError: {uri} line {number} is not a JSON record ({error.msg})"
            ) from None
        if isinstance(record, dict):
            records.append(record)
    return records


def _in_window(record: dict[str, JSON], window: Window) -> bool:
    text = str((record.get("eventMetadata") or {}).get("inferenceTime") or "")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return window.start <= moment < window.end
