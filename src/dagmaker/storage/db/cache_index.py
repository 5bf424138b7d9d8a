"""The step cache index (implements the engine's ``CacheIndex`` port)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, select

from dagmaker.records.records import CacheEntry
from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import Database

_C = schema.cache_entries


class SqlCacheIndex:
    """Earlier successful step runs, by pipeline and cache key."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def lookup(self, pipeline_name: str, key: str, not_before: datetime) -> CacheEntry | None:
        """The newest entry with ``key`` created at or after ``not_before``."""
        query = (
            select(_C)
            .where(
                _C.c.pipeline_name == pipeline_name, _C.c.key == key, _C.c.created_at >= not_before
            )
            .order_by(_C.c.created_at.desc())
            .limit(1)
        )
        return self._one(query)

    def latest(self, pipeline_name: str, step_name: str) -> CacheEntry | None:
        """The newest entry for a step whatever its key."""
        query = (
            select(_C)
            .where(_C.c.pipeline_name == pipeline_name, _C.c.step_name == step_name)
            .order_by(_C.c.created_at.desc())
            .limit(1)
        )
        return self._one(query)

    def record(self, entry: CacheEntry) -> None:
        """Remember a successful run."""
        with self.db.writer.begin() as conn:
            conn.execute(
                _C.insert().values(
                    pipeline_name=entry.pipeline_name,
                    step_name=entry.step_name,
                    step_type=entry.step_type,
                    key=entry.key,
                    arguments=entry.arguments,
                    execution_arn=entry.execution_arn,
                    properties=entry.properties,
                    metadata=entry.metadata,
                    created_at=entry.created_at,
                )
            )

    def _one(self, query: Any) -> CacheEntry | None:
        with self.db.reader.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else self._entry(row)

    def _entry(self, row: Row[Any]) -> CacheEntry:
        m = row._mapping
        return CacheEntry(
            pipeline_name=m["pipeline_name"],
            step_name=m["step_name"],
            step_type=m["step_type"],
            key=m["key"],
            arguments=m["arguments"],
            execution_arn=m["execution_arn"],
            properties=m["properties"],
            metadata=m["metadata"],
            created_at=m["created_at"],
        )
