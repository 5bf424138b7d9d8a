"""Migrations on every database: applied once, in order, even by processes starting together."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import open_database
from dagmaker.storage.db.migrations import MIGRATIONS, migrate
from tests.backends.fixtures import DATABASES, postgres_url

NAMES = [name for name, _ in MIGRATIONS]


@pytest.fixture(params=DATABASES)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.db'}"
    return postgres_url(request, migrated=False)


def test_migrations_apply_once_in_order(empty_url: str) -> None:
    db = open_database(empty_url)
    try:
        assert migrate(db) == NAMES == sorted(NAMES)
        assert migrate(db) == []
        tables = set(inspect(db.writer).get_table_names())
        assert set(schema.metadata.tables) <= tables
        with db.reader.connect() as conn:
            rows = conn.execute(select(schema.migrations)).all()
        assert sorted(r.name for r in rows) == NAMES
        assert all(r.applied_at.tzinfo is not None for r in rows)
    finally:
        db.dispose()


MIGRATOR = """
import sys, time
from pathlib import Path
from sqlalchemy import text
from dagmaker.storage.db.connection import open_database
from dagmaker.storage.db.migrations import migrate
db = open_database(sys.argv[1])
with db.writer.connect() as conn:
    conn.execute(text("SELECT 1"))  # connected before the start signal
while not Path(sys.argv[2]).exists():
    time.sleep(0.002)
print(",".join(migrate(db)))
"""


def test_processes_starting_together_migrate_once(empty_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATOR, empty_url, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    go.touch()
    applied = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        applied.append([name for name in out.strip().split(",") if name])
    # Exactly one process applied everything; the others found nothing left to do.
    assert sorted(applied, key=len) == [[], [], [], NAMES]
