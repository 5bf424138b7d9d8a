"""The step cache index (implements the engine's ``CacheIndex`` port)."""

from __future__ import annotations

from datetime import datetime

from dagmaker.records.records import CacheEntry
from dagmaker.storage.db.codec import Row, document, encoded, instant
from dagmaker.storage.db.connection import Database

_COLUMNS = (
    'pipeline_name, step_name, step_type, "key", arguments, execution_arn, properties, '
    "metadata, created_at"
)
_SELECT = f"SELECT {_COLUMNS} FROM cache_entries"
_NEWEST = "ORDER BY created_at DESC LIMIT 1"


class SqlCacheIndex:
    """Earlier successful step runs, by pipeline and cache key."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def lookup(self, pipeline_name: str, key: str, not_before: datetime) -> CacheEntry | None:
        """The newest entry with ``key`` created at or after ``not_before``."""
        return self._one(
            f'{_SELECT} WHERE pipeline_name = :pipeline AND "key" = :key '
            f"AND created_at >= :not_before {_NEWEST}",
            {"pipeline": pipeline_name, "key": key, "not_before": not_before},
        )

    def latest(self, pipeline_name: str, step_name: str) -> CacheEntry | None:
        """The newest entry for a step whatever its key."""
        return self._one(
            f"{_SELECT} WHERE pipeline_name = :pipeline AND step_name = :step {_NEWEST}",
            {"pipeline": pipeline_name, "step": step_name},
        )

    def record(self, entry: CacheEntry) -> None:
        """Remember a successful run."""
        with self.db.writing() as sql:
            sql.run(
                f"INSERT INTO cache_entries ({_COLUMNS}) VALUES (:pipeline_name, :step_name, "
                ":step_type, :key, :arguments, :execution_arn, :properties, :metadata, "
                ":created_at)",
                {
                    "pipeline_name": entry.pipeline_name,
                    "step_name": entry.step_name,
                    "step_type": entry.step_type,
                    "key": entry.key,
                    "arguments": encoded(entry.arguments),
                    "execution_arn": entry.execution_arn,
                    "properties": encoded(entry.properties),
                    "metadata": encoded(entry.metadata),
                    "created_at": entry.created_at,
                },
            )

    def _one(self, query: str, params: dict[str, object]) -> CacheEntry | None:
        with self.db.reading() as sql:
            rows = sql.rows(query, params)
        return _entry(rows[0]) if rows else None


def _entry(m: Row) -> CacheEntry:
    return CacheEntry(
        pipeline_name=m["pipeline_name"],
        step_name=m["step_name"],
        step_type=m["step_type"],
        key=m["key"],
        arguments=document(m["arguments"]),
        execution_arn=m["execution_arn"],
        properties=document(m["properties"]),
        metadata=document(m["metadata"]),
        created_at=instant(m["created_at"]),
    )
