"""What each database backend does beyond the shared contract: its connection settings and
the clear errors for URLs that cannot work. (The repositories' behaviour is in
tests/contracts, run on SQLite and PostgreSQL alike.)"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from dagmaker.errors import InvalidRequest
from dagmaker.storage.db.connection import open_database
from dagmaker.storage.db.migrations import migrate
from tests.backends.fixtures import postgres_url


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'nested' / 'meta.db'}")
    try:
        migrate(db)
        with db.reader.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert db.dialect == "sqlite"
    finally:
        db.dispose()


def test_postgres_keeps_aware_timestamps_and_json_as_text(request: pytest.FixtureRequest) -> None:
    # A bare postgresql:// URL is served by psycopg 3, the driver dagmaker[postgres] installs.
    url = postgres_url(request).replace("postgresql+psycopg://", "postgresql://")
    db = open_database(url)
    try:
        assert db.dialect == "postgresql" and db.writer.dialect.driver == "psycopg"
        columns = {c["name"]: c["type"] for c in inspect(db.writer).get_columns("events")}
        assert type(columns["at"]).__name__ == "TIMESTAMP" and columns["at"].timezone
        assert type(columns["payload"]).__name__ == "TEXT"
        with db.writer.connect() as conn:
            assert conn.execute(text("SHOW TIME ZONE")).scalar() is not None
    finally:
        db.dispose()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_an_unreachable_server_is_a_clear_error_without_the_password() -> None:
    db = open_database(f"postgresql+psycopg://me:s3cret@127.0.0.1:{_closed_port()}/meta")
    try:
        with pytest.raises(InvalidRequest, match="cannot open the metadata database") as caught:
            migrate(db)
    finally:
        db.dispose()
    error = caught.value
    assert error.field == "DAGMAKER_DATABASE_URL" and "s3cret" not in str(error)
    assert "me:***@127.0.0.1" in str(error.value) and error.hint


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "SQLite or PostgreSQL, not 'mysql'"),
        ("not a url", "cannot be read"),
        ("postgresql+psycopg2://u@h/db", r"driver for 'postgresql\+psycopg2' is not installed"),
    ],
    ids=["mysql", "unreadable", "psycopg2"],
)
def test_unusable_urls_are_refused_naming_the_setting(url: str, message: str) -> None:
    with pytest.raises(InvalidRequest, match=message) as caught:
        open_database(url)
    assert caught.value.field == "DAGMAKER_DATABASE_URL" and caught.value.hint
