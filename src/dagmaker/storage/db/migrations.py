"""In-code migrations: named functions, each applied once in a transaction with its row.

A process that finds every migration applied (the usual case) has asked one question in
SQL text; the schema and SQLAlchemy are imported only when there is something to apply.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dagmaker.errors import InvalidRequest
from dagmaker.storage.db.connection import Database

if TYPE_CHECKING:
    from sqlalchemy import Connection

Migration = Callable[["Connection"], None]
MIGRATIONS: list[tuple[str, Migration]] = []
# Held for the migrating transaction so that processes starting together on one PostgreSQL
# database apply each migration once (SQLite's BEGIN IMMEDIATE already serialises them).
_MIGRATION_LOCK_ID = 0x6461676D616B6572  # "dagmaker"


def migration(name: str) -> Callable[[Migration], Migration]:
    """Register a migration under a permanent name (never rename one that shipped)."""

    def register(func: Migration) -> Migration:
        MIGRATIONS.append((name, func))
        return func

    return register


def creating(name: str, *tables: str) -> None:
    """Register a migration that creates ``tables`` as the schema defines them."""

    def create(conn: Connection) -> None:
        from dagmaker.storage.db import schema

        schema.metadata.create_all(conn, tables=[schema.metadata.tables[t] for t in tables])

    MIGRATIONS.append((name, create))


# Registered in this order, which is the order they are applied in.
creating("0001_initial", "pipelines", "executions", "events", "jobs", "cache_entries")
creating("0002_image_mappings", "image_mappings")
creating("0003_callbacks_and_lambdas", "callback_messages", "callback_tokens", "lambda_functions")
creating(
    "0004_models_and_registry",
    "models",
    "model_package_groups",
    "model_packages",
    "model_package_approvals",
)
# Superseded by 0006: jobs started on their own are executions now. Databases made before
# that still have its table; 0006 removes it.
creating("0005_job_requests")


@migration("0006_jobs_are_executions")
def _jobs_are_executions(conn: Connection) -> None:
    _add_column(conn, "executions", "kind", "VARCHAR(16) NOT NULL DEFAULT 'pipeline'")
    conn.exec_driver_sql("DROP TABLE IF EXISTS job_requests")


creating("0007_endpoints", "endpoint_configs", "endpoints")
creating(
    "0008_monitoring",
    "monitoring_job_definitions",
    "monitoring_schedules",
    "monitoring_runs",
    "monitoring_metrics",
)
creating("0009_emr_clusters", "emr_clusters")


@migration("0010_package_client_tokens")
def _package_client_tokens(conn: Connection) -> None:
    _add_column(conn, "model_packages", "client_token", "VARCHAR(64) NOT NULL DEFAULT ''")


creating("0011_resource_tags", "resource_tags")


def _add_column(conn: Connection, table: str, column: str, definition: str) -> None:
    # Databases made after the column joined the schema have it from create_all already.
    from sqlalchemy import inspect

    if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")


def migrate(db: Database) -> list[str]:
    """Apply pending migrations in order; return the names applied now.

    Raises:
        InvalidRequest: when the database cannot be reached (naming the URL).
    """
    if _all_applied(db):
        return []
    try:
        created = _create_sqlite_file(db)
    except sqlite3.DatabaseError:
        created = []  # a damaged file: the full path below reports it
    if created:
        return created
    from sqlalchemy.exc import OperationalError

    try:
        return _apply(db)
    except OperationalError as exc:
        raise InvalidRequest(
            f"cannot open the metadata database: {str(exc.orig).strip()}",
            field="DAGMAKER_DATABASE_URL",
            value=db.shown_url,
            hint="Check that the database server runs and the URL's host, port, user, "
            "password and database name are right.",
        ) from exc


def _all_applied(db: Database) -> bool:
    if db.sqlite_file is None:
        return False
    try:
        with db.reading() as sql:
            done = {row["name"] for row in sql.rows("SELECT name FROM schema_migrations")}
    except sqlite3.DatabaseError:
        # A new file has no table yet; a damaged one is reported by the full path.
        return False
    return all(name in done for name, _ in MIGRATIONS)


def _create_sqlite_file(db: Database) -> list[str]:
    """Make every table of an empty SQLite file at once; [] when the file has tables."""
    if db.sqlite_file is None:
        return []
    from dagmaker.storage.db.sqlite_ddl import STATEMENTS

    names = [name for name, _ in MIGRATIONS]
    now = datetime.now(UTC)
    # One write transaction: of several processes opening a new home together, the first
    # makes the tables and the others find them made.
    with db.writing() as sql:
        if sql.rows("SELECT name FROM sqlite_master WHERE type = 'table' LIMIT 1"):
            return []
        for statement in STATEMENTS:
            sql.run(statement)
        for name in names:
            sql.run(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (:name, :at)",
                {"name": name, "at": now},
            )
    return names


def _apply(db: Database) -> list[str]:
    from sqlalchemy import select, text

    from dagmaker.storage.db import schema

    with db.writer.begin() as conn:
        if db.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
        schema.metadata.create_all(conn, tables=[schema.migrations])
        done = set(conn.execute(select(schema.migrations.c.name)).scalars())
        applied = []
        for name, func in MIGRATIONS:
            if name in done:
                continue
            func(conn)
            conn.execute(schema.migrations.insert().values(name=name, applied_at=datetime.now(UTC)))
            applied.append(name)
    return applied
