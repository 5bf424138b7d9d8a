"""One connection factory: SQLite in WAL mode with immediate write transactions, or PostgreSQL.

Two SQLite engines share the file: a reader (deferred transactions, never blocks other
readers) and a writer (``BEGIN IMMEDIATE``, so concurrent writers queue on the busy
timeout instead of failing with "database is locked" when a read lock upgrades).

PostgreSQL runs at its default READ COMMITTED isolation through one pooled engine (psycopg
3); repositories lock what they read-then-write (``SELECT ... FOR UPDATE``, and ``SKIP
LOCKED`` where workers claim work), which SQLite's single writer makes unnecessary.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from dagmaker.errors import InvalidRequest
from dagmaker.storage.home import prepare_database_file

BUSY_TIMEOUT_MS = 60_000
_FIELD = "DAGMAKER_DATABASE_URL"
# Threads of one process (a worker drives each execution in its own) share this pool.
_PG_POOL = {"pool_size": 5, "max_overflow": 30, "pool_timeout": 60, "pool_pre_ping": True}


@dataclass(frozen=True)
class Database:
    """The reader and writer engines for one metadata database."""

    url: str
    reader: Engine
    writer: Engine

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.writer.dialect.name

    @property
    def shown_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return _shown(make_url(self.url))

    def dispose(self) -> None:
        """Close pooled connections (e.g. after fork, or at shutdown)."""
        self.reader.dispose()
        self.writer.dispose()


def open_database(url: str) -> Database:
    """Open (not migrate) the database at ``url``; creates the SQLite file's directory.

    Raises:
        InvalidRequest: for a URL that is malformed, names a database other than SQLite or
            PostgreSQL, or needs a driver that is not installed.
    """
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        engine = _postgres(parsed)
        return Database(url, engine, engine)
    if backend != "sqlite":
        raise InvalidRequest(
            f"dagmaker keeps its metadata in SQLite or PostgreSQL, not {backend!r}",
            field=_FIELD,
            value=_shown(parsed),
            hint="Use postgresql+psycopg://user:password@host:5432/dbname, or unset it for "
            "SQLite under DAGMAKER_HOME.",
        )
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        prepare_database_file(Path(parsed.database))
    return Database(url, _sqlite(url, immediate=False), _sqlite(url, immediate=True))


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise InvalidRequest(
            "the database URL cannot be read",
            field=_FIELD,
            hint="Example: postgresql+psycopg://user:password@host:5432/dbname",
        ) from exc


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _postgres(parsed: URL) -> Engine:
    # A bare postgresql:// would pick psycopg2; dagmaker[postgres] installs psycopg 3.
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, **_PG_POOL)
    except ModuleNotFoundError as exc:
        raise InvalidRequest(
            f"the PostgreSQL driver for {parsed.drivername!r} is not installed ({exc.name})",
            field=_FIELD,
            value=_shown(parsed),
            hint="pip install 'dagmaker[postgres]' installs psycopg 3, which "
            "postgresql:// and postgresql+psycopg:// URLs use.",
        ) from exc


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
