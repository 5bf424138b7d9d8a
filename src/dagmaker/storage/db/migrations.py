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


@migration("0001_initial")
def _initial(conn: Connection) -> None:
    from dagmaker.storage.db import schema

    tables = [
        schema.pipelines,
        schema.executions,
        schema.events,
        schema.jobs,
        schema.cache_entries,
    ]
    schema.metadata.create_all(conn, tables=tables)


@migration("0002_image_mappings")
def _image_mappings(conn: Connection) -> None:
    from dagmaker.storage.db import schema

    schema.metadata.create_all(conn, tables=[schema.image_mappings])


@migration("0003_callbacks_and_lambdas")
def _callbacks_and_lambdas(conn: Connection) -> None:
    from dagmaker.storage.db import schema

    tables = [schema.callback_messages, schema.callback_tokens, schema.lambda_functions]
    schema.metadata.create_all(conn, tables=tables)


@migration("0004_models_and_registry")
def _models_and_registry(conn: Connection) -> None:
    from dagmaker.storage.db import schema

    tables = [
        schema.models,
        schema.model_package_groups,
        schema.model_packages,
        schema.model_package_approvals,
    ]
    schema.metadata.create_all(conn, tables=tables)


@migration("0005_job_requests")
def _job_requests(conn: Connection) -> None:
    # Superseded by 0006: jobs started on their own are executions now. Databases made
    # before that still have the table; 0006 removes it.
    return


@migration("0006_jobs_are_executions")
def _jobs_are_executions(conn: Connection) -> None:
    from sqlalchemy import inspect

    columns = {c["name"] for c in inspect(conn).get_columns("executions")}
    if "kind" not in columns:
        conn.exec_driver_sql(
            "ALTER TABLE executions ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'pipeline'"
        )
    conn.exec_driver_sql("DROP TABLE IF EXISTS job_requests")


@migration("0007_endpoints")
def _endpoints(conn: Connection) -> None:
    from dagmaker.storage.db import schema

    schema.metadata.create_all(conn, tables=[schema.endpoint_configs, schema.endpoints])


@migration("0008_monitoring")
def _monitoring(conn: Connection) -> None:
    from dagmaker.storage.db import schema

    tables = [
        schema.monitoring_job_definitions,
        schema.monitoring_schedules,
        schema.monitoring_runs,
        schema.monitoring_metrics,
    ]
    schema.metadata.create_all(conn, tables=tables)


@migration("0009_emr_clusters")
def _emr_clusters(conn: Connection) -> None:
    from dagmaker.storage.db import schema

    schema.metadata.create_all(conn, tables=[schema.emr_clusters])


@migration("0010_package_client_tokens")
def _package_client_tokens(conn: Connection) -> None:
    from sqlalchemy import inspect

    columns = {c["name"] for c in inspect(conn).get_columns("model_packages")}
    if "client_token" not in columns:
        conn.exec_driver_sql(
            "ALTER TABLE model_packages ADD COLUMN client_token VARCHAR(64) NOT NULL DEFAULT ''"
        )


@migration("0011_resource_tags")
def _resource_tags(conn: Connection) -> None:
    from dagmaker.storage.db import schema

    schema.metadata.create_all(conn, tables=[schema.resource_tags])


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
