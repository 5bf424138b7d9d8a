"""A data-quality schedule over a real endpoint's captured traffic, with drift injected.

The endpoint serves a scikit-learn model with data capture; the schedule runs Model
Monitor's analyzer with the seed's pre- and post-processing scripts against a baseline
of undrifted data; a run started now finds the drifted feature.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dagmaker.api import connect_runtime
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.quality.dq_analysis import DatasetFormat, open_dataset, run_baseline
from tests.e2e.endpoint_support import (
    BUCKET,
    ROLE,
    client,
    endpoint_config,
    sklearn_model,
    wait_status,
)

__all__ = ["client"]
pytestmark = pytest.mark.slow
SCRIPTS = Path(__file__).parents[1] / "runners" / "monitoring" / "scripts"
ANALYZER = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
NAMES = [str(i).zfill(20) for i in range(4)]  # the preprocessor's keys: output, then x0..x2


def _baseline(local: LocalSageMakerClient, tmp_path: Path, model: Any) -> None:
    rows = np.random.default_rng(1).normal(size=(500, 3))
    lines = [",".join(NAMES)] + [
        ",".join(f"{v:.5f}" for v in [float(model.predict(row[None, :])[0]), *row]) for row in rows
    ]
    table = tmp_path / "baseline.csv"
    table.write_text("\n".join(lines) + "\n")
    result = run_baseline(open_dataset(table, DatasetFormat("csv", header=True)))
    for name, text in result.files().items():
        local.services.artifacts.write_bytes(f"s3://{BUCKET}/baseline/{name}", text.encode())


def _definition(local: LocalSageMakerClient) -> None:
    for name in ("preprocessor.py", "postprocessor.py"):
        local.services.artifacts.write_bytes(
            f"s3://{BUCKET}/code/{name}", (SCRIPTS / name).read_bytes()
        )
    local.create_data_quality_job_definition(
        JobDefinitionName="ep-dq",
        DataQualityAppSpecification={
            "ImageUri": ANALYZER,
            "RecordPreprocessorSourceUri": f"s3://{BUCKET}/code/preprocessor.py",
            "PostAnalyticsProcessorSourceUri": f"s3://{BUCKET}/code/postprocessor.py",
            "Environment": {"publish_cloudwatch_metrics": "Enabled"},
        },
        DataQualityBaselineConfig={
            "ConstraintsResource": {"S3Uri": f"s3://{BUCKET}/baseline/constraints.json"},
            "StatisticsResource": {"S3Uri": f"s3://{BUCKET}/baseline/statistics.json"},
        },
        DataQualityJobInput={
            "EndpointInput": {
                "EndpointName": "monitored",
                "LocalPath": "/opt/ml/processing/input/endpoint",
            }
        },
        DataQualityJobOutputConfig={
            "MonitoringOutputs": [
                {
                    "S3Output": {
                        "S3Uri": f"s3://{BUCKET}/reports",
                        "LocalPath": "/opt/ml/processing/output",
                    }
                }
            ]
        },
        JobResources={
            "ClusterConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.xlarge",
                "VolumeSizeInGB": 20,
            }
        },
        RoleArn=ROLE,
    )


def _captured(local: LocalSageMakerClient) -> int:
    store = local.services.artifacts
    return sum(
        len(store.read_bytes(uri).splitlines())
        for uri in store.list(f"s3://{BUCKET}/capture/monitored/")
    )


def _wait(check: Any, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_drift_in_captured_traffic_is_found_by_a_run_started_now(
    client: LocalSageMakerClient,
    tmp_path: Path,
) -> None:
    model = sklearn_model(client, "monitored-model")
    endpoint_config(client, "monitored-config", "monitored-model")
    client.create_endpoint(EndpointName="monitored", EndpointConfigName="monitored-config")
    _baseline(client, tmp_path, model)
    _definition(client)
    client.create_monitoring_schedule(
        MonitoringScheduleName="monitored-hourly",
        MonitoringScheduleConfig={
            "MonitoringJobDefinitionName": "ep-dq",
            "MonitoringType": "DataQuality",
            "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
        },
    )
    wait_status(client, "monitored", {"InService"})
    runtime = connect_runtime()
    rows = np.random.default_rng(2).normal(size=(150, 3))
    rows[:, 1] += 3.0  # drift: x1 moves three standard deviations
    for row in rows:
        runtime.invoke_endpoint(
            EndpointName="monitored", Body=",".join(f"{v:.5f}" for v in row), ContentType="text/csv"
        )
    _wait(lambda: _captured(client) >= len(rows))
    client.run_monitoring_schedule_now(MonitoringScheduleName="monitored-hourly")

    def ended() -> dict[str, Any] | None:
        described = client.describe_monitoring_schedule(MonitoringScheduleName="monitored-hourly")
        summary = described.get("LastMonitoringExecutionSummary")
        if summary and summary["MonitoringExecutionStatus"] not in ("Pending", "InProgress"):
            return dict(summary)
        return None

    summary = _wait(ended, timeout=180)
    assert summary["MonitoringExecutionStatus"] == "CompletedWithViolations", summary
    job = client.describe_processing_job(ProcessingJobName=summary["ProcessingJobArn"])
    output = job["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    assert output.startswith(f"s3://{BUCKET}/reports/monitored/monitored-hourly/")
    violations = json.loads(
        client.services.artifacts.read_bytes(f"{output}/constraint_violations.json")
    )["violations"]
    drifted = {
        v["feature_name"]
        for v in violations
        if v["constraint_check_type"] == "baseline_drift_check"
    }
    assert NAMES[2] in drifted
    statistics = json.loads(client.services.artifacts.read_bytes(f"{output}/statistics.json"))
    assert statistics["dataset"]["item_count"] == len(rows)
    log = str(client.get_job_log(JobName=job["ProcessingJobName"])["Log"])
    assert "I'm a processing record:" in log
    assert "Hello from post-proc script!" in log
    drift = client.list_monitoring_metrics(
        MonitoringScheduleName="monitored-hourly", MetricName=f"feature_baseline_drift_{NAMES[2]}"
    )["Metrics"]
    assert drift and drift[0]["Value"] > 0.5
    client.delete_monitoring_schedule(MonitoringScheduleName="monitored-hourly")
    _wait(lambda: not [e for e in client.services.executions.active() if e.kind == "schedule"], 60)
