"""Monitoring job definitions repository (``Create<Type>JobDefinition`` documents)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, select

from dagmaker.errors import Conflict, NotFound
from dagmaker.records.monitoring import JobDefinitionRecord
from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import Database

_D = schema.monitoring_job_definitions


class JobDefinitionRepository:
    """SQL for the monitoring job definitions table; names are unique across types."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, record: JobDefinitionRecord) -> JobDefinitionRecord:
        """Store a new definition.

        Raises:
            Conflict: when a definition with that name exists (of any type).
        """
        now = record.created_at or datetime.now(UTC)
        with self.db.writer.begin() as conn:
            if conn.execute(select(_D.c.name).where(_D.c.name == record.name)).first():
                raise Conflict(
                    f"a monitoring job definition named {record.name!r} already exists",
                    field="JobDefinitionName",
                    value=record.name,
                )
            conn.execute(
                _D.insert().values(
                    name=record.name,
                    monitoring_type=record.monitoring_type,
                    arn=record.arn,
                    request=record.request,
                    endpoint_name=record.endpoint_name,
                    tags=record.tags,
                    created_at=now,
                )
            )
        return self.get(record.name, record.monitoring_type)

    def get(self, name: str, monitoring_type: str | None = None) -> JobDefinitionRecord:
        """The definition with this name (and type, when given).

        Raises:
            NotFound: naming the definition.
        """
        query = select(_D).where(_D.c.name == name)
        if monitoring_type:
            query = query.where(_D.c.monitoring_type == monitoring_type)
        with self.db.reader.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            kind = _words(monitoring_type) if monitoring_type else "monitoring"
            raise NotFound(
                f"{kind} job definition {name!r} does not exist",
                field="JobDefinitionName",
                value=name,
            )
        return _record(row)

    def list(self, monitoring_type: str) -> list[JobDefinitionRecord]:
        """Every definition of one type, oldest first."""
        query = select(_D).where(_D.c.monitoring_type == monitoring_type)
        with self.db.reader.connect() as conn:
            rows = conn.execute(query.order_by(_D.c.created_at, _D.c.name)).all()
        return [_record(r) for r in rows]

    def delete(self, name: str, monitoring_type: str) -> None:
        """Remove a definition.

        Raises:
            NotFound: when there is no such definition of that type.
        """
        with self.db.writer.begin() as conn:
            gone = conn.execute(
                _D.delete().where((_D.c.name == name) & (_D.c.monitoring_type == monitoring_type))
            ).rowcount
        if not gone:
            raise NotFound(
                f"{_words(monitoring_type)} job definition {name!r} does not exist",
                field="JobDefinitionName",
                value=name,
            )


def _words(monitoring_type: str) -> str:
    # DataQuality -> "data quality"
    out = "".join(f" {c.lower()}" if c.isupper() else c for c in monitoring_type)
    return out.strip()


def _record(row: Row[Any]) -> JobDefinitionRecord:
    m = row._mapping
    return JobDefinitionRecord(
        name=m["name"],
        monitoring_type=m["monitoring_type"],
        arn=m["arn"],
        request=m["request"],
        endpoint_name=m["endpoint_name"],
        tags=list(m["tags"] or []),
        created_at=m["created_at"],
    )
