"""A new SQLite home is made from generated SQL text; it must be the schema, exactly."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from dagmaker.storage.db import migrations
from dagmaker.storage.db.connection import open_database

ROOT = Path(__file__).resolve().parents[2]


def _shape(file: Path) -> dict[str, object]:
    with sqlite3.connect(file) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        shape: dict[str, object] = {}
        for table in tables:
            columns = conn.execute(f"PRAGMA table_info({table})").fetchall()
            shape[table] = sorted((c[1], c[2], c[3], c[5]) for c in columns)
            indexes = conn.execute(f"PRAGMA index_list({table})").fetchall()
            shape[f"{table} indexes"] = sorted(
                (i[2], [c[2] for c in conn.execute(f"PRAGMA index_info('{i[1]}')")])
                for i in indexes
            )
        applied = conn.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
        shape["applied"] = [r[0] for r in applied]
    return shape


def test_the_generated_statements_are_what_the_schema_compiles_to() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import gen_sqlite_ddl
    finally:
        sys.path.pop(0)
    written = (ROOT / "src/dagmaker/storage/db/sqlite_ddl.py").read_text()
    assert written == gen_sqlite_ddl.render(), "run python tools/gen_sqlite_ddl.py"


def test_a_new_file_gets_the_same_tables_as_the_migrations_make(tmp_path: Path) -> None:
    fast, full = tmp_path / "fast.db", tmp_path / "full.db"
    fast_db, full_db = open_database(f"sqlite:///{fast}"), open_database(f"sqlite:///{full}")
    try:
        assert migrations.migrate(fast_db) == [name for name, _ in migrations.MIGRATIONS]
        assert migrations._apply(full_db) == [name for name, _ in migrations.MIGRATIONS]
        assert migrations.migrate(fast_db) == [] and migrations.migrate(full_db) == []
    finally:
        fast_db.dispose()
        full_db.dispose()
    assert _shape(fast) == _shape(full)
    assert sqlite3.connect(fast).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_opening_a_current_home_imports_no_sqlalchemy(tmp_path: Path) -> None:
    # What keeps `dagmaker executions list` and `upsert()` fast: neither making a new home
    # nor reading and writing pipelines pulls in SQLAlchemy.
    probe = (
        "import sys; from dagmaker.api import connect;"
        "c = connect(); c.list_pipelines(); c.list_processing_jobs();"
        "print(any(m.split('.')[0] == 'sqlalchemy' for m in sys.modules))"
    )
    env = {"DAGMAKER_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # a new home, then the same home again
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "False", done.stderr
