"""Pipelines repository (SQL text: saving and reading a pipeline never imports SQLAlchemy)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker.errors import Conflict, NotFound
from dagmaker.records.records import PipelineRecord
from dagmaker.storage.db.codec import encoded, pipeline_from_row
from dagmaker.storage.db.connection import Database

_COLUMNS = (
    "name, arn, definition, role_arn, description, display_name, parallelism, version, "
    "created_at, last_modified_at"
)
# ON CONFLICT ... DO NOTHING lets the unique key settle a race two creators run on
# PostgreSQL, where both can see the name free; RETURNING says who won.
_INSERT = (
    f"INSERT INTO pipelines ({_COLUMNS}) VALUES (:name, :arn, :definition, :role_arn, "
    ":description, :display_name, :parallelism, :version, :created_at, :last_modified_at) "
    "ON CONFLICT (name) DO NOTHING RETURNING name"
)
# The version is bumped in the same statement, so concurrent updates each count.
_UPDATE = (
    "UPDATE pipelines SET arn = :arn, definition = :definition, role_arn = :role_arn, "
    "description = :description, display_name = :display_name, parallelism = :parallelism, "
    "version = version + 1, last_modified_at = :last_modified_at WHERE name = :name "
    f"RETURNING {_COLUMNS}"
)
_SELECT = f"SELECT {_COLUMNS} FROM pipelines"


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
        with self.db.writing() as sql:
            inserted = sql.rows(_INSERT, values)
        if not inserted:
            raise Conflict(
                f"pipeline {record.name!r} already exists",
                pipeline=record.name,
                hint="Use update_pipeline (or Pipeline.upsert()) to change it.",
            )
        return self.get(record.name)

    def update(self, record: PipelineRecord) -> PipelineRecord:
        """Replace a pipeline's definition and settings, bumping its version.

        Raises:
            NotFound: naming the pipeline.
        """
        values = _values(record) | {"last_modified_at": datetime.now(UTC)}
        del values["version"]
        with self.db.writing() as sql:
            rows = sql.rows(_UPDATE, values)
        if not rows:
            raise _missing(record.name)
        return pipeline_from_row(rows[0])

    def get(self, name: str) -> PipelineRecord:
        """The pipeline called ``name``.

        Raises:
            NotFound: naming the pipeline.
        """
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} WHERE name = :name", {"name": name})
        if not rows:
            raise _missing(name)
        return pipeline_from_row(rows[0])

    def exists(self, name: str) -> bool:
        """Whether a pipeline called ``name`` exists."""
        with self.db.reading() as sql:
            return bool(sql.rows("SELECT name FROM pipelines WHERE name = :name", {"name": name}))

    def list(self) -> list[PipelineRecord]:
        """Every pipeline, newest first."""
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} ORDER BY created_at DESC")
        return [pipeline_from_row(r) for r in rows]

    def delete(self, name: str) -> None:
        """Delete the pipeline (its executions stay, as in SageMaker's history)."""
        self.get(name)
        with self.db.writing() as sql:
            sql.run("DELETE FROM pipelines WHERE name = :name", {"name": name})


def _values(record: PipelineRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "arn": record.arn,
        "definition": encoded(record.definition),
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
