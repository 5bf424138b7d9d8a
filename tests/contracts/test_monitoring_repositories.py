"""Monitoring job definitions, schedules and runs on every database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dagmaker.errors import Conflict, NotFound
from dagmaker.records.monitoring import JobDefinitionRecord, MonitoringRunRecord, ScheduleRecord
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.monitoring_definitions import JobDefinitionRepository
from dagmaker.storage.db.monitoring_schedules import ScheduleRepository

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def _schedule(name: str = "s1", execution: str = "exec-1") -> ScheduleRecord:
    return ScheduleRecord(
        name=name,
        arn=f"arn:aws:sagemaker:local:000000000000:monitoring-schedule/{name}",
        execution_arn=execution,
        monitoring_type="DataQuality",
        config={"MonitoringJobDefinitionName": "d1", "MonitoringType": "DataQuality"},
        definition={"MonitoringType": "DataQuality", "Name": "d1", "Request": {}},
        endpoint_name="ep",
        tags=[{"Key": "k", "Value": "v"}],
    )


def test_definitions_are_unique_by_name_across_types(db: Database) -> None:
    repo = JobDefinitionRepository(db)
    record = JobDefinitionRecord("d1", "DataQuality", "arn:d1", {"JobDefinitionName": "d1"})
    repo.create(record)
    with pytest.raises(Conflict, match="'d1' already exists"):
        repo.create(JobDefinitionRecord("d1", "ModelQuality", "arn:x", {}))
    assert repo.get("d1").request == {"JobDefinitionName": "d1"}
    with pytest.raises(NotFound, match="model quality job definition 'd1' does not exist"):
        repo.get("d1", "ModelQuality")
    assert [r.name for r in repo.list("DataQuality")] == ["d1"]
    assert repo.list("ModelBias") == []
    with pytest.raises(NotFound):
        repo.delete("d1", "ModelBias")
    repo.delete("d1", "DataQuality")
    with pytest.raises(NotFound):
        repo.get("d1")


def test_requests_and_reports_touch_their_own_side(db: Database) -> None:
    repo = ScheduleRepository(db)
    repo.create(_schedule())
    with pytest.raises(Conflict, match="'s1' already exists"):
        repo.create(_schedule())
    assert repo.update_config("s1", {"New": 1}, {"Name": "d2"}) == 2
    repo.set_wanted("s1", "Stopped")
    assert repo.request_run("s1") == 1
    assert repo.request_run("s1") == 2
    summary = {"MonitoringExecutionStatus": "Completed"}
    repo.report("exec-1", "Stopped", 2, summary)
    repo.report("exec-other", "Scheduled", 9, None)
    record = repo.get("s1")
    assert (record.config, record.config_version, record.definition) == (
        {"New": 1},
        2,
        {"Name": "d2"},
    )
    assert (record.wanted, record.run_requests) == ("Stopped", 2)
    assert (record.status, record.applied_version, record.last_execution) == (
        "Stopped",
        2,
        summary,
    )
    assert repo.get(record.arn).name == "s1"
    assert record.tags == [{"Key": "k", "Value": "v"}]


def test_deleting_keeps_runs_and_frees_the_name(db: Database) -> None:
    repo = ScheduleRepository(db)
    repo.create(_schedule())
    run = MonitoringRunRecord("s1", "exec-1", "job-1", T0, "InProgress", {"A": 1})
    repo.put_run(run)
    repo.put_run(
        MonitoringRunRecord("s1", "exec-1", "job-0", T0 - timedelta(hours=1), "Failed", {})
    )
    repo.put_run(MonitoringRunRecord("s1", "exec-1", "job-1", T0, "Completed", {"A": 2}))
    assert repo.delete("s1").execution_arn == "exec-1"
    with pytest.raises(NotFound, match="monitoring schedule 's1' does not exist"):
        repo.get("s1")
    with pytest.raises(NotFound):
        repo.request_run("s1")
    repo.create(_schedule(execution="exec-2"))
    runs = repo.runs("exec-1")
    assert [(r.job_name, r.status, r.summary) for r in runs] == [
        ("job-0", "Failed", {}),
        ("job-1", "Completed", {"A": 2}),
    ]
    assert repo.runs("exec-2") == []
