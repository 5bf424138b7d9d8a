"""Jobs repository: Describe* documents of processing/training/transform/tuning jobs."""

from __future__ import annotations

from datetime import UTC, datetime

from dagmaker.records.records import JobRecord
from dagmaker.storage.db.codec import encoded, job_from_row
from dagmaker.storage.db.connection import Database
from dagmaker.storage.problems import missing_job

_COLUMNS = (
    "name, kind, arn, status, describe, execution_arn, step_name, created_at, last_modified_at"
)
# One statement, so concurrent puts never collide; a replaced job keeps its creation time.
_PUT = (
    f"INSERT INTO jobs ({_COLUMNS}) VALUES (:name, :kind, :arn, :status, :describe, "
    ":execution_arn, :step_name, :created_at, :last_modified_at) ON CONFLICT (name) DO UPDATE "
    "SET kind = excluded.kind, arn = excluded.arn, status = excluded.status, "
    "describe = excluded.describe, execution_arn = excluded.execution_arn, "
    "step_name = excluded.step_name, last_modified_at = excluded.last_modified_at"
)
_SELECT = f"SELECT {_COLUMNS} FROM jobs"


class JobRepository:
    """SQL for the jobs table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, record: JobRecord) -> None:
        """Insert or replace a job's document."""
        now = datetime.now(UTC)
        values = {
            "name": record.name,
            "kind": record.kind,
            "arn": record.arn,
            "status": record.status.value,
            "describe": encoded(record.describe),
            "execution_arn": record.execution_arn,
            "step_name": record.step_name,
            "last_modified_at": now,
            "created_at": record.created_at or now,
        }
        with self.db.writing() as sql:
            sql.run(_PUT, values)

    def get(self, name: str, kind: str | None = None) -> JobRecord:
        """The job with this name (or ARN).

        Raises:
            NotFound: naming the job.
        """
        # SageMaker job names are unique regardless of case (ARNs carry them lower-cased).
        query = f"{_SELECT} WHERE (lower(name) = :lowered OR arn = :name)"
        if kind:
            query += " AND kind = :kind"
        with self.db.reading() as sql:
            rows = sql.rows(query, {"lowered": name.lower(), "name": name, "kind": kind})
        if not rows:
            raise missing_job(name, kind)
        return job_from_row(rows[0])

    def list(self, kind: str | None = None, limit: int = 100) -> list[JobRecord]:
        """Jobs, newest first, optionally of one kind."""
        query = _SELECT + (" WHERE kind = :kind" if kind else "")
        with self.db.reading() as sql:
            rows = sql.rows(
                f"{query} ORDER BY created_at DESC LIMIT :limit", {"kind": kind, "limit": limit}
            )
        return [job_from_row(r) for r in rows]
