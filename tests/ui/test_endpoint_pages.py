"""Endpoint pages beside monitoring: status, variants, data capture, the schedules.

Model Monitor's methods are not on this branch yet, so this client answers them, and
ListEndpoints and DescribeEndpoint, with documents in SageMaker's shapes (a real endpoint
is shown in ``test_browser``); a client without either feature is offered neither page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from dagmaker.api import LocalS3Client
from dagmaker.api.services import build_services
from dagmaker.server.access import Access
from dagmaker.server.ui import ui_router
from dagmaker.settings import Settings
from tests.ui.test_monitoring_pages import START, _Monitored

ENDPOINT = {
    "EndpointName": "ep",
    "EndpointArn": "arn:aws:sagemaker:local:000000000000:endpoint/ep",
    "EndpointConfigName": "ep-config-2",
    "EndpointStatus": "InService",
    "CreationTime": START,
    "LastModifiedTime": START,
    "ProductionVariants": [
        {
            "VariantName": "AllTraffic",
            "DeployedImages": [{"SpecifiedImage": "my/sklearn:1"}],
            "CurrentWeight": 1.0,
            "CurrentInstanceCount": 1,
        }
    ],
    "DataCaptureConfig": {
        "EnableCapture": True,
        "CaptureStatus": "Started",
        "CurrentSamplingPercentage": 50,
        "DestinationS3Uri": "s3://capture/ep",
    },
}


class _Serving(_Monitored):
    def list_endpoints(self, **_: Any) -> dict[str, Any]:
        keys = ("EndpointName", "EndpointArn", "CreationTime", "LastModifiedTime", "EndpointStatus")
        return {"Endpoints": [{k: ENDPOINT[k] for k in keys}]}

    def describe_endpoint(self, EndpointName: str, **_: Any) -> dict[str, Any]:
        assert EndpointName == "ep"
        return ENDPOINT


@pytest.fixture
def browser(home: Path) -> TestClient:
    services = build_services(Settings.from_env())
    app = FastAPI()
    app.include_router(ui_router(_Serving(services), LocalS3Client(services.artifacts), Access()))
    return TestClient(app, base_url="http://127.0.0.1:8780")


def test_endpoints_list_and_one_endpoint(browser: TestClient) -> None:
    listing = browser.get("/ui/endpoints").text
    assert "/ui/endpoints/ep" in listing and "In service" in listing
    page = browser.get("/ui/endpoints/ep").text
    assert "AllTraffic" in page and "my/sklearn:1" in page
    assert "50 %" in page and "s3://capture/ep" in page and "Started" in page
    assert "/ui/monitoring/hourly-dq" in page
    assert 'data-log="/ui/jobs/ep/log?stream=stderr"' in page
    twin = browser.get("/ui/endpoints/ep?format=json").json()
    assert twin["Endpoint"]["EndpointConfigName"] == "ep-config-2"


class _PipelinesOnly:
    """A client of a server without endpoints or monitoring: what the front page reads."""

    def list_pipelines(self, **_: Any) -> dict[str, Any]:
        return {"PipelineSummaries": []}

    def list_waiting_callbacks(self, **_: Any) -> dict[str, Any]:
        return {"WaitingCallbacks": []}

    def list_model_packages(self, **_: Any) -> dict[str, Any]:
        return {"ModelPackageSummaryList": []}


def test_pages_of_missing_features_are_not_offered(home: Path) -> None:
    services = build_services(Settings.from_env())
    app = FastAPI()
    app.include_router(ui_router(_PipelinesOnly(), LocalS3Client(services.artifacts), Access()))
    browser = TestClient(app, base_url="http://127.0.0.1:8780")
    page = browser.get("/ui/").text
    assert "/ui/endpoints" not in page and "/ui/monitoring" not in page
    assert browser.get("/ui/endpoints").status_code == 404
    assert browser.get("/ui/monitoring").status_code == 404
