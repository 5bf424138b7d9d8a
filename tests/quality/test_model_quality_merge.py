"""Joining captured inferences with ground truth, and reading attributes out of them."""

from __future__ import annotations

import base64
import json

import pytest

from dagmaker.quality.model_quality_analysis import ModelQualitySettings, baseline, monitor
from dagmaker.quality.model_quality_merge import merge, read_json_lines
from dagmaker.quality.model_quality_problem import ModelQualityInputError, ProblemType
from dagmaker.quality.model_quality_records import from_merged, from_table
from dagmaker.quality.model_quality_statistics import statistics


def _capture(event_id: str, output: str, inference_id: str | None = None, **extra: str) -> dict:
    metadata = {"eventId": event_id, "inferenceTime": "2024-01-01T00:00:00Z"}
    if inference_id:
        metadata["inferenceId"] = inference_id
    return {
        "captureData": {
            "endpointInput": {"observedContentType": "text/csv", "mode": "INPUT", "data": "1,2"},
            "endpointOutput": {
                "observedContentType": extra.get("content_type", "text/csv"),
                "mode": "OUTPUT",
                "data": output,
                "encoding": extra.get("encoding", "CSV"),
            },
        },
        "eventMetadata": metadata,
        "eventVersion": "0",
    }


def _truth(event_id: str, label: str) -> dict:
    return {
        "groundTruthData": {"data": label, "encoding": "CSV"},
        "eventMetadata": {"eventId": event_id},
        "eventVersion": "0",
    }


def test_matches_by_inference_id_when_given_else_event_id() -> None:
    captures = [
        _capture("e1", "1"),
        _capture("e2", "0", inference_id="mine-2"),
        _capture("e3", "1"),
    ]
    labels = [_truth("mine-2", "0"), _truth("e1", "1"), _truth("e2", "1"), _truth("zz", "1")]
    result = merge(captures, labels)
    assert [r["eventMetadata"]["eventId"] for r in result.records] == ["e1", "e2"]
    assert result.records[1]["groundTruthData"]["data"] == "0"  # by inferenceId, not eventId
    assert (result.unmatched_captures, result.unmatched_ground_truth) == (1, 2)


def test_a_later_ground_truth_replaces_an_earlier_one() -> None:
    result = merge([_capture("e1", "1")], [_truth("e1", "0"), _truth("e1", "1")])
    assert result.records[0]["groundTruthData"]["data"] == "1"
    assert result.replaced_ground_truth == 1


def test_merged_records_feed_the_statistics() -> None:
    captures = [_capture(f"e{i}", f"{p},{s}") for i, (p, s) in enumerate([(1, 0.9), (0, 0.2)])]
    captures.append(
        _capture(
            "e2",
            base64.b64encode(b'{"label": 1, "score": 0.7}').decode(),
            encoding="BASE64",
            content_type="application/json",
        )
    )
    merged = merge(captures, [_truth("e0", "1"), _truth("e1", "1"), _truth("e2", "0")])
    csv_part = from_merged(
        merged.records[:2],
        problem=ProblemType.BINARY,
        inference_attribute="0",
        probability_attribute="1",
    )
    assert list(csv_part.predictions or []) == ["1", "0"]
    assert list(csv_part.probabilities or []) == ["0.9", "0.2"]
    json_part = from_merged(
        merged.records[2:],
        problem=ProblemType.BINARY,
        inference_attribute="label",
        probability_attribute="$.score",
    )
    assert (json_part.predictions, json_part.probabilities, json_part.ground_truth) == (
        [1],
        [0.7],
        ["0"],
    )
    section = statistics(csv_part)["binary_classification_metrics"]
    assert section["confusion_matrix"]["1"] == {"0": 1, "1": 1}


@pytest.mark.parametrize(
    ("records", "attribute", "message"),
    [
        ([{**_capture("e", "1,2"), "groundTruthData": {"data": "1"}}], "5", "no index 5"),
        ([{**_capture("e", "1"), "groundTruthData": {"data": "1"}}], "score", "must be a column"),
        (
            [
                {
                    **_capture("e", json.dumps({"a": 1}), encoding="JSON"),
                    "groundTruthData": {"data": "1"},
                }
            ],
            "b",
            "no key 'b'",
        ),
        ([{"captureData": {}, "groundTruthData": {"data": "1"}}], "0", "no captureData"),
    ],
)
def test_missing_attributes_name_the_record(records: list, attribute: str, message: str) -> None:
    with pytest.raises(ModelQualityInputError, match=message):
        from_merged(records, problem=ProblemType.BINARY, inference_attribute=attribute)


def test_bad_ground_truth_and_jsonl_lines_are_named() -> None:
    with pytest.raises(ModelQualityInputError, match="ground-truth record 2 lacks"):
        merge([_capture("e1", "1")], [_truth("e1", "1"), {"groundTruthData": {"data": "1"}}])
    with pytest.raises(ModelQualityInputError, match="line 2 of ground truth is not JSON"):
        read_json_lines('{"a": 1}\n{oops\n', "ground truth")
    assert read_json_lines('{"a": 1}\n\n{"b": 2}\n', "x") == [
        {"a": 1},
        {"b": 2},
    ]


def test_table_attributes_by_name_or_index() -> None:
    data = from_table(
        ["y", "p"],
        [["1", "0.5"], ["2", "2.5"]],
        problem=ProblemType.REGRESSION,
        ground_truth_attribute="0",
        inference_attribute="p",
    )
    assert (data.ground_truth, data.predictions) == (["1", "2"], ["0.5", "2.5"])
    with pytest.raises(ModelQualityInputError, match="'label' is neither a column name"):
        from_table(["y"], [["1"]], problem=ProblemType.REGRESSION, ground_truth_attribute="label")


def test_the_analyzers_two_entry_points() -> None:
    environ = {
        "problem_type": "BinaryClassification",
        "inference_attribute": "0",
        "probability_attribute": "1",
        "ground_truth_attribute": "label",
    }
    settings = ModelQualitySettings.from_environment(environ)
    header = ["pred", "score", "label"]
    rows = [["1", "0.9", "1"], ["0", "0.3", "1"], ["0", "0.2", "0"], ["1", "0.6", "0"]]
    stats, constraints = baseline(settings, header, rows)
    assert stats["binary_classification_metrics"]["accuracy"]["value"] == 0.5
    assert constraints["binary_classification_constraints"]["accuracy"]["threshold"] == 0.5
    captures = [_capture("e1", "0,0.1"), _capture("e2", "0,0.2")]
    merged = merge(captures, [_truth("e1", "1"), _truth("e2", "0")]).records
    current, violations = monitor(settings, merged, constraints, "2024-01-01T01:00:00Z")
    assert current["dataset"] == {"item_count": 2, "evaluation_time": "2024-01-01T01:00:00Z"}
    assert violations is not None
    assert "recall" in {v["metric_name"] for v in violations["violations"]}
    with pytest.raises(ModelQualityInputError, match="unknown problem_type 'Ranking'"):
        ModelQualitySettings.from_environment({"problem_type": "Ranking"})
    with pytest.raises(ModelQualityInputError, match="needs ground_truth_attribute"):
        baseline(ModelQualitySettings(ProblemType.REGRESSION), ["a"], [["1"]])
