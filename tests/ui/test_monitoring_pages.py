"""Monitoring pages: drift series from the runs' metrics, baselines, runs and violations.

Model Monitor's client methods are not on this branch yet, so the schedule, its runs and
its metrics come from a client that answers those three calls with documents in
SageMaker's shapes; the reports and baselines are real files in the artifact store.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from dagmaker.api import LocalS3Client, LocalSageMakerClient
from dagmaker.api.services import build_services
from dagmaker.server.access import Access
from dagmaker.server.ui import ui_router
from dagmaker.server.ui.monitor_views import drift_threshold, output_uris, series
from dagmaker.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
START = datetime(2026, 3, 1, tzinfo=UTC)
RESULTS = "s3://monitoring/results"


def _metric(name: str, hour: int, value: float) -> dict[str, Any]:
    return {
        "MonitoringScheduleName": "hourly-dq",
        "Namespace": "/aws/sagemaker/Endpoints/data-metric",
        "MetricName": name,
        "Dimensions": [{"Name": "Endpoint", "Value": "ep"}],
        "Timestamp": START + timedelta(hours=hour),
        "Value": value,
        "ProcessingJobName": f"run-{hour}",
    }


METRICS = [
    _metric("feature_baseline_drift_age", 2, 0.25),
    _metric("feature_baseline_drift_age", 1, 0.05),
    _metric("feature_baseline_drift_income", 1, 0.02),
    _metric("feature_non_null_age", 1, 1.0),
    {**_metric("feature_data_age", 1, 0.0), "StatisticValues": {"Sum": 3.0}, "Value": None},
    _metric("mae", 1, 0.7),
]


def test_metrics_become_drift_series_by_feature_and_other_series() -> None:
    drift, other = series(METRICS)
    assert [s.name for s in drift] == ["age", "income"]
    assert [v for _, v in drift[0].points] == [0.05, 0.25]
    assert [s.name for s in other] == ["mae"]


def test_threshold_and_report_locations() -> None:
    constraints = json.loads((FIXTURES / "dq_constraints.json").read_text())
    assert drift_threshold(constraints) == 0.1
    constraints["monitoring_config"]["distribution_constraints"]["comparison_threshold"] = 0.3
    assert drift_threshold(constraints) == 0.3
    assert drift_threshold(None) == 0.1
    job = {"ProcessingOutputConfig": {"Outputs": [{"S3Output": {"S3Uri": RESULTS + "/"}}]}}
    assert output_uris(job) == [RESULTS]


class _Monitored(LocalSageMakerClient):
    """The local client, answering Model Monitor's calls with one schedule's documents."""

    def list_monitoring_schedules(self, **_: Any) -> dict[str, Any]:
        return {"MonitoringScheduleSummaries": [self._summary()]}

    def describe_monitoring_schedule(self, MonitoringScheduleName: str) -> dict[str, Any]:
        assert MonitoringScheduleName == "hourly-dq"
        baseline = {
            "ConstraintsResource": {"S3Uri": "s3://monitoring/baseline/constraints.json"},
            "StatisticsResource": {"S3Uri": "s3://monitoring/baseline/statistics.json"},
        }
        return {
            **self._summary(),
            "MonitoringScheduleConfig": {
                "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
                "MonitoringJobDefinition": {"BaselineConfig": baseline},
            },
        }

    def list_monitoring_executions(self, **_: Any) -> dict[str, Any]:
        runs = [
            {
                "MonitoringScheduleName": "hourly-dq",
                "ScheduledTime": START + timedelta(hours=hour),
                "CreationTime": START + timedelta(hours=hour),
                "LastModifiedTime": START + timedelta(hours=hour),
                "MonitoringExecutionStatus": status,
                "ProcessingJobArn": f"arn:aws:sagemaker:local:0:processing-job/run-{hour}",
            }
            for hour, status in ((2, "CompletedWithViolations"), (1, "Completed"))
        ]
        return {"MonitoringExecutionSummaries": runs}

    def list_monitoring_metrics(self, **_: Any) -> dict[str, Any]:
        return {"Metrics": METRICS}

    def describe_processing_job(self, ProcessingJobName: str, **_: Any) -> dict[str, Any]:
        uri = f"{RESULTS}/{ProcessingJobName}"
        return {"ProcessingOutputConfig": {"Outputs": [{"S3Output": {"S3Uri": uri}}]}}

    def _summary(self) -> dict[str, Any]:
        return {
            "MonitoringScheduleName": "hourly-dq",
            "MonitoringScheduleArn": "arn:aws:sagemaker:local:0:monitoring-schedule/hourly-dq",
            "MonitoringScheduleStatus": "Scheduled",
            "MonitoringType": "DataQuality",
            "EndpointName": "ep",
            "CreationTime": START,
            "LastModifiedTime": START,
        }


@pytest.fixture
def browser(home: Path) -> TestClient:
    services = build_services(Settings.from_env())
    client = _Monitored(services)
    s3 = LocalS3Client(services.artifacts)
    violations = (FIXTURES / "dq_constraint_violations.json").read_bytes()
    s3.put_object(
        Bucket="monitoring", Key="results/run-2/constraint_violations.json", Body=violations
    )
    statistics = (FIXTURES / "dq_statistics.json").read_bytes()
    for hour in (1, 2):
        s3.put_object(
            Bucket="monitoring", Key=f"results/run-{hour}/statistics.json", Body=statistics
        )
    constraints = json.loads((FIXTURES / "dq_constraints.json").read_text())
    constraints["monitoring_config"]["distribution_constraints"]["comparison_threshold"] = 0.2
    s3.put_object(
        Bucket="monitoring", Key="baseline/constraints.json", Body=json.dumps(constraints)
    )
    app = FastAPI()
    app.include_router(ui_router(client, s3, Access()))
    return TestClient(app, base_url="http://127.0.0.1:8780")


def test_the_schedules_list_and_the_menu(browser: TestClient) -> None:
    page = browser.get("/ui/monitoring").text
    assert '<a href="/ui/monitoring" aria-current="page">Monitoring</a>' in page
    assert "/ui/monitoring/hourly-dq" in page and "DataQuality" in page


def test_a_schedule_draws_each_features_drift_against_the_threshold(browser: TestClient) -> None:
    page = browser.get("/ui/monitoring/hourly-dq").text
    assert "Drift by feature" in page and "comparison threshold (0.2)" in page
    charts = [ET.fromstring(c + "</svg>") for c in _svgs(page)]
    titles = [c.get("aria-label") for c in charts]
    assert titles == [
        "Drift of age from the baseline",
        "Drift of income from the baseline",
        "mae",
    ]
    age = charts[0]
    line = age.find(".//{http://www.w3.org/2000/svg}polyline")
    assert line is not None and len(line.get("points", "").split()) == 2
    assert "threshold 0.2" in ET.tostring(age, encoding="unicode")
    assert "above threshold" in page and "within threshold" in page


def test_runs_link_their_reports_and_the_latest_violations_are_listed(browser: TestClient) -> None:
    page = browser.get("/ui/monitoring/hourly-dq").text
    assert "Completed with violations" in page
    assert "results%2Frun-2%2Fconstraint_violations.json" in page
    assert "results%2Frun-1%2Fstatistics.json" in page
    assert "store_and_fwd_flag" in page and "categorical_values_check" in page
    twin = browser.get("/ui/monitoring/hourly-dq?format=json").json()
    assert len(twin["Metrics"]) == len(METRICS)
    assert twin["MonitoringSchedule"]["MonitoringScheduleName"] == "hourly-dq"


def _svgs(page: str) -> list[str]:
    return [
        '<svg class="chart"' + part.split("</svg>")[0]
        for part in page.split('<svg class="chart"')[1:]
    ]
