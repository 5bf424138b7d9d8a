"""Capture settings from DataCaptureConfig, and the records they produce."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from dagmaker.errors import InvalidRequest
from dagmaker.serving import capture_record
from dagmaker.serving.capture_config import CaptureSettings, parse_capture_config

SDK_REQUEST = {
    # What DataCaptureConfig(enable_capture=True, sampling_percentage=50, ...)._to_request_dict()
    # gives in the sagemaker SDK.
    "EnableCapture": True,
    "InitialSamplingPercentage": 50,
    "DestinationS3Uri": "s3://bucket/capture/",
    "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
    "CaptureContentTypeHeader": {
        "CsvContentTypes": ["text/csv"],
        "JsonContentTypes": ["application/json"],
    },
}


def _invocation(**changes: object) -> capture_record.Invocation:
    values: dict[str, object] = {
        "event_id": "e-1",
        "inference_id": "",
        "when": datetime(2024, 5, 1, 10, 2, 3, 456000, tzinfo=UTC),
        "request": b"1,2,3",
        "request_type": "text/csv",
        "response": b"0.5\n",
        "response_type": "text/csv; charset=utf-8",
    }
    values.update(changes)
    return capture_record.Invocation(**values)  # type: ignore[arg-type]


def test_sdk_request_parses() -> None:
    settings = parse_capture_config(SDK_REQUEST)
    assert settings == CaptureSettings(
        enabled=True,
        sampling_percentage=50,
        destination="s3://bucket/capture",
        capture_input=True,
        capture_output=True,
        csv_types=("text/csv",),
        json_types=("application/json",),
    )
    assert settings.summary() == {
        "EnableCapture": True,
        "CaptureStatus": "Started",
        "CurrentSamplingPercentage": 50,
        "DestinationS3Uri": "s3://bucket/capture",
    }
    assert CaptureSettings.from_dict(settings.to_dict()) == settings


def test_absent_config_means_no_capture() -> None:
    assert parse_capture_config(None) is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"InitialSamplingPercentage": 101}, "DataCaptureConfig.InitialSamplingPercentage"),
        ({"InitialSamplingPercentage": "20"}, "DataCaptureConfig.InitialSamplingPercentage"),
        ({"DestinationS3Uri": "/tmp/x"}, "DataCaptureConfig.DestinationS3Uri"),
        ({"CaptureOptions": []}, "DataCaptureConfig.CaptureOptions"),
        (
            {"CaptureOptions": [{"CaptureMode": "REQUEST"}]},
            "DataCaptureConfig.CaptureOptions[0].CaptureMode",
        ),
        (
            {"CaptureContentTypeHeader": {"CsvContentTypes": []}},
            "DataCaptureConfig.CaptureContentTypeHeader.CsvContentTypes",
        ),
        ({"EnableCapture": "yes"}, "DataCaptureConfig.EnableCapture"),
    ],
)
def test_bad_fields_are_named(change: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        parse_capture_config({**SDK_REQUEST, **change})
    assert caught.value.field == field


def test_input_only_capture_has_no_output_side() -> None:
    settings = parse_capture_config({**SDK_REQUEST, "CaptureOptions": [{"CaptureMode": "Input"}]})
    assert settings is not None
    document = capture_record.record(_invocation(), settings)
    assert list(document["captureData"]) == ["endpointInput"]


def test_record_shape_matches_sagemaker() -> None:
    settings = parse_capture_config(SDK_REQUEST)
    assert settings is not None
    line = capture_record.line(capture_record.record(_invocation(inference_id="id-7"), settings))
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert json.loads(line) == {
        "captureData": {
            "endpointInput": {
                "observedContentType": "text/csv",
                "mode": "INPUT",
                "data": "1,2,3",
                "encoding": "CSV",
            },
            "endpointOutput": {
                # The media type decides the encoding; the observed type is kept as sent.
                "observedContentType": "text/csv; charset=utf-8",
                "mode": "OUTPUT",
                "data": "0.5\n",
                "encoding": "CSV",
            },
        },
        "eventMetadata": {
            "eventId": "e-1",
            "inferenceId": "id-7",
            "inferenceTime": "2024-05-01T10:02:03Z",
        },
        "eventVersion": "0",
    }


def test_other_types_and_non_utf8_text_are_base64() -> None:
    settings = parse_capture_config(SDK_REQUEST)
    assert settings is not None
    npy = capture_record.payload(b"\x93NUMPY", "application/x-npy", "INPUT", settings)
    assert npy["encoding"] == "BASE64"
    assert base64.b64decode(npy["data"]) == b"\x93NUMPY"
    latin = capture_record.payload(b"caf\xe9", "text/csv", "INPUT", settings)
    assert latin["encoding"] == "BASE64"
    assert capture_record.decoded_data(latin) == b"caf\xe9"


def test_without_content_type_header_everything_is_base64() -> None:
    request = {k: v for k, v in SDK_REQUEST.items() if k != "CaptureContentTypeHeader"}
    settings = parse_capture_config(request)
    assert settings is not None
    assert settings.encoding_of("text/csv") == "BASE64"


def test_json_payload_keeps_its_text() -> None:
    settings = parse_capture_config(SDK_REQUEST)
    assert settings is not None
    body = b'{"instances": [1.0, 2.0]}\n'
    side = capture_record.payload(body, "application/json", "INPUT", settings)
    assert side["encoding"] == "JSON"
    assert side["data"] == body.decode()
