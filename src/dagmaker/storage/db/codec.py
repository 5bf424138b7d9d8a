"""Turn rows into records and records into rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from dagmaker.records.records import ExecutionRecord, JobRecord, PipelineRecord
from dagmaker.records.statuses import ExecutionStatus, JobStatus


def pipeline_from_row(row: Row[Any]) -> PipelineRecord:
    """A pipelines row as a record."""
    m = row._mapping
    return PipelineRecord(
        name=m["name"],
        arn=m["arn"],
        definition=m["definition"],
        role_arn=m["role_arn"],
        description=m["description"],
        display_name=m["display_name"],
        parallelism=m["parallelism"],
        version=m["version"],
        created_at=m["created_at"],
        last_modified_at=m["last_modified_at"],
    )


def execution_from_row(row: Row[Any]) -> ExecutionRecord:
    """An executions row as a record."""
    m = row._mapping
    return ExecutionRecord(
        arn=m["arn"],
        execution_id=m["execution_id"],
        pipeline_name=m["pipeline_name"],
        pipeline_arn=m["pipeline_arn"],
        definition=m["definition"],
        parameters=m["parameters"],
        status=ExecutionStatus(m["status"]),
        failure_reason=m["failure_reason"],
        display_name=m["display_name"],
        description=m["description"],
        parallelism=m["parallelism"],
        selective=m["selective"],
        created_at=m["created_at"],
        last_modified_at=m["last_modified_at"],
        owner=m["owner"],
        heartbeat_at=m["heartbeat_at"],
        stop_requested=bool(m["stop_requested"]),
        kind=m["kind"],
    )


def job_from_row(row: Row[Any]) -> JobRecord:
    """A jobs row as a record."""
    m = row._mapping
    return JobRecord(
        name=m["name"],
        kind=m["kind"],
        arn=m["arn"],
        status=JobStatus(m["status"]),
        describe=m["describe"],
        execution_arn=m["execution_arn"],
        step_name=m["step_name"],
        created_at=m["created_at"],
        last_modified_at=m["last_modified_at"],
    )
