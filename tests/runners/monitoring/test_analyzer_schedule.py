"""A data-quality schedule running Model Monitor's analyzer over captured traffic.

The baseline is computed from a training-like dataset; an hour of captured traffic whose
``x`` feature has drifted is then analysed by a scheduled run, with the seed's pre- and
post-processing scripts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from dagmaker.api.client import LocalSageMakerClient
from dagmaker.quality.dq_analysis import DatasetFormat, open_dataset, run_baseline
from tests.runners.monitoring.schedule_support import (
    ENDPOINT,
    REPORTS,
    Drive,
    FakeClock,
    capture_rows,
    services,
    wait_for,
)

pytestmark = pytest.mark.slow  # real processing jobs

HERE = Path(__file__).parent
ANALYZER = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
BASELINE = "s3://reports-bucket/dq-baseline"
T0 = datetime(2026, 3, 1, 10, 20, tzinfo=UTC)
NAMES = [str(i).zfill(20) for i in range(3)]  # prediction, x, k (the preprocessor's keys)


def _rows(rng: np.random.Generator, count: int, shift: float) -> list[tuple[str, str]]:
    xs = rng.normal(5 + shift, 1, count)
    ks = rng.integers(0, 10, count)
    predictions = rng.uniform(size=count)
    return [(f"{x:.4f},{k}", f"{p:.5f}\n") for x, k, p in zip(xs, ks, predictions, strict=True)]


def _baseline(client: LocalSageMakerClient, tmp_path: Path) -> None:
    rows = _rows(np.random.default_rng(1), 400, 0.0)
    table = tmp_path / "baseline.csv"
    lines = [",".join(NAMES)] + [f"{out.strip()},{inp}" for inp, out in rows]
    table.write_text("\n".join(lines) + "\n")
    result = run_baseline(open_dataset(table, DatasetFormat("csv", header=True)))
    for name, text in result.files().items():
        client.services.artifacts.write_bytes(f"{BASELINE}/{name}", text.encode())


def _definition(client: LocalSageMakerClient) -> None:
    store = client.services.artifacts
    for name in ("preprocessor.py", "postprocessor.py"):
        store.write_bytes(
            f"s3://reports-bucket/code/{name}", (HERE / "scripts" / name).read_bytes()
        )
    client.create_data_quality_job_definition(
        JobDefinitionName="dq-analyzer",
        DataQualityAppSpecification={
            "ImageUri": ANALYZER,
            "RecordPreprocessorSourceUri": "s3://reports-bucket/code/preprocessor.py",
            "PostAnalyticsProcessorSourceUri": "s3://reports-bucket/code/postprocessor.py",
            "Environment": {"publish_cloudwatch_metrics": "Enabled"},
        },
        DataQualityBaselineConfig={
            "ConstraintsResource": {"S3Uri": f"{BASELINE}/constraints.json"},
            "StatisticsResource": {"S3Uri": f"{BASELINE}/statistics.json"},
        },
        DataQualityJobInput={
            "EndpointInput": {
                "EndpointName": ENDPOINT,
                "LocalPath": "/opt/ml/processing/input/endpoint",
                "S3InputMode": "File",
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        DataQualityJobOutputConfig={
            "MonitoringOutputs": [
                {
                    "S3Output": {
                        "S3Uri": REPORTS,
                        "LocalPath": "/opt/ml/processing/output",
                        "S3UploadMode": "Continuous",
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
        RoleArn="arn:aws:iam::123456789012:role/monitor",
        StoppingCondition={"MaxRuntimeInSeconds": 1800},
    )


def test_a_drifted_hour_is_found_by_the_analyzer_with_both_scripts_logging(
    home: Path, tmp_path: Path
) -> None:
    built = services()
    client = LocalSageMakerClient(built)
    _baseline(client, tmp_path)
    _definition(client)
    rng = np.random.default_rng(2)
    for minute in (5, 25, 45):
        capture_rows(built, T0.replace(hour=11, minute=minute), _rows(rng, 100, 3.0))
    capture_rows(built, T0.replace(hour=12, minute=5), _rows(rng, 50, 0.0))
    clock = FakeClock(T0)
    config = {
        "MonitoringJobDefinitionName": "dq-analyzer",
        "MonitoringType": "DataQuality",
        "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
    }
    drive = Drive(built, clock, config)
    clock.set(T0.replace(hour=12, minute=0, second=3))

    def ended() -> dict | None:
        summary = client.describe_monitoring_schedule(MonitoringScheduleName="sched").get(
            "LastMonitoringExecutionSummary"
        )
        if summary and summary["MonitoringExecutionStatus"] not in ("Pending", "InProgress"):
            return summary
        return None

    summary = wait_for(ended, timeout=120, what="the run")
    assert summary["MonitoringExecutionStatus"] == "CompletedWithViolations", summary
    job_name = summary["ProcessingJobArn"].rsplit("/", 1)[1]
    output = f"{REPORTS}/{ENDPOINT}/sched/2026/03/01/12"
    violations = json.loads(built.artifacts.read_bytes(f"{output}/constraint_violations.json"))
    drifted = {
        v["feature_name"]
        for v in violations["violations"]
        if v["constraint_check_type"] == "baseline_drift_check"
    }
    assert drifted == {NAMES[1]}
    statistics = json.loads(built.artifacts.read_bytes(f"{output}/statistics.json"))
    assert statistics["dataset"]["item_count"] == 300.0  # the 12:05 records are outside
    x = next(f for f in statistics["features"] if f["name"] == NAMES[1])
    assert 7.5 < x["numerical_statistics"]["mean"] < 8.5

    log = str(client.get_job_log(JobName=job_name)["Log"])
    assert "I'm a processing record:" in log
    assert "Hello from post-proc script!" in log

    metrics = client.list_monitoring_metrics(MonitoringScheduleName="sched")["Metrics"]
    by_name = {m["MetricName"]: m for m in metrics}
    assert by_name[f"feature_baseline_drift_{NAMES[1]}"]["Value"] > 0.5
    assert by_name[f"feature_baseline_drift_{NAMES[2]}"]["Value"] < 0.2
    assert by_name[f"feature_non_null_{NAMES[1]}"]["Value"] == 1.0
    assert by_name[f"feature_data_{NAMES[1]}"]["StatisticValues"]["SampleCount"] == 300.0
    assert {m["Timestamp"] for m in metrics} == {T0.replace(hour=12, minute=0)}

    client.delete_monitoring_schedule(MonitoringScheduleName="sched")
    drive.finish()
