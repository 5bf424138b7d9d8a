"""Executions repository: create, read, list, stop, and claim for a worker."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from dagmaker.errors import NotFound
from dagmaker.records.records import ExecutionRecord
from dagmaker.records.statuses import ExecutionStatus
from dagmaker.storage.db.codec import encoded, execution_from_row
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.event_log import append_events

if TYPE_CHECKING:
    from dagmaker.records import events as ev

_ACTIVE = (ExecutionStatus.EXECUTING.value, ExecutionStatus.STOPPING.value)
_INSERT = (
    "INSERT INTO executions (arn, execution_id, pipeline_name, pipeline_arn, definition, "
    "parameters, status, failure_reason, display_name, description, parallelism, selective, "
    "created_at, last_modified_at, owner, heartbeat_at, stop_requested, inline, kind) VALUES "
    "(:arn, :execution_id, :pipeline_name, :pipeline_arn, :definition, :parameters, :status, "
    ":failure_reason, :display_name, :description, :parallelism, :selective, :created_at, "
    ":last_modified_at, :owner, :heartbeat_at, :stop_requested, :inline, :kind)"
)
_SELECT = (
    "SELECT arn, execution_id, pipeline_name, pipeline_arn, definition, parameters, status, "
    "failure_reason, display_name, description, parallelism, selective, created_at, "
    "last_modified_at, owner, heartbeat_at, stop_requested, kind FROM executions"
)


class ExecutionRepository:
    """SQL for the executions table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, record: ExecutionRecord, events: Sequence[ev.Event] = ()) -> ExecutionRecord:
        """Insert an execution with its first events, atomically.

        An execution created with an ``owner`` is driven by that process from the start
        (its heartbeat is fresh, so no worker claims it); one without waits for a worker.
        """
        now = datetime.now(UTC)
        values = {
            "arn": record.arn,
            "execution_id": record.execution_id,
            "pipeline_name": record.pipeline_name,
            "pipeline_arn": record.pipeline_arn,
            "definition": encoded(record.definition),
            "parameters": encoded(record.parameters),
            "status": record.status.value,
            "failure_reason": "",
            "display_name": record.display_name,
            "description": record.description,
            "parallelism": record.parallelism,
            "selective": encoded(record.selective),
            "created_at": record.created_at or now,
            "last_modified_at": now,
            "owner": record.owner,
            "heartbeat_at": now if record.owner else None,
            "stop_requested": False,
            "inline": bool(record.owner),
            "kind": record.kind,
        }
        with self.db.writing() as sql:
            sql.run(_INSERT, values)
            append_events(sql, record.arn, events)
        return self.get(record.arn)

    def get(self, arn: str) -> ExecutionRecord:
        """The execution with this ARN (or bare execution id).

        Raises:
            NotFound: naming the ARN.
        """
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} WHERE arn = :ref OR execution_id = :ref", {"ref": arn})
        if not rows:
            raise NotFound(
                f"pipeline execution {arn!r} does not exist",
                hint="List executions with `dagmaker executions list`.",
            )
        return execution_from_row(rows[0])

    def list(
        self, pipeline_name: str | None = None, limit: int = 100, newest_first: bool = True
    ) -> list[ExecutionRecord]:
        """Pipeline executions (not jobs started on their own), optionally of one pipeline."""
        query = f"{_SELECT} WHERE kind = 'pipeline'"
        if pipeline_name:
            query += " AND pipeline_name = :pipeline"
        query += f" ORDER BY created_at {'DESC' if newest_first else 'ASC'} LIMIT :limit"
        with self.db.reading() as sql:
            rows = sql.rows(query, {"pipeline": pipeline_name, "limit": limit})
        return [execution_from_row(r) for r in rows]

    def append(self, arn: str, events: Sequence[ev.Event]) -> None:
        """Append events (e.g. StopRequested, ExecutionRetried) and update the projection."""
        with self.db.writing() as sql:
            append_events(sql, arn, events)

    def claim(
        self,
        owner: str,
        stale_after: timedelta,
        arn: str | None = None,
        limit: int | None = None,
    ) -> builtins.list[str]:
        """Take over active executions nobody drives (new, or whose driver stopped beating).

        Returns the ARNs now owned by ``owner``, oldest first, at most ``limit`` of them (a
        worker with room for a few leaves the rest to other workers). Atomic: two workers
        never claim the same one. On PostgreSQL, rows another worker is claiming (or
        appending to) right now are skipped rather than waited for; on SQLite the write
        transaction is exclusive.
        """
        query = (
            "SELECT arn FROM executions WHERE status IN (:executing, :stopping) "
            "AND (heartbeat_at IS NULL OR heartbeat_at < :stale)"
            + (" AND arn = :arn" if arn is not None else "")
            + " ORDER BY created_at, arn"
            + (" LIMIT :limit" if limit is not None else "")
        )
        now = datetime.now(UTC)
        params = {
            "executing": _ACTIVE[0],
            "stopping": _ACTIVE[1],
            "stale": now - stale_after,
            "arn": arn,
            "limit": limit,
        }
        with self.db.writing() as sql:
            if sql.dialect == "postgresql":
                query += " FOR UPDATE SKIP LOCKED"
            arns = [row["arn"] for row in sql.rows(query, params)]
            for claimed in arns:
                sql.run(
                    "UPDATE executions SET owner = :owner, heartbeat_at = :now WHERE arn = :arn",
                    {"owner": owner, "now": now, "arn": claimed},
                )
        return arns

    def set_parallelism(self, arn: str, parallelism: int) -> None:
        """Change the step cap (RetryPipelineExecution may pass a new one)."""
        with self.db.writing() as sql:
            sql.run(
                "UPDATE executions SET parallelism = :parallelism WHERE arn = :arn",
                {"parallelism": parallelism, "arn": arn},
            )

    def release(self, arn: str, owner: str | None = None) -> bool:
        """Give up ownership (the driver finished or is shutting down); whether it was freed.

        With ``owner``, only while that owner still holds it: freeing an execution for a
        driver that died must not free it from the one that took it over meanwhile.
        """
        update = "UPDATE executions SET owner = '', heartbeat_at = NULL WHERE arn = :arn"
        if owner is not None:
            update += " AND owner = :owner"
        with self.db.writing() as sql:
            return bool(sql.run(update, {"arn": arn, "owner": owner}))

    def status(self, arn: str) -> ExecutionStatus:
        """The execution's current status (one indexed read, for waiting).

        Raises:
            NotFound: naming the ARN.
        """
        with self.db.reading() as sql:
            rows = sql.rows("SELECT status FROM executions WHERE arn = :arn", {"arn": arn})
        value = rows[0]["status"] if rows else None
        if value is None:
            raise NotFound(f"pipeline execution {arn!r} does not exist")
        return ExecutionStatus(value)

    def owned_by(self, arn: str) -> str:
        """Who drives the execution now ("" when nobody does)."""
        with self.db.reading() as sql:
            rows = sql.rows("SELECT owner FROM executions WHERE arn = :arn", {"arn": arn})
        return str(rows[0]["owner"] or "") if rows else ""

    def active(self) -> builtins.list[ExecutionRecord]:
        """Executions not yet finished."""
        with self.db.reading() as sql:
            rows = sql.rows(
                f"{_SELECT} WHERE status IN (:executing, :stopping)",
                dict(zip(("executing", "stopping"), _ACTIVE, strict=True)),
            )
        return [execution_from_row(r) for r in rows]
