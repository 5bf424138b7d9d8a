"""One connection factory: SQLite in WAL mode with immediate write transactions, or PostgreSQL.

Every repository runs SQL text through :meth:`Database.reading` and
:meth:`Database.writing`. On a SQLite file those use the standard library's driver, one
connection per thread: reads run outside transactions (WAL: they never block), writes in
``BEGIN IMMEDIATE`` transactions, so concurrent writers queue on the busy timeout instead
of failing with "database is locked" when a read lock upgrades. Such a process never
imports SQLAlchemy, whose import alone takes longer than a ``dagmaker executions list``
may.

PostgreSQL runs the same text at its default READ COMMITTED isolation through one pooled
SQLAlchemy engine (psycopg 3); repositories lock what they read-then-write (``SELECT ...
FOR UPDATE``, and ``SKIP LOCKED`` where workers claim work), which SQLite's single writer
makes unnecessary. SQLAlchemy's engines (also made for SQLite, on first use) apply the
migrations.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dagmaker.errors import InvalidRequest
from dagmaker.storage.home import prepare_database_file

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.engine import URL

BUSY_TIMEOUT_MS = 60_000
_FIELD = "DAGMAKER_DATABASE_URL"
# Threads of one process (a worker drives each execution in its own) share this pool.
_PG_POOL = {"pool_size": 5, "max_overflow": 30, "pool_timeout": 60, "pool_pre_ping": True}
_SQLITE_FILE_PREFIX = "sqlite:///"
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)

Params = Mapping[str, Any]


class SqlSession(Protocol):
    """Runs SQL text with ``:name`` parameters (the form both drivers accept)."""

    dialect: str

    def rows(self, sql: str, params: Params | None = None) -> list[dict[str, Any]]:
        """The result rows, each as a column → value dict."""
        ...

    def run(self, sql: str, params: Params | None = None) -> int:
        """Run a statement that returns no rows; the number of rows it changed."""
        ...


class Database:
    """One metadata database: SQL text sessions, and SQLAlchemy engines for migrations.

    Args:
        url: The SQLAlchemy URL.
        sqlite_file: The SQLite file, when the database is one (not ``:memory:``).
    """

    def __init__(self, url: str, sqlite_file: str | None = None) -> None:
        self.url = url
        self.sqlite_file = sqlite_file
        self._lock = threading.Lock()
        self._engines: tuple[Engine, Engine] | None = None
        self._local = threading.local()

    @property
    def reader(self) -> Engine:
        """The engine for reads (SQLite: deferred transactions)."""
        return self._engine_pair()[0]

    @property
    def writer(self) -> Engine:
        """The engine for writes (SQLite: ``BEGIN IMMEDIATE``)."""
        return self._engine_pair()[1]

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        if self.sqlite_file is not None or self.url.startswith("sqlite"):
            return "sqlite"
        return "postgresql"

    @property
    def shown_url(self) -> str:
        """The URL with any password hidden, for messages."""
        if self.sqlite_file is not None:
            return self.url
        return _shown(_parse(self.url))

    @contextmanager
    def reading(self) -> Iterator[SqlSession]:
        """A session for reads; each statement sees the latest committed data."""
        if self.sqlite_file is None:
            with self.reader.connect() as conn:
                yield _EngineSession(conn, self.dialect)
            return
        yield _SqliteSession(self._sqlite())

    @contextmanager
    def writing(self) -> Iterator[SqlSession]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        if self.sqlite_file is None:
            with self.writer.begin() as conn:
                yield _EngineSession(conn, self.dialect)
            return
        connection = self._sqlite()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield _SqliteSession(connection)
            connection.execute("COMMIT")
        except BaseException:
            # Also when COMMIT itself fails (a full disk): the connection must not stay
            # inside the transaction for this thread's next statement.
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def dispose(self) -> None:
        """Close pooled connections (e.g. after fork, or at shutdown)."""
        held = getattr(self._local, "connection", None)
        if held is not None:
            # A forked child drops its parent's connection without touching it.
            if held[0] == os.getpid():
                held[1].close()
            self._local.connection = None
        with self._lock:
            if self._engines is not None:
                self._engines[0].dispose()
                self._engines[1].dispose()

    def _sqlite(self) -> sqlite3.Connection:
        # One connection per thread and process: a forked child must not share its parent's.
        held = getattr(self._local, "connection", None)
        if held is not None and held[0] == os.getpid():
            connection: sqlite3.Connection = held[1]
            return connection
        assert self.sqlite_file is not None
        connection = sqlite3.connect(
            self.sqlite_file, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        for pragma in _SQLITE_PRAGMAS:
            connection.execute(pragma)
        self._local.connection = (os.getpid(), connection)
        return connection

    def _engine_pair(self) -> tuple[Engine, Engine]:
        with self._lock:
            if self._engines is None:
                self._engines = _engines(self.url)
            return self._engines


class _SqliteSession:
    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def rows(self, sql: str, params: Params | None = None) -> list[dict[str, Any]]:
        cursor = self.connection.execute(sql, _sqlite_values(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def run(self, sql: str, params: Params | None = None) -> int:
        return self.connection.execute(sql, _sqlite_values(params)).rowcount


class _EngineSession:
    def __init__(self, connection: Connection, dialect: str) -> None:
        self.connection = connection
        self.dialect = dialect

    def rows(self, sql: str, params: Params | None = None) -> list[dict[str, Any]]:
        from sqlalchemy import text

        result = self.connection.execute(text(sql), self._values(params))
        return [dict(row) for row in result.mappings()]

    def run(self, sql: str, params: Params | None = None) -> int:
        from sqlalchemy import text

        return int(self.connection.execute(text(sql), self._values(params)).rowcount)

    def _values(self, params: Params | None) -> dict[str, Any]:
        if self.dialect == "sqlite":
            return _sqlite_values(params)
        return dict(params or {})


def _sqlite_values(params: Params | None) -> dict[str, Any]:
    # The same text UtcDateTime writes: ISO-8601 in UTC with microseconds, so text order
    # is time order.
    values: dict[str, Any] = {}
    for name, value in (params or {}).items():
        if isinstance(value, datetime):
            aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
            value = aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
        values[name] = value
    return values


def open_database(url: str) -> Database:
    """Open (not migrate) the database at ``url``; creates the SQLite file's directory.

    Raises:
        InvalidRequest: for a URL that is malformed, names a database other than SQLite or
            PostgreSQL, or needs a driver that is not installed.
    """
    plain_file = _plain_sqlite_file(url)
    if plain_file is not None:
        return _sqlite_database(url, plain_file)
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        database = Database(url)
        database._engines = (engine := _postgres(parsed), engine)
        return database
    if backend != "sqlite":
        raise InvalidRequest(
            f"dagmaker keeps its metadata in SQLite or PostgreSQL, not {backend!r}",
            field=_FIELD,
            value=_shown(parsed),
            hint="Use postgresql+psycopg://user:password@host:5432/dbname, or unset it for "
            "SQLite under DAGMAKER_HOME.",
        )
    if parsed.database and parsed.database != ":memory:":
        return _sqlite_database(url, parsed.database)
    return Database(url)


def _plain_sqlite_file(url: str) -> str | None:
    # The default URL (a file under DAGMAKER_HOME) needs no URL parser.
    if not url.startswith(_SQLITE_FILE_PREFIX):
        return None
    path = url[len(_SQLITE_FILE_PREFIX) :]
    if not path or path == ":memory:" or any(c in path for c in "?#%"):
        return None
    return path


def _sqlite_database(url: str, file: str) -> Database:
    Path(file).parent.mkdir(parents=True, exist_ok=True)
    prepare_database_file(Path(file))
    return Database(url, file)


def _parse(url: str) -> URL:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

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


def _engines(url: str) -> tuple[Engine, Engine]:
    parsed = _parse(url)
    if parsed.get_backend_name() == "postgresql":
        engine = _postgres(parsed)
        return engine, engine
    return _sqlite(url, immediate=False), _sqlite(url, immediate=True)


def _postgres(parsed: URL) -> Engine:
    from sqlalchemy import create_engine

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
    from sqlalchemy import create_engine, event

    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN below be the only transaction control.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
