"""Unique-key conflicts, settled in one statement on SQLite and PostgreSQL alike.

"Check, then insert" loses races on PostgreSQL, where two transactions can both see a key
free (SQLite's single writer hides the race). So repositories let the unique constraint
decide, with ``INSERT ... ON CONFLICT``: both databases have it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table


def _insert(conn: Connection, table: Table, values: Mapping[str, Any]) -> Any:
    # Imported here: the PostgreSQL dialect costs a SQLite-only process 40 ms to import.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).values(**values)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).values(**values)


def insert_new(
    conn: Connection, table: Table, keys: Sequence[str], values: Mapping[str, Any]
) -> bool:
    """Insert ``values`` unless a row with the same ``keys`` exists; True if inserted."""
    statement = (
        _insert(conn, table, values)
        .on_conflict_do_nothing(index_elements=list(keys))
        .returning(table.c[keys[0]])
    )
    # RETURNING, not rowcount: SQLAlchemy reports no row count for INSERTs on psycopg.
    return conn.execute(statement).first() is not None


def upsert(
    conn: Connection,
    table: Table,
    keys: Sequence[str],
    values: Mapping[str, Any],
    *,
    keep: Sequence[str] = (),
) -> None:
    """Insert ``values``, or update the row with the same ``keys``, in one statement.

    Columns named in ``keep`` (e.g. ``created_at``) keep their stored value on update.
    """
    statement = _insert(conn, table, values)
    changes = {k: statement.excluded[k] for k in values if k not in keys and k not in keep}
    conn.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=changes))
