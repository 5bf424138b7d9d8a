"""One connection factory: SQLite in WAL mode with immediate write transactions, or PostgreSQL.

Two engines share the file: a reader (deferred transactions, never blocks other
readers) and a writer (``BEGIN IMMEDIATE``, so concurrent writers queue on the busy
timeout instead of failing with "database is locked" when a read lock upgrades).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from dagmaker.storage.home import prepare_database_file

BUSY_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class Database:
    """The reader and writer engines for one metadata database."""

    url: str
    reader: Engine
    writer: Engine

    def dispose(self) -> None:
        """Close pooled connections (e.g. after fork, or at shutdown)."""
        self.reader.dispose()
        self.writer.dispose()


def open_database(url: str) -> Database:
    """Open (not migrate) the database at ``url``; creates the SQLite file's directory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True)
        return Database(url, engine, engine)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        prepare_database_file(Path(parsed.database))
    return Database(url, _sqlite(url, immediate=False), _sqlite(url, immediate=True))


def _sqlite(url: str, *, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN below be the only transaction control.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
