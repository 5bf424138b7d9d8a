"""Ground truth joined to captured inferences by inferenceId, else eventId."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from dagmaker.errors import InvalidRequest
from dagmaker.serving import ground_truth as gt
from dagmaker.storage.artifacts.memory import InMemoryArtifactStore


def _capture(event_id: str, when: str, inference_id: str = "") -> dict[str, object]:
    metadata = {"eventId": event_id, "inferenceTime": when}
    if inference_id:
        metadata["inferenceId"] = inference_id
    return {
        "captureData": {"endpointInput": {"data": event_id, "encoding": "CSV"}},
        "eventMetadata": metadata,
        "eventVersion": "0",
    }


def _lines(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def test_merge_uses_inference_id_then_event_id() -> None:
    captures = [
        _capture("e1", "2024-05-01T10:00:00Z", inference_id="order-1"),
        _capture("e2", "2024-05-01T10:00:01Z"),
        _capture("e3", "2024-05-01T10:00:02Z"),
    ]
    truths = [
        gt.ground_truth_record("order-1", "1"),
        gt.ground_truth_record("e2", "0"),
        gt.ground_truth_record("e1", "9"),  # e1 has a caller id: its event id does not join
        gt.ground_truth_record("e2", "1"),  # relabelled: the later label wins
    ]
    merged = gt.merge(captures, truths)
    assert [(m["eventMetadata"]["eventId"], m["groundTruthData"]["data"]) for m in merged] == [
        ("e1", "1"),
        ("e2", "1"),
    ]
    assert merged[0] == {
        "captureData": captures[0]["captureData"],
        "groundTruthData": {"data": "1", "encoding": "CSV"},
        "eventMetadata": captures[0]["eventMetadata"],
        "eventVersion": "0",
    }


def test_read_captures_by_hour_and_window() -> None:
    store = InMemoryArtifactStore()
    root = "s3://b/capture/ep/AllTraffic"
    store.write_bytes(
        f"{root}/2024/05/01/09/59-59-000-a.jsonl", _lines([_capture("a", "2024-05-01T09:59:59Z")])
    )
    store.write_bytes(
        f"{root}/2024/05/01/10/00-00-000-b.jsonl",
        _lines([_capture("b", "2024-05-01T10:00:00Z"), _capture("c", "2024-05-01T10:30:00Z")]),
    )
    store.write_bytes(
        f"{root}/2024/05/01/11/00-00-000-d.jsonl", _lines([_capture("d", "2024-05-01T11:00:00Z")])
    )
    assert [gt.join_key(r) for r in gt.read_captures(store, root)] == ["a", "b", "c", "d"]
    start = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    end = datetime(2024, 5, 1, 10, 30, tzinfo=UTC)
    assert [gt.join_key(r) for r in gt.read_captures(store, root, start, end)] == ["b"]
    assert list(gt.hours(start, datetime(2024, 5, 1, 12, 0, tzinfo=UTC))) == [
        "2024/05/01/10",
        "2024/05/01/11",
        "2024/05/01/12",
    ]
    store.write_bytes(
        "s3://b/truth/2024/05/01/12/labels.jsonl", _lines([gt.ground_truth_record("b", "1")])
    )
    labels = gt.read_ground_truth(store, "s3://b/truth")
    assert len(gt.merge(gt.read_captures(store, root), labels)) == 1


def test_bad_lines_are_named() -> None:
    with pytest.raises(InvalidRequest, match=r"line 2 of s3://b/x\.jsonl is not JSON"):
        gt.parse_lines(b'{"a": 1}\nnot json\n', "s3://b/x.jsonl")
