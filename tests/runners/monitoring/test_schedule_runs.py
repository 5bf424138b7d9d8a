"""Schedules driven by the engine with an injected clock: runs on time, over their window.

The monitoring container is a stand-in (``stand_in_monitor.py``) that follows the
container contract; these tests are about the schedule: when runs start, what each one
reads, what it reports, and how requests (stop, start, run now, update, delete) and a
restart of the engine reach it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import monitoring_schedules
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.records import events as ev
from dagmaker.records.statuses import ExecutionStatus
from tests.runners.monitoring.schedule_support import (
    REPORTS,
    Drive,
    FakeClock,
    H,
    capture,
    definition,
    services,
    wait_for,
)

pytestmark = pytest.mark.slow  # real processing jobs

T0 = datetime(2026, 3, 1, 10, 20, tzinfo=UTC)
HOURLY = {
    "MonitoringJobDefinitionName": "dq-def",
    "MonitoringType": "DataQuality",
    "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
}
SECONDS = timedelta(seconds=5)


def _runs(client: LocalSageMakerClient, **filters: Any) -> list[dict[str, Any]]:
    listed = client.list_monitoring_executions(
        MonitoringScheduleName="sched", SortOrder="Ascending", **filters
    )
    return list(listed["MonitoringExecutionSummaries"])


def _ended(client: LocalSageMakerClient, count: int) -> list[dict[str, Any]]:
    def check() -> list[dict[str, Any]] | None:
        runs = _runs(client)
        done = [r for r in runs if r["MonitoringExecutionStatus"] not in ("InProgress", "Pending")]
        return runs if len(done) >= count else None

    return wait_for(check, what=f"{count} ended run(s)")


def _log(client: LocalSageMakerClient, run: dict[str, Any]) -> str:
    job = run["ProcessingJobArn"].rsplit("/", 1)[1]
    return str(client.get_job_log(JobName=job)["Log"])


def test_runs_start_on_time_over_the_previous_hour_and_report_what_they_found(
    home: Path,
) -> None:

    built = services()
    client = LocalSageMakerClient(built)
    definition(built)
    capture(built, T0.replace(minute=30), [1, 2, 3])
    capture(built, T0.replace(hour=11, minute=10), [50, 60])
    capture(built, T0.replace(hour=11, minute=40), [4])
    clock = FakeClock(T0)
    drive = Drive(built, clock, HOURLY)
    wait_for(
        lambda: (
            client.describe_monitoring_schedule(MonitoringScheduleName="sched")[
                "MonitoringScheduleStatus"
            ]
            == "Scheduled"
        ),
        what="Scheduled",
    )
    assert _runs(client) == []

    clock.set(T0.replace(hour=11, minute=0) + SECONDS)
    (first,) = _ended(client, 1)
    assert first["MonitoringExecutionStatus"] == "Completed"
    assert first["ScheduledTime"] == T0.replace(hour=11, minute=0)
    assert first["EndpointName"] == "ep"
    assert first["MonitoringJobDefinitionName"] == "dq-def"
    assert first["MonitoringType"] == "DataQuality"
    assert "analysed 3 records from 10:00 to 11:00; mean 2.0" in _log(client, first)
    assert "post-analytics script ran" in _log(client, first)

    clock.set(T0.replace(hour=12, minute=0) + SECONDS)
    second = _ended(client, 2)[1]
    assert second["MonitoringExecutionStatus"] == "CompletedWithViolations"
    job = client.describe_processing_job(ProcessingJobName=second["ProcessingJobArn"])
    assert job["ExitMessage"] == (
        "CompletedWithViolations: Job completed successfully with 1 violations."
    )
    output = job["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    assert output == f"{REPORTS}/ep/sched/2026/03/01/12"
    assert built.artifacts.exists(f"{output}/constraint_violations.json")
    environment = job["Environment"]
    assert (environment["start_time"], environment["end_time"]) == (
        "2026-03-01T11:00:00Z",
        "2026-03-01T12:00:00Z",
    )
    assert environment["sagemaker_endpoint_name"] == "ep"
    assert environment["sagemaker_monitoring_schedule_name"] == "sched"
    assert [i["InputName"] for i in job["ProcessingInputs"]] == [
        "endpoint-AllTraffic-2026030111",
        "post_analytics_processor_script",
        "baseline_constraints",
    ]
    described = client.describe_monitoring_schedule(MonitoringScheduleName="sched")
    assert (
        described["LastMonitoringExecutionSummary"]["ProcessingJobArn"]
        == (second["ProcessingJobArn"])
    )
    assert described["LastMonitoringExecutionSummary"]["MonitoringExecutionStatus"] == (
        "CompletedWithViolations"
    )

    drift = client.list_monitoring_metrics(
        MonitoringScheduleName="sched", MetricName="feature_baseline_drift_f0"
    )["Metrics"]
    assert [(m["Timestamp"], m["Value"]) for m in drift] == [
        (T0.replace(hour=11, minute=0), 2.0),
        (T0.replace(hour=12, minute=0), 38.0),
    ]
    assert {d["Name"]: d["Value"] for d in drift[0]["Dimensions"]} == {
        "Endpoint": "ep",
        "MonitoringSchedule": "sched",
    }
    assert drift[0]["Namespace"] == "/aws/sagemaker/Endpoints/data-metric"

    clock.set(T0.replace(hour=13, minute=0) + SECONDS)
    third = _ended(client, 3)[2]
    assert third["MonitoringExecutionStatus"] == "Failed"
    assert third["FailureReason"] == "Job inputs had no data"
    assert "ProcessingJobArn" not in third
    assert [r["MonitoringExecutionStatus"] for r in _runs(client, StatusEquals="Failed")] == [
        "Failed"
    ]

    client.delete_monitoring_schedule(MonitoringScheduleName="sched")
    outcome = drive.finish()
    assert outcome is not None and outcome.status == ExecutionStatus.STOPPED


def test_stop_start_run_now_and_update_reach_the_running_schedule(home: Path) -> None:
    built = services()
    client = LocalSageMakerClient(built)
    definition(built)
    definition(built, "dq-def-2", Environment={"publish_cloudwatch_metrics": "Disabled"})
    clock = FakeClock(T0)
    drive = Drive(built, clock, HOURLY)

    def status() -> str:
        described = client.describe_monitoring_schedule(MonitoringScheduleName="sched")
        return str(described["MonitoringScheduleStatus"])

    wait_for(lambda: status() == "Scheduled", what="Scheduled")
    client.stop_monitoring_schedule(MonitoringScheduleName="sched")
    assert status() in ("Pending", "Stopped")
    wait_for(lambda: status() == "Stopped", what="Stopped")
    clock.set(T0 + 3 * H)
    now = clock.now()
    capture(built, now - timedelta(minutes=20), [7])
    answer = client.run_monitoring_schedule_now(MonitoringScheduleName="sched")
    assert answer["RunRequest"] == 1
    (manual,) = _ended(client, 1)
    assert manual["MonitoringExecutionStatus"] == "Completed"
    assert manual["ScheduledTime"] >= now
    assert "analysed 1 records" in _log(client, manual)

    client.update_monitoring_schedule(
        MonitoringScheduleName="sched",
        MonitoringScheduleConfig=dict(HOURLY, MonitoringJobDefinitionName="dq-def-2"),
    )
    client.start_monitoring_schedule(MonitoringScheduleName="sched")
    wait_for(lambda: status() == "Scheduled", what="Scheduled again")
    next_hour = (clock.now() + H).replace(minute=0, second=0, microsecond=0)
    capture(built, next_hour - timedelta(minutes=10), [8])
    clock.set(next_hour + SECONDS)
    scheduled = _ended(client, 2)[1]
    assert scheduled["MonitoringJobDefinitionName"] == "dq-def-2"
    assert scheduled["ScheduledTime"] == next_hour
    runs = client.list_monitoring_metrics(MonitoringScheduleName="sched")["Metrics"]
    assert {m["ProcessingJobName"] for m in runs} == {manual["ProcessingJobArn"].rsplit("/", 1)[1]}

    events = built.event_log.load(drive.record.execution_arn)
    requests = [e.request for e in events if isinstance(e, ev.CompositeRequest)]
    assert requests == ["stop", "run", "update", "start"]
    client.delete_monitoring_schedule(MonitoringScheduleName="sched")
    drive.finish()


def test_a_restarted_engine_re_attaches_to_the_run_in_progress(home: Path) -> None:
    built = services()
    client = LocalSageMakerClient(built)
    definition(built, Environment={"STAND_IN_SLEEP": "2", "publish_cloudwatch_metrics": "Enabled"})
    capture(built, T0.replace(minute=40), [1])
    clock = FakeClock(T0)
    drive = Drive(built, clock, HOURLY)
    arn = drive.record.execution_arn
    clock.set(T0.replace(hour=11, minute=0) + SECONDS)
    wait_for(
        lambda: any(isinstance(e, ev.UnitLaunched) for e in built.event_log.load(arn)),
        what="the run's job",
    )
    drive.handoff.set()
    assert drive.finish() is None
    drive.again()
    (run,) = _ended(client, 1)
    assert run["MonitoringExecutionStatus"] == "Completed"
    job = client.describe_processing_job(ProcessingJobName=run["ProcessingJobArn"])
    assert job["ProcessingJobStatus"] == "Completed"
    events = built.event_log.load(arn)
    assert sum(isinstance(e, ev.UnitStarted) for e in events) == 1
    assert sum(isinstance(e, ev.UnitLaunched) for e in events) == 1
    assert _log(client, run).count("analysed 1 records") == 1
    assert monitoring_schedules.describe(built, "sched")["MonitoringScheduleStatus"] == "Scheduled"
    client.delete_monitoring_schedule(MonitoringScheduleName="sched")
    drive.finish()
