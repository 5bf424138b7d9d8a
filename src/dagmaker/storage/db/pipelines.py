"""Pipelines repository."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from dagmaker.errors import Conflict, NotFound
from dagmaker.records.records import PipelineRecord
from dagmaker.storage.db import schema
from dagmaker.storage.db.codec import pipeline_from_row
from dagmaker.storage.db.conflicts import insert_new
from dagmaker.storage.db.connection import Database

_T = schema.pipelines


class PipelineRepository:
    """SQL for the pipelines table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, record: PipelineRecord) -> PipelineRecord:
        """Insert a new pipeline.

        Raises:
            Conflict: when a pipeline with that name exists.
        """
        now = datetime.now(UTC)
        values = _values(record) | {"created_at": now, "last_modified_at": now}
        with self.db.writer.begin() as conn:
            if not insert_new(conn, _T, ["name"], values):
                raise Conflict(
                    f"pipeline {record.name!r} already exists",
                    pipeline=record.name,
                    hint="Use update_pipeline (or Pipeline.upsert()) to change it.",
                )
        return self.get(record.name)

    def update(self, record: PipelineRecord) -> PipelineRecord:
        """Replace a pipeline's definition and settings, bumping its version.

        The version is bumped in the same statement, so concurrent updates each count.

        Raises:
            NotFound: naming the pipeline.
        """
        values = _values(record) | {"version": _T.c.version + 1}
        with self.db.writer.begin() as conn:
            row = conn.execute(
                _T.update()
                .where(_T.c.name == record.name)
                .values(**values, last_modified_at=datetime.now(UTC))
                .returning(*_T.c)
            ).first()
        if row is None:
            raise _missing(record.name)
        return pipeline_from_row(row)

    def get(self, name: str) -> PipelineRecord:
        """The pipeline called ``name``.

        Raises:
            NotFound: naming the pipeline.
        """
        with self.db.reader.connect() as conn:
            row = conn.execute(select(_T).where(_T.c.name == name)).first()
        if row is None:
            raise _missing(name)
        return pipeline_from_row(row)

    def exists(self, name: str) -> bool:
        """Whether a pipeline called ``name`` exists."""
        with self.db.reader.connect() as conn:
            return conn.execute(select(_T.c.name).where(_T.c.name == name)).first() is not None

    def list(self) -> list[PipelineRecord]:
        """Every pipeline, newest first."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(_T).order_by(_T.c.created_at.desc())).all()
        return [pipeline_from_row(r) for r in rows]

    def delete(self, name: str) -> None:
        """Delete the pipeline (its executions stay, as in SageMaker's history)."""
        self.get(name)
        with self.db.writer.begin() as conn:
            conn.execute(_T.delete().where(_T.c.name == name))


def _values(record: PipelineRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "arn": record.arn,
        "definition": record.definition,
        "role_arn": record.role_arn,
        "description": record.description,
        "display_name": record.display_name,
        "parallelism": record.parallelism,
        "version": record.version,
    }


def _missing(name: str) -> NotFound:
    return NotFound(
        f"pipeline {name!r} does not exist",
        pipeline=name,
        hint="Create it first: Pipeline.create() or `dagmaker run`.",
    )
