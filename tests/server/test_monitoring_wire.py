"""Model Monitor's operations through boto3 and the dagmaker CLI, against a server.

The requests are those SageMaker's SDK sends; the schedule is created, described,
listed, stopped, started, run now (a dagmaker extension) and deleted over the wire.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.server.conftest import RunningServer, boto_client

FIXTURES = Path(__file__).parents[1] / "api" / "monitoring_fixtures"


def _sdk(method: str) -> dict[str, Any]:
    calls = json.loads((FIXTURES / "sdk_requests.json").read_text())
    request: dict[str, Any] = next(c["Request"] for c in calls if c["Method"] == method)
    return request


def _cli(server: RunningServer, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DAGMAKER_ENDPOINT_URL=server.url, DAGMAKER_HOME=str(tmp_path / "none"))
    return subprocess.run(
        [sys.executable, "-m", "dagmaker", "monitoring", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _status(sm: Any, name: str) -> str:
    return str(
        sm.describe_monitoring_schedule(MonitoringScheduleName=name)["MonitoringScheduleStatus"]
    )


def _wait(check: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_schedule_over_the_wire(server: RunningServer, tmp_path: Path) -> None:
    sm = boto_client(server, "sagemaker")
    definition = _sdk("create_data_quality_job_definition")
    definition["JobDefinitionName"] = "wire-dq"
    arn = sm.create_data_quality_job_definition(**definition)["JobDefinitionArn"]
    assert arn.endswith(":data-quality-job-definition/wire-dq")
    described = sm.describe_data_quality_job_definition(JobDefinitionName="wire-dq")
    assert isinstance(described["CreationTime"], datetime)
    assert described["DataQualityJobInput"] == definition["DataQualityJobInput"]

    schedule = _sdk("create_monitoring_schedule")
    schedule["MonitoringScheduleName"] = "wire-schedule"
    schedule["MonitoringScheduleConfig"]["MonitoringJobDefinitionName"] = "wire-dq"
    sm.create_monitoring_schedule(**schedule)
    _wait(lambda: _status(sm, "wire-schedule") == "Scheduled")
    described = sm.describe_monitoring_schedule(MonitoringScheduleName="wire-schedule")
    assert described["MonitoringType"] == "DataQuality"
    assert described["EndpointName"] == "my-endpoint"
    assert isinstance(described["CreationTime"], datetime)
    listed = sm.list_monitoring_schedules(EndpointName="my-endpoint")
    assert [s["MonitoringScheduleName"] for s in listed["MonitoringScheduleSummaries"]] == [
        "wire-schedule"
    ]
    with pytest.raises(ClientError) as caught:
        sm.create_monitoring_schedule(**schedule)
    assert caught.value.response["Error"]["Code"] == "ResourceInUse"

    sm.stop_monitoring_schedule(MonitoringScheduleName="wire-schedule")
    _wait(lambda: _status(sm, "wire-schedule") == "Stopped")
    done = _cli(server, tmp_path, "run-now", "wire-schedule", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["RunRequest"] == 1

    def failed_run() -> bool:
        runs = sm.list_monitoring_executions(MonitoringScheduleName="wire-schedule")
        summaries = runs["MonitoringExecutionSummaries"]
        return bool(summaries) and summaries[0]["MonitoringExecutionStatus"] == "Failed"

    # The server has no endpoint "my-endpoint": the run fails and says why.
    _wait(failed_run)
    run = sm.list_monitoring_executions(MonitoringScheduleName="wire-schedule")[
        "MonitoringExecutionSummaries"
    ][0]
    assert "my-endpoint" in run["FailureReason"]
    assert isinstance(run["ScheduledTime"], datetime)
    done = _cli(server, tmp_path, "executions", "wire-schedule", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["MonitoringExecutionSummaries"][0][
        "MonitoringExecutionStatus"
    ] == ("Failed")
    done = _cli(server, tmp_path, "metrics", "wire-schedule", "--json")
    assert (done.returncode, json.loads(done.stdout)) == (0, {"Metrics": []})

    sm.start_monitoring_schedule(MonitoringScheduleName="wire-schedule")
    _wait(lambda: _status(sm, "wire-schedule") == "Scheduled")
    sm.delete_monitoring_schedule(MonitoringScheduleName="wire-schedule")
    with pytest.raises(ClientError) as caught:
        sm.describe_monitoring_schedule(MonitoringScheduleName="wire-schedule")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFound"
    sm.delete_data_quality_job_definition(JobDefinitionName="wire-dq")
