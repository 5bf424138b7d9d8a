"""``dagmaker monitoring …`` over schedules made through the client."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dagmaker.api import connect
from dagmaker.cli.main import app
from dagmaker.records.monitoring import MetricPoint
from tests.api.test_monitoring_api import _batch_capture, _batch_definition, _delete_and_wait, _wait

T = "2026-03-01T12:00:00+00:00"


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.slow  # a real processing job
def test_list_describe_run_now_executions_and_metrics(home: Path) -> None:
    client = connect()
    _batch_definition(client)
    client.create_monitoring_schedule(
        MonitoringScheduleName="nightly",
        MonitoringScheduleConfig={
            "MonitoringJobDefinitionName": "batch-def",
            "MonitoringType": "DataQuality",
            "ScheduleConfig": {"ScheduleExpression": "cron(0 2 ? * * *)"},
        },
    )
    code, output = _invoke("monitoring", "list")
    assert code == 0, output
    assert "nightly" in output and "DataQuality" in output
    code, output = _invoke("monitoring", "describe", "nightly")
    assert code == 0, output
    assert "schedule: cron(0 2 ? * * *)" in output
    assert "job definition: batch-def" in output

    _batch_capture(client, [1.0, 2.0])
    code, output = _invoke("monitoring", "run-now", "nightly")
    assert (code, "Run 1 of nightly asked for" in output) == (0, True), output

    def ended() -> bool:
        runs = client.list_monitoring_executions(MonitoringScheduleName="nightly")
        summaries = runs["MonitoringExecutionSummaries"]
        return bool(summaries) and summaries[0]["MonitoringExecutionStatus"] == "Completed"

    _wait(ended)
    code, output = _invoke("monitoring", "executions", "nightly")
    assert code == 0, output
    assert "Completed" in output and "model-monitoring-" in output
    code, output = _invoke("monitoring", "executions", "nightly", "--json")
    runs = json.loads(output)["MonitoringExecutionSummaries"]
    assert [r["MonitoringExecutionStatus"] for r in runs] == ["Completed"]

    code, output = _invoke("monitoring", "metrics", "nightly", "--json")
    assert code == 0, output
    names = {m["MetricName"] for m in json.loads(output)["Metrics"]}
    assert names == {"feature_baseline_drift_f0", "feature_data_f0"}
    code, output = _invoke("monitoring", "metrics", "nightly", "--metric", "feature_data_f0")
    assert "SampleCount=2" in output
    code, output = _invoke("monitoring", "describe", "nightly", "--json")
    assert json.loads(output)["LastMonitoringExecutionSummary"]["MonitoringExecutionStatus"] == (
        "Completed"
    )
    _delete_and_wait(client, "nightly")


def test_metrics_over_time_and_unknown_schedules(home: Path) -> None:
    client = connect()
    _batch_definition(client)
    client.create_monitoring_schedule(
        MonitoringScheduleName="hourly",
        MonitoringScheduleConfig={
            "MonitoringJobDefinitionName": "batch-def",
            "MonitoringType": "DataQuality",
            "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
        },
    )
    start = datetime.fromisoformat(T)
    for hour in range(3):
        at = start + timedelta(hours=hour)
        point = MetricPoint("hourly", "mae", at, 0.1 * (hour + 1), dimensions={"Endpoint": "ep"})
        client.services.metrics.record(f"job-{hour}", [point])
    code, output = _invoke(
        "monitoring", "metrics", "hourly", "--since", "2026-03-01T13:00:00Z", "--json"
    )
    values = [m["Value"] for m in json.loads(output)["Metrics"]]
    assert values == [0.2, 0.30000000000000004]
    code, output = _invoke("monitoring", "metrics", "hourly", "--latest")
    assert code == 0 and "0.3" in output and "0.1" not in output
    code, output = _invoke("monitoring", "describe", "nope")
    assert code == 2
    assert "monitoring schedule 'nope' does not exist" in output
    _delete_and_wait(client, "hourly")
