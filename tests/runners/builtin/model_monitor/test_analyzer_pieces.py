"""The inference_record interface and the environment parsing, piece by piece."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dagmaker.errors import JobFailure
from dagmaker.quality.dq_analysis import DatasetFormat
from dagmaker.runners.builtin.model_monitor.config import CaptureFormat, read_config
from dagmaker.runners.builtin.model_monitor.inference_record import CapturedData

RECORD = {
    "captureData": {
        "endpointInput": {
            "observedContentType": "text/csv",
            "mode": "INPUT",
            "data": "132,25,113.2",
            "encoding": "CSV",
        },
        "endpointOutput": {
            "observedContentType": "text/csv; charset=utf-8",
            "mode": "OUTPUT",
            "data": "0.0107",
            "encoding": "CSV",
        },
    },
    "eventMetadata": {
        "eventId": "feca1ab1-8025-47e3-8f6a-99e3fdd7b8d9",
        "inferenceTime": "2019-11-20T23:33:12Z",
        "customAttributes": ["a=1"],
    },
    "eventVersion": "0",
}


def test_record_attributes() -> None:
    record = CapturedData(dict(RECORD))
    assert record.endpoint_input is not None and record.endpoint_output is not None
    assert record.endpoint_input.data == "132,25,113.2"
    assert record.endpoint_output.observedContentType == "text/csv; charset=utf-8"
    assert record.endpoint_input.mode == "INPUT"
    assert record.event_metadata is not None
    assert record.event_metadata.event_id == "feca1ab1-8025-47e3-8f6a-99e3fdd7b8d9"
    assert record.event_metadata.event_time == "2019-11-20T23:33:12Z"
    assert record.event_metadata.custom_attribute == ["a=1"]
    assert record.batch_transform_output is None and record.ground_truth is None
    assert record.event_version == "0"
    assert record.event_data.endpointInput is record.endpoint_input


def test_as_dict_writes_changes_back() -> None:
    record = CapturedData({**RECORD, "captureData": dict(RECORD["captureData"])})
    assert record.endpoint_input is not None
    record.endpoint_input.data = "1,2,3"
    written = record.as_dict()["captureData"]["endpointInput"]
    assert written == {"encoding": "CSV", "data": "1,2,3", "observedContentType": "text/csv"}
    assert "1,2,3" in str(record)


def test_ground_truth_of_merged_records() -> None:
    merged = CapturedData({**RECORD, "groundTruthData": {"data": "1", "encoding": "CSV"}})
    assert merged.ground_truth is not None and merged.ground_truth.data == "1"


def test_environment() -> None:
    config = read_config(
        {
            "dataset_format": '{"json": {"line": false}}',
            "dataset_source": "/opt/ml/processing/input/data",
            "start_time": "2019-12-01T15: 20: 00Z",
            "end_time": "2019-12-01T16:20:00+00:00",
            "publish_cloudwatch_metrics": "Enabled",
            "baseline_constraints": "/opt/ml/processing/baseline/constraints/constraints.json",
        }
    )
    assert config.dataset == DatasetFormat("json", lines=False)
    assert config.start_time == datetime(2019, 12, 1, 15, 20, tzinfo=UTC)
    assert config.end_time == datetime(2019, 12, 1, 16, 20, tzinfo=UTC)
    assert config.publish_cloudwatch_metrics and config.is_monitoring
    assert config.output_path == Path("/opt/ml/processing/output")
    capture = read_config({"dataset_format": '{"sageMakerCaptureJson": {}}'})
    assert capture.dataset == CaptureFormat(("endpointInput", "endpointOutput"))
    assert read_config({}).dataset == DatasetFormat("csv", header=True)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"dataset_format": "{csv"}, "dataset_format='{csv': not JSON"),
        ({"dataset_format": '{"csv": {}, "json": {}}'}, "expected one key"),
        (
            {"dataset_format": '{"sagemakerCaptureJson": {"captureIndexNames": ["x"]}}'},
            "unknown captureIndexNames ['x']",
        ),
        ({"start_time": "yesterday"}, "start_time='yesterday': not an ISO-8601 time"),
    ],
)
def test_bad_environment(env: dict[str, str], message: str) -> None:
    with pytest.raises(JobFailure) as raised:
        read_config(env)
    assert message in raised.value.message
