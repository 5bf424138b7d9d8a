"""Monitoring job definitions repository (``Create<Type>JobDefinition`` documents)."""

from __future__ import annotations

from datetime import UTC, datetime

from dagmaker.errors import Conflict, NotFound
from dagmaker.records.monitoring import JobDefinitionRecord
from dagmaker.storage.db.codec import Row, document, encoded, moment
from dagmaker.storage.db.connection import Database

_COLUMNS = "name, monitoring_type, arn, request, endpoint_name, tags, created_at"
# ON CONFLICT ... DO NOTHING lets the primary key settle a race two creators run on
# PostgreSQL, where both can see the name free; RETURNING says who won.
_INSERT = (
    f"INSERT INTO monitoring_job_definitions ({_COLUMNS}) VALUES (:name, :monitoring_type, "
    ":arn, :request, :endpoint_name, :tags, :created_at) "
    "ON CONFLICT (name) DO NOTHING RETURNING name"
)
_SELECT = f"SELECT {_COLUMNS} FROM monitoring_job_definitions"


class JobDefinitionRepository:
    """SQL for the monitoring job definitions table; names are unique across types."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, record: JobDefinitionRecord) -> JobDefinitionRecord:
        """Store a new definition.

        Raises:
            Conflict: when a definition with that name exists (of any type).
        """
        values = {
            "name": record.name,
            "monitoring_type": record.monitoring_type,
            "arn": record.arn,
            "request": encoded(record.request),
            "endpoint_name": record.endpoint_name,
            "tags": encoded(record.tags),
            "created_at": record.created_at or datetime.now(UTC),
        }
        with self.db.writing() as sql:
            inserted = sql.rows(_INSERT, values)
        if not inserted:
            raise Conflict(
                f"a monitoring job definition named {record.name!r} already exists",
                field="JobDefinitionName",
                value=record.name,
            )
        return self.get(record.name, record.monitoring_type)

    def get(self, name: str, monitoring_type: str | None = None) -> JobDefinitionRecord:
        """The definition with this name (and type, when given).

        Raises:
            NotFound: naming the definition.
        """
        query = f"{_SELECT} WHERE name = :name"
        if monitoring_type:
            query += " AND monitoring_type = :monitoring_type"
        with self.db.reading() as sql:
            rows = sql.rows(query, {"name": name, "monitoring_type": monitoring_type})
        if not rows:
            kind = _words(monitoring_type) if monitoring_type else "monitoring"
            raise NotFound(
                f"{kind} job definition {name!r} does not exist",
                field="JobDefinitionName",
                value=name,
            )
        return _record(rows[0])

    def list(self, monitoring_type: str) -> list[JobDefinitionRecord]:
        """Every definition of one type, oldest first."""
        with self.db.reading() as sql:
            rows = sql.rows(
                f"{_SELECT} WHERE monitoring_type = :monitoring_type ORDER BY created_at, name",
                {"monitoring_type": monitoring_type},
            )
        return [_record(r) for r in rows]

    def delete(self, name: str, monitoring_type: str) -> None:
        """Remove a definition.

        Raises:
            NotFound: when there is no such definition of that type.
        """
        with self.db.writing() as sql:
            gone = sql.run(
                "DELETE FROM monitoring_job_definitions "
                "WHERE name = :name AND monitoring_type = :monitoring_type",
                {"name": name, "monitoring_type": monitoring_type},
            )
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


def _record(m: Row) -> JobDefinitionRecord:
    return JobDefinitionRecord(
        name=m["name"],
        monitoring_type=m["monitoring_type"],
        arn=m["arn"],
        request=document(m["request"]),
        endpoint_name=m["endpoint_name"],
        tags=list(document(m["tags"]) or []),
        created_at=moment(m["created_at"]),
    )
