"""Executions repository: create, read, list, stop, and claim for a worker."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select

from dagmaker.errors import NotFound
from dagmaker.records import events as ev
from dagmaker.records.records import ExecutionRecord
from dagmaker.records.statuses import ExecutionStatus
from dagmaker.storage.db import schema
from dagmaker.storage.db.codec import execution_from_row
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.event_log import append_events

_X = schema.executions
_ACTIVE = (ExecutionStatus.EXECUTING.value, ExecutionStatus.STOPPING.value)


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
        with self.db.writer.begin() as conn:
            conn.execute(
                _X.insert().values(
                    arn=record.arn,
                    execution_id=record.execution_id,
                    pipeline_name=record.pipeline_name,
                    pipeline_arn=record.pipeline_arn,
                    definition=record.definition,
                    parameters=record.parameters,
                    status=record.status.value,
                    failure_reason="",
                    display_name=record.display_name,
                    description=record.description,
                    parallelism=record.parallelism,
                    selective=record.selective,
                    created_at=record.created_at or now,
                    last_modified_at=now,
                    owner=record.owner,
                    heartbeat_at=now if record.owner else None,
                    stop_requested=False,
                    inline=bool(record.owner),
                    kind=record.kind,
                )
            )
            append_events(conn, record.arn, events)
        return self.get(record.arn)

    def get(self, arn: str) -> ExecutionRecord:
        """The execution with this ARN (or bare execution id).

        Raises:
            NotFound: naming the ARN.
        """
        with self.db.reader.connect() as conn:
            row = conn.execute(
                select(_X).where(or_(_X.c.arn == arn, _X.c.execution_id == arn))
            ).first()
        if row is None:
            raise NotFound(
                f"pipeline execution {arn!r} does not exist",
                hint="List executions with `dagmaker executions list`.",
            )
        return execution_from_row(row)

    def list(
        self, pipeline_name: str | None = None, limit: int = 100, newest_first: bool = True
    ) -> list[ExecutionRecord]:
        """Pipeline executions (not jobs started on their own), optionally of one pipeline."""
        query = select(_X).where(_X.c.kind == "pipeline")
        if pipeline_name:
            query = query.where(_X.c.pipeline_name == pipeline_name)
        order = _X.c.created_at.desc() if newest_first else _X.c.created_at.asc()
        with self.db.reader.connect() as conn:
            rows = conn.execute(query.order_by(order).limit(limit)).all()
        return [execution_from_row(r) for r in rows]

    def append(self, arn: str, events: Sequence[ev.Event]) -> None:
        """Append events (e.g. StopRequested, ExecutionRetried) and update the projection."""
        with self.db.writer.begin() as conn:
            append_events(conn, arn, events)

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
        now = datetime.now(UTC)
        unowned = or_(_X.c.heartbeat_at.is_(None), _X.c.heartbeat_at < now - stale_after)
        condition = and_(_X.c.status.in_(_ACTIVE), unowned)
        if arn is not None:
            condition = and_(condition, _X.c.arn == arn)
        candidates = (
            select(_X.c.arn)
            .where(condition)
            .order_by(_X.c.created_at, _X.c.arn)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        with self.db.writer.begin() as conn:
            arns = list(conn.execute(candidates).scalars())
            if arns:
                conn.execute(
                    _X.update().where(_X.c.arn.in_(arns)).values(owner=owner, heartbeat_at=now)
                )
        return arns

    def set_parallelism(self, arn: str, parallelism: int) -> None:
        """Change the step cap (RetryPipelineExecution may pass a new one)."""
        with self.db.writer.begin() as conn:
            conn.execute(_X.update().where(_X.c.arn == arn).values(parallelism=parallelism))

    def release(self, arn: str) -> None:
        """Give up ownership (the driver finished or is shutting down)."""
        with self.db.writer.begin() as conn:
            conn.execute(_X.update().where(_X.c.arn == arn).values(owner="", heartbeat_at=None))

    def status(self, arn: str) -> ExecutionStatus:
        """The execution's current status (one indexed read, for waiting).

        Raises:
            NotFound: naming the ARN.
        """
        with self.db.reader.connect() as conn:
            value = conn.execute(select(_X.c.status).where(_X.c.arn == arn)).scalar()
        if value is None:
            raise NotFound(f"pipeline execution {arn!r} does not exist")
        return ExecutionStatus(value)

    def owned_by(self, arn: str) -> str:
        """Who drives the execution now ("" when nobody does)."""
        with self.db.reader.connect() as conn:
            return str(conn.execute(select(_X.c.owner).where(_X.c.arn == arn)).scalar() or "")

    def active(self) -> builtins.list[ExecutionRecord]:
        """Executions not yet finished."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(_X).where(_X.c.status.in_(_ACTIVE))).all()
        return [execution_from_row(r) for r in rows]
