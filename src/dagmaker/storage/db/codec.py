"""Turn rows read as SQL text into records.

Values arrive as the driver returns them: SQLite gives timestamps as the ISO-8601 text
``UtcDateTime`` writes and JSON documents as text; PostgreSQL gives ``timestamptz`` as
aware datetimes and (``JsonDocument``) documents as text too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from dagmaker.records.records import ExecutionRecord, JobRecord, PipelineRecord
from dagmaker.records.statuses import ExecutionStatus, JobStatus

Row = Mapping[str, Any]


def moment(value: Any) -> datetime | None:
    """A timestamp column's value as an aware UTC datetime (SQL NULL stays ``None``)."""
    if value is None:
        return None
    return instant(value)


def instant(value: Any) -> datetime:
    """A NOT NULL timestamp column's value as an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.fromisoformat(value)


def document(value: Any) -> Any:
    """A JSON column's value, parsed (SQL NULL stays ``None``)."""
    if value is None or not isinstance(value, str | bytes):
        return value
    return json.loads(value)


def encoded(value: Any) -> str:
    """A JSON column's text, as SQLAlchemy's JSON type and ``JsonDocument`` write it."""
    return json.dumps(value)


def pipeline_from_row(m: Row) -> PipelineRecord:
    """A pipelines row as a record."""
    return PipelineRecord(
        name=m["name"],
        arn=m["arn"],
        definition=document(m["definition"]),
        role_arn=m["role_arn"],
        description=m["description"],
        display_name=m["display_name"],
        parallelism=m["parallelism"],
        version=m["version"],
        created_at=moment(m["created_at"]),
        last_modified_at=moment(m["last_modified_at"]),
    )


def execution_from_row(m: Row) -> ExecutionRecord:
    """An executions row as a record."""
    return ExecutionRecord(
        arn=m["arn"],
        execution_id=m["execution_id"],
        pipeline_name=m["pipeline_name"],
        pipeline_arn=m["pipeline_arn"],
        definition=document(m["definition"]),
        parameters=document(m["parameters"]),
        status=ExecutionStatus(m["status"]),
        failure_reason=m["failure_reason"],
        display_name=m["display_name"],
        description=m["description"],
        parallelism=m["parallelism"],
        selective=document(m["selective"]),
        created_at=moment(m["created_at"]),
        last_modified_at=moment(m["last_modified_at"]),
        owner=m["owner"],
        heartbeat_at=moment(m["heartbeat_at"]),
        stop_requested=bool(m["stop_requested"]),
        kind=m["kind"],
    )


def job_from_row(m: Row) -> JobRecord:
    """A jobs row as a record."""
    return JobRecord(
        name=m["name"],
        kind=m["kind"],
        arn=m["arn"],
        status=JobStatus(m["status"]),
        describe=document(m["describe"]),
        execution_arn=m["execution_arn"],
        step_name=m["step_name"],
        created_at=moment(m["created_at"]),
        last_modified_at=moment(m["last_modified_at"]),
    )
