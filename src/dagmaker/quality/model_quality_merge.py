"""Joining captured inferences with the ground truth uploaded for them.

A captured record is matched by its ``eventMetadata.inferenceId`` when the caller gave
one (``InferenceId`` on InvokeEndpoint), else by its ``eventMetadata.eventId``; a
ground-truth record names that same value in its ``eventMetadata.eventId``. A merged
record is the captured record with the ground truth's ``groundTruthData`` added. Records
on either side without a partner are counted and left out; when several ground-truth
records name the same inference, the last one read wins (a later upload corrects an
earlier one).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dagmaker.quality.model_quality_problem import ModelQualityInputError


@dataclass
class MergeResult:
    """The merged records and what could not be matched.

    Attributes:
        records: Captured records (input order) carrying ``groundTruthData``.
        unmatched_captures: Captured records no ground truth names.
        unmatched_ground_truth: Ground-truth records naming no captured inference.
        replaced_ground_truth: Ground-truth records overridden by a later one.
    """

    records: list[dict[str, Any]] = field(default_factory=list)
    unmatched_captures: int = 0
    unmatched_ground_truth: int = 0
    replaced_ground_truth: int = 0


def join_key(capture: Mapping[str, Any]) -> str:
    """The value a ground-truth record must name for ``capture``.

    Raises:
        ModelQualityInputError: when the record has neither an inference id nor an event id.
    """
    metadata = capture.get("eventMetadata") or {}
    key = metadata.get("inferenceId") or metadata.get("eventId")
    if not key:
        raise ModelQualityInputError(
            "a captured record has no eventMetadata.eventId (nor inferenceId), so no ground "
            "truth can be matched to it"
        )
    return str(key)


def merge(
    captures: Iterable[Mapping[str, Any]], ground_truth: Iterable[Mapping[str, Any]]
) -> MergeResult:
    """Join ``captures`` with ``ground_truth``.

    Raises:
        ModelQualityInputError: for a ground-truth record without ``eventMetadata.eventId``
            or ``groundTruthData`` (naming its position), or a capture without ids.
    """
    result = MergeResult()
    labels: dict[str, Mapping[str, Any]] = {}
    for number, record in enumerate(ground_truth, start=1):
        key = (record.get("eventMetadata") or {}).get("eventId")
        if not key or "groundTruthData" not in record:
            raise ModelQualityInputError(
                f"ground-truth record {number} lacks eventMetadata.eventId or groundTruthData; "
                'each line must look like {"groundTruthData": {"data": "1", "encoding": "CSV"}, '
                '"eventMetadata": {"eventId": "<inference id>"}, "eventVersion": "0"}'
            )
        if str(key) in labels:
            result.replaced_ground_truth += 1
        labels[str(key)] = record
    used: set[str] = set()
    for capture in captures:
        key = join_key(capture)
        found = labels.get(key)
        if found is None:
            result.unmatched_captures += 1
            continue
        used.add(key)
        result.records.append({**capture, "groundTruthData": found["groundTruthData"]})
    result.unmatched_ground_truth = len(set(labels) - used)
    return result


def read_json_lines(text: str, what: str) -> list[dict[str, Any]]:
    """Parse JSON Lines (blank lines skipped).

    Raises:
        ModelQualityInputError: naming ``what`` and the line that is not a JSON object.
    """
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ModelQualityInputError(
                f"line {number} of {what} is not JSON: {error.msg}"
            ) from None
        if not isinstance(record, dict):
            raise ModelQualityInputError(f"line {number} of {what} is not a JSON object")
        records.append(record)
    return records
