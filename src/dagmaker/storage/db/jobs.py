"""Jobs repository: Describe* documents of processing/training/transform/tuning jobs."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from dagmaker.records.records import JobRecord
from dagmaker.storage.db import schema
from dagmaker.storage.db.codec import job_from_row
from dagmaker.storage.db.conflicts import upsert
from dagmaker.storage.db.connection import Database
from dagmaker.storage.problems import missing_job

_J = schema.jobs


class JobRepository:
    """SQL for the jobs table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, record: JobRecord) -> None:
        """Insert or replace a job's document (one statement: concurrent puts never collide)."""
        now = datetime.now(UTC)
        values = {
            "name": record.name,
            "kind": record.kind,
            "arn": record.arn,
            "status": record.status.value,
            "describe": record.describe,
            "execution_arn": record.execution_arn,
            "step_name": record.step_name,
            "last_modified_at": now,
            "created_at": record.created_at or now,
        }
        with self.db.writer.begin() as conn:
            upsert(conn, _J, ["name"], values, keep=["created_at"])

    def get(self, name: str, kind: str | None = None) -> JobRecord:
        """The job with this name (or ARN).

        Raises:
            NotFound: naming the job.
        """
        # SageMaker job names are unique regardless of case (ARNs carry them lower-cased).
        query = select(_J).where((func.lower(_J.c.name) == name.lower()) | (_J.c.arn == name))
        if kind:
            query = query.where(_J.c.kind == kind)
        with self.db.reader.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise missing_job(name, kind)
        return job_from_row(row)

    def list(self, kind: str | None = None, limit: int = 100) -> list[JobRecord]:
        """Jobs, newest first, optionally of one kind."""
        query = select(_J)
        if kind:
            query = query.where(_J.c.kind == kind)
        with self.db.reader.connect() as conn:
            rows = conn.execute(query.order_by(_J.c.created_at.desc()).limit(limit)).all()
        return [job_from_row(r) for r in rows]
