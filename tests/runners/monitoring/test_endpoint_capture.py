"""The capture locator reads an endpoint's configuration (on every database)."""

from __future__ import annotations

import pytest

from dagmaker.errors import NotFound
from dagmaker.records.endpoints import EndpointRecord
from dagmaker.runners.monitoring.capture_inputs import CaptureSource
from dagmaker.runners.monitoring.endpoint_capture import endpoint_capture
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.endpoints import EndpointConfigRepository, EndpointRepository


def _config(name: str, capture: dict | None) -> dict:
    document = {
        "EndpointConfigName": name,
        "ProductionVariants": [
            {"VariantName": "AllTraffic", "ModelName": "model-a", "InitialInstanceCount": 1},
            {"VariantName": "Canary", "ModelName": "model-b", "InitialInstanceCount": 1},
        ],
    }
    if capture is not None:
        document["DataCaptureConfig"] = capture
    return document


def test_the_destination_variants_and_model_of_an_endpoint(db: Database) -> None:
    endpoints, configs = EndpointRepository(db), EndpointConfigRepository(db)
    capture = {
        "EnableCapture": True,
        "InitialSamplingPercentage": 100,
        "DestinationS3Uri": "s3://bucket/capture",
        "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
    }
    configs.create("with-capture", "arn:c1", _config("with-capture", capture))
    configs.create("no-capture", "arn:c2", _config("no-capture", None))
    endpoints.create(EndpointRecord("ep", "arn:ep", "with-capture"))
    endpoints.create(EndpointRecord("quiet", "arn:quiet", "no-capture"))
    locate = endpoint_capture(endpoints, configs)
    assert locate("ep") == CaptureSource("s3://bucket/capture", ("AllTraffic", "Canary"), "model-a")
    with pytest.raises(NotFound, match="'quiet' captures no data"):
        locate("quiet")
    with pytest.raises(NotFound, match='Could not find endpoint "missing"'):
        locate("missing")
