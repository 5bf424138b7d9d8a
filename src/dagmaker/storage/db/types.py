"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

_POSTGRES = "postgresql"


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes.

    SQLite keeps ISO-8601 text (``...+00:00``, microseconds always written, so text order
    is time order); PostgreSQL keeps ``timestamptz``. Either way a naive value is taken
    as UTC on the way in, and an aware UTC value comes back out.
    """

    impl = String(32)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """``timestamptz`` on PostgreSQL, text elsewhere."""
        if dialect.name == _POSTGRES:
            return dialect.type_descriptor(DateTime(timezone=True))
        return dialect.type_descriptor(String(32))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        """Normalise to UTC (text on SQLite)."""
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        utc = value.astimezone(UTC)
        if dialect.name == _POSTGRES:
            return utc
        return utc.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Parse back to an aware UTC datetime."""
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.astimezone(UTC)
        return datetime.fromisoformat(value)


class JsonDocument(TypeDecorator[Any]):
    """A JSON document that round-trips exactly the same on every database.

    SQLite keeps its JSON column. On PostgreSQL the document is kept as text, not
    ``json``/``jsonb``: Python's ``json`` writes ``NaN`` and ``Infinity`` (a job's metric can
    be ``nan``) and escaped NUL characters, which PostgreSQL's JSON types refuse, and nothing
    queries inside these documents. ``None`` is the JSON text ``null`` on both.
    """

    impl = JSON
    cache_ok = True
    should_evaluate_none = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Text on PostgreSQL, JSON elsewhere."""
        if dialect.name == _POSTGRES:
            return Text()
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Serialise for PostgreSQL; SQLite's JSON type serialises by itself."""
        if dialect.name != _POSTGRES:
            return value
        return json.dumps(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """Parse PostgreSQL's text; SQLite's JSON type has parsed already."""
        if dialect.name != _POSTGRES or value is None:
            return value
        return json.loads(value)
