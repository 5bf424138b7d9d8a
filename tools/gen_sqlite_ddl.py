"""Regenerate src/dagmaker/storage/db/sqlite_ddl.py from the SQLAlchemy schema.

python tools/gen_sqlite_ddl.py
"""

from __future__ import annotations

from pathlib import Path

from dagmaker.storage.db.schema import sqlite_ddl

TARGET = Path(__file__).resolve().parents[1] / "src/dagmaker/storage/db/sqlite_ddl.py"
HEADER = '''"""The schema's tables and indexes for a new SQLite file, as SQL text.

Generated from :mod:`dagmaker.storage.db.schema` by ``tools/gen_sqlite_ddl.py``; do not
edit. A new home is made with these (no SQLAlchemy import); a test checks they are what
the schema compiles to now.
"""

STATEMENTS = (
'''


def _literal(statement: str) -> str:
    # The quotes ruff format would choose, so the written file is already formatted.
    return repr(statement) if '"' in statement else f'"{statement}"'


def render() -> str:
    """The module's text."""
    body = "".join(f"    {_literal(statement)},\n" for statement in sqlite_ddl())
    return HEADER + body + ")\n"


if __name__ == "__main__":
    TARGET.write_text(render())
    print(f"wrote {TARGET}")
