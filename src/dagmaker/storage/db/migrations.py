"""In-code migrations: named functions, each applied once in a transaction with its row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select, text
from sqlalchemy.exc import OperationalError

from dagmaker.errors import InvalidRequest
from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import Database

Migration = Callable[[Connection], None]
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
    schema.metadata.create_all(conn, tables=[schema.image_mappings])


@migration("0003_callbacks_and_lambdas")
def _callbacks_and_lambdas(conn: Connection) -> None:
    tables = [schema.callback_messages, schema.callback_tokens, schema.lambda_functions]
    schema.metadata.create_all(conn, tables=tables)


@migration("0004_models_and_registry")
def _models_and_registry(conn: Connection) -> None:
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
    columns = {c["name"] for c in inspect(conn).get_columns("executions")}
    if "kind" not in columns:
        conn.exec_driver_sql(
            "ALTER TABLE executions ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'pipeline'"
        )
    conn.exec_driver_sql("DROP TABLE IF EXISTS job_requests")


@migration("0007_endpoints")
def _endpoints(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.endpoint_configs, schema.endpoints])


@migration("0008_monitoring")
def _monitoring(conn: Connection) -> None:
    tables = [
        schema.monitoring_job_definitions,
        schema.monitoring_schedules,
        schema.monitoring_runs,
        schema.monitoring_metrics,
    ]
    schema.metadata.create_all(conn, tables=tables)


@migration("0009_emr_clusters")
def _emr_clusters(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.emr_clusters])


@migration("0010_package_client_tokens")
def _package_client_tokens(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("model_packages")}
    if "client_token" not in columns:
        conn.exec_driver_sql(
            "ALTER TABLE model_packages ADD COLUMN client_token VARCHAR(64) NOT NULL DEFAULT ''"
        )


@migration("0011_resource_tags")
def _resource_tags(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.resource_tags])


def migrate(db: Database) -> list[str]:
    """Apply pending migrations in order; return the names applied now.

    Raises:
        InvalidRequest: when the database cannot be reached (naming the URL).
    """
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


def _apply(db: Database) -> list[str]:
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
