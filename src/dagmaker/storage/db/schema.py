"""Table definitions (SQLAlchemy Core)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from dagmaker.storage.db.types import JsonDocument, UtcDateTime

metadata = MetaData()

migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", UtcDateTime, nullable=False),
)

pipelines = Table(
    "pipelines",
    metadata,
    Column("name", String(256), primary_key=True),
    Column("arn", String(512), nullable=False),
    Column("definition", JsonDocument, nullable=False),
    Column("role_arn", String(2048), nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("display_name", String(256), nullable=False, default=""),
    Column("parallelism", Integer),
    Column("version", Integer, nullable=False, default=1),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_modified_at", UtcDateTime, nullable=False),
)

executions = Table(
    "executions",
    metadata,
    Column("arn", String(512), primary_key=True),
    Column("execution_id", String(64), nullable=False, unique=True),
    Column("pipeline_name", String(256), nullable=False),
    Column("pipeline_arn", String(512), nullable=False),
    Column("definition", JsonDocument, nullable=False),
    Column("parameters", JsonDocument, nullable=False),
    Column("status", String(32), nullable=False),
    Column("failure_reason", Text, nullable=False, default=""),
    Column("display_name", String(256), nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("parallelism", Integer),
    Column("selective", JsonDocument),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_modified_at", UtcDateTime, nullable=False),
    Column("owner", String(256), nullable=False, default=""),
    Column("heartbeat_at", UtcDateTime),
    Column("stop_requested", Boolean, nullable=False, default=False),
    Column("inline", Boolean, nullable=False, default=False),
    Column("kind", String(16), nullable=False, default="pipeline"),
    Index("ix_executions_pipeline", "pipeline_name", "created_at"),
    Index("ix_executions_status", "status"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("execution_arn", String(512), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("step", String(256)),
    Column("payload", JsonDocument, nullable=False),
    UniqueConstraint("execution_arn", "seq", name="uq_events_execution_seq"),
)

jobs = Table(
    "jobs",
    metadata,
    Column("name", String(256), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("arn", String(512), nullable=False),
    Column("status", String(32), nullable=False),
    Column("describe", JsonDocument, nullable=False),
    Column("execution_arn", String(512), nullable=False, default=""),
    Column("step_name", String(256), nullable=False, default=""),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_modified_at", UtcDateTime, nullable=False),
    Index("ix_jobs_kind_created", "kind", "created_at"),
)

cache_entries = Table(
    "cache_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pipeline_name", String(256), nullable=False),
    Column("step_name", String(256), nullable=False),
    Column("step_type", String(32), nullable=False),
    Column("key", String(64), nullable=False),
    Column("arguments", JsonDocument, nullable=False),
    Column("execution_arn", String(512), nullable=False),
    Column("properties", JsonDocument, nullable=False),
    Column("metadata", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_cache_lookup", "pipeline_name", "key", "created_at"),
    Index("ix_cache_step", "pipeline_name", "step_name", "created_at"),
)

image_mappings = Table(
    "image_mappings",
    metadata,
    Column("image", String(2048), primary_key=True),
    Column("runtime", String(2048), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

emr_clusters = Table(
    "emr_clusters",
    metadata,
    Column("cluster_id", String(256), primary_key=True),
    Column("master", String(2048), nullable=False),
    Column("state", String(32), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

resource_tags = Table(
    "resource_tags",
    metadata,
    Column("resource_arn", String(2048), primary_key=True),
    Column("key", String(128), primary_key=True),
    Column("value", String(256), nullable=False),
    Column("position", Integer, nullable=False),
)

callback_messages = Table(
    "callback_messages",
    metadata,
    Column("message_id", String(64), primary_key=True),
    Column("queue", String(256), nullable=False),
    Column("body", JsonDocument, nullable=False),
    Column("sent_at", UtcDateTime, nullable=False),
    Column("received_at", UtcDateTime),
    Column("receipt", String(64), nullable=False, default=""),
    Index("ix_callback_messages_queue", "queue", "received_at", "sent_at"),
)

callback_tokens = Table(
    "callback_tokens",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("execution_arn", String(512), nullable=False),
    Column("step_name", String(256), nullable=False),
    Column("queue_url", String(2048), nullable=False),
    Column("body", JsonDocument, nullable=False),
    Column("status", String(32), nullable=False),
    Column("outputs", JsonDocument, nullable=False),
    Column("failure_reason", Text, nullable=False, default=""),
    Column("stop_sent", Boolean, nullable=False, default=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("answered_at", UtcDateTime),
    Index("ix_callback_tokens_execution", "execution_arn"),
)

lambda_functions = Table(
    "lambda_functions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("arn", String(512), nullable=False),
    Column("handler", String(256), nullable=False),
    Column("runtime", String(64), nullable=False),
    Column("role", String(2048), nullable=False, default=""),
    Column("timeout", Integer, nullable=False),
    Column("memory_size", Integer, nullable=False),
    Column("environment", JsonDocument, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("code_sha256", String(64), nullable=False, default=""),
    Column("code_size", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_modified_at", UtcDateTime, nullable=False),
)

models = Table(
    "models",
    metadata,
    Column("name", String(256), primary_key=True),
    Column("arn", String(512), nullable=False),
    Column("describe", JsonDocument, nullable=False),
    Column("execution_arn", String(512), nullable=False, default=""),
    Column("created_at", UtcDateTime, nullable=False),
)

model_package_groups = Table(
    "model_package_groups",
    metadata,
    Column("name", String(256), primary_key=True),
    Column("arn", String(512), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("created_at", UtcDateTime, nullable=False),
)

model_packages = Table(
    "model_packages",
    metadata,
    Column("arn", String(512), primary_key=True),
    Column("group_name", String(256), nullable=False),
    Column("version", Integer, nullable=False),
    Column("approval_status", String(32), nullable=False),
    Column("describe", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_modified_at", UtcDateTime, nullable=False),
    # CreateModelPackage's ClientToken: registering again with it returns this package.
    Column("client_token", String(64), nullable=False, default=""),
    UniqueConstraint("group_name", "version", name="uq_model_package_version"),
)

model_package_approvals = Table(
    "model_package_approvals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("package_arn", String(512), nullable=False),
    Column("status", String(32), nullable=False),
    Column("previous_status", String(32), nullable=False, default=""),
    Column("changed_by", String(256), nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_approvals_package", "package_arn", "at"),
)

endpoint_configs = Table(
    "endpoint_configs",
    metadata,
    Column("name", String(256), primary_key=True),
    Column("arn", String(512), nullable=False),
    Column("describe", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

endpoints = Table(
    "endpoints",
    metadata,
    Column("name", String(256), primary_key=True),
    Column("arn", String(512), nullable=False),
    Column("config_name", String(256), nullable=False),
    Column("status", String(32), nullable=False),
    Column("failure_reason", Text, nullable=False, default=""),
    Column("pending_config", String(256), nullable=False, default=""),
    Column("port", Integer),
    Column("runtime", JsonDocument, nullable=False),
    Column("tags", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_modified_at", UtcDateTime, nullable=False),
)

monitoring_job_definitions = Table(
    "monitoring_job_definitions",
    metadata,
    Column("name", String(63), primary_key=True),
    Column("monitoring_type", String(32), nullable=False),
    Column("arn", String(512), nullable=False),
    Column("request", JsonDocument, nullable=False),
    Column("endpoint_name", String(256), nullable=False, default=""),
    Column("tags", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

monitoring_schedules = Table(
    "monitoring_schedules",
    metadata,
    Column("name", String(63), primary_key=True),
    Column("arn", String(512), nullable=False),
    Column("execution_arn", String(512), nullable=False),
    Column("monitoring_type", String(32), nullable=False),
    Column("config", JsonDocument, nullable=False),
    Column("config_version", Integer, nullable=False),
    Column("applied_version", Integer, nullable=False, default=0),
    Column("definition", JsonDocument, nullable=False),
    Column("wanted", String(16), nullable=False),
    Column("run_requests", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False),
    Column("endpoint_name", String(256), nullable=False, default=""),
    Column("last_execution", JsonDocument),
    Column("tags", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_modified_at", UtcDateTime, nullable=False),
)


monitoring_runs = Table(
    "monitoring_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("schedule_name", String(63), nullable=False),
    Column("execution_arn", String(512), nullable=False),
    Column("job_name", String(256), nullable=False),
    Column("scheduled_time", UtcDateTime, nullable=False),
    Column("status", String(32), nullable=False),
    Column("summary", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("execution_arn", "job_name", name="uq_monitoring_runs_job"),
    Index("ix_monitoring_runs_schedule", "schedule_name", "scheduled_time"),
)

monitoring_metrics = Table(
    "monitoring_metrics",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("schedule_name", String(63), nullable=False),
    Column("metric_name", String(512), nullable=False),
    Column("series", Text, nullable=False),
    Column("timestamp", UtcDateTime, nullable=False),
    Column("value", Float),
    Column("statistics", JsonDocument),
    Column("namespace", String(256), nullable=False, default=""),
    Column("dimensions", JsonDocument, nullable=False),
    Column("endpoint_name", String(256), nullable=False, default=""),
    Column("job_name", String(256), nullable=False, default=""),
    Index("ix_monitoring_metrics_metric", "schedule_name", "metric_name", "timestamp"),
    Index("ix_monitoring_metrics_series", "schedule_name", "series", "timestamp"),
    Index("ix_monitoring_metrics_job", "job_name"),
)


def sqlite_ddl() -> list[str]:
    """The statements that create this schema in an empty SQLite file, as SQLite runs them.

    ``tools/gen_sqlite_ddl.py`` writes them to :mod:`dagmaker.storage.db.sqlite_ddl`, so
    that a new home gets its tables without importing SQLAlchemy; a test keeps the two
    the same.
    """
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = sqlite.dialect()
    statements = []
    for table in metadata.sorted_tables:
        statements.append(CreateTable(table, if_not_exists=True).compile(dialect=dialect))
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            statements.append(CreateIndex(index, if_not_exists=True).compile(dialect=dialect))
    return [" ".join(str(statement).split()) for statement in statements]
