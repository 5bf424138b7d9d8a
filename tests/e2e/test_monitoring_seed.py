"""The seed's monitoring flow, renamed, against a local endpoint with drift injected.

``DefaultModelMonitor`` suggests a baseline from undrifted data, then
``create_monitoring_schedule`` is called exactly as the Model Monitor page calls it
(pre- and post-processing scripts, ``endpoint_input``, ``output_s3_uri``, the baseline's
statistics and constraints, ``CronExpressionGenerator.hourly()``,
``enable_cloudwatch_metrics=True``). The endpoint then answers drifted traffic, a run is
started now, and the monitor's own methods report what it found.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dagmaker.api import connect_runtime
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.model_monitor import CronExpressionGenerator, DatasetFormat, DefaultModelMonitor
from dagmaker.session import Session, get_execution_role
from tests.e2e.endpoint_support import (
    BUCKET,
    client,
    endpoint_config,
    sklearn_model,
    wait_status,
)

__all__ = ["client"]
pytestmark = pytest.mark.slow
SCRIPTS = Path(__file__).parents[1] / "runners" / "monitoring" / "scripts"
NAMES = [str(i).zfill(20) for i in range(4)]  # output, then the three features


def _wait(check: Any, timeout: float = 180) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def _baseline_file(tmp_path: Path, model: Any) -> Path:
    rows = np.random.default_rng(1).normal(size=(400, 3))
    predictions = model.predict(rows)
    lines = [",".join(NAMES)] + [
        ",".join(f"{v:.5f}" for v in [p, *row]) for p, row in zip(predictions, rows, strict=True)
    ]
    path = tmp_path / "baseline.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_seed_flow_finds_drift_in_captured_traffic(
    client: LocalSageMakerClient, tmp_path: Path
) -> None:
    model = sklearn_model(client, "seed-model")
    endpoint_config(client, "seed-config", "seed-model")
    client.create_endpoint(EndpointName="endpoint-name", EndpointConfigName="seed-config")

    session = Session()
    role = get_execution_role()
    pre_processor_script = session.upload_data(
        str(SCRIPTS / "preprocessor.py"), bucket=BUCKET, key_prefix="demo-dagmaker-model-monitor"
    )
    post_processor_script = session.upload_data(
        str(SCRIPTS / "postprocessor.py"), bucket=BUCKET, key_prefix="demo-dagmaker-model-monitor"
    )
    my_default_monitor = DefaultModelMonitor(
        role=role,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        volume_size_in_gb=20,
        max_runtime_in_seconds=3600,
    )
    my_default_monitor.suggest_baseline(
        baseline_dataset=str(_baseline_file(tmp_path, model)),
        dataset_format=DatasetFormat.csv(header=True),
        wait=True,
        logs=False,
    )
    s3_report_path = f"s3://{BUCKET}/reports"
    monitor_schedule_name = "monitor-schedule-name"
    endpoint_name = "endpoint-name"
    my_default_monitor.create_monitoring_schedule(
        post_analytics_processor_script=post_processor_script,
        record_preprocessor_script=pre_processor_script,
        monitor_schedule_name=monitor_schedule_name,
        endpoint_input=endpoint_name,
        output_s3_uri=s3_report_path,
        statistics=my_default_monitor.baseline_statistics(),
        constraints=my_default_monitor.suggested_constraints(),
        schedule_cron_expression=CronExpressionGenerator.hourly(),
        enable_cloudwatch_metrics=True,
    )
    assert my_default_monitor.describe_schedule()["MonitoringScheduleStatus"] in (
        "Pending",
        "Scheduled",
    )
    _wait(lambda: my_default_monitor.describe_schedule()["MonitoringScheduleStatus"] == "Scheduled")

    wait_status(client, endpoint_name, {"InService"})
    runtime = connect_runtime()
    rows = np.random.default_rng(2).normal(size=(120, 3))
    rows[:, 1] += 3.0
    for row in rows:
        runtime.invoke_endpoint(
            EndpointName=endpoint_name,
            Body=",".join(f"{v:.5f}" for v in row),
            ContentType="text/csv",
        )
    store = client.services.artifacts
    _wait(
        lambda: (
            sum(
                len(store.read_bytes(u).splitlines())
                for u in store.list(f"s3://{BUCKET}/capture/{endpoint_name}/")
            )
            >= len(rows)
        )
    )
    client.run_monitoring_schedule_now(MonitoringScheduleName=monitor_schedule_name)

    def last() -> dict[str, Any] | None:
        summary = my_default_monitor.describe_schedule().get("LastMonitoringExecutionSummary")
        if summary and summary["MonitoringExecutionStatus"] not in ("Pending", "InProgress"):
            return dict(summary)
        return None

    summary = _wait(last)
    assert summary["MonitoringExecutionStatus"] == "CompletedWithViolations", summary
    execution = my_default_monitor.list_executions()[-1]
    statistics = execution.statistics().body_dict
    assert statistics["dataset"]["item_count"] == len(rows)
    violations = execution.constraint_violations().body_dict["violations"]
    assert any(
        v["feature_name"] == NAMES[2] and v["constraint_check_type"] == "baseline_drift_check"
        for v in violations
    )
    log = str(client.get_job_log(JobName=execution.job_name)["Log"])
    assert "I'm a processing record:" in log
    assert "Hello from post-proc script!" in log
    my_default_monitor.delete_monitoring_schedule()
