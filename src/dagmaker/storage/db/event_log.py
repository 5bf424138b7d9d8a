"""The event log: appends events and keeps the executions projection in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from dagmaker.errors import LeaseLost
from dagmaker.records import events as ev
from dagmaker.records.fold import ExecutionView, advance
from dagmaker.records.statuses import ExecutionStatus
from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import Database

_E = schema.events
_X = schema.executions


class SqlEventLog:
    """Implements the engine's ``EventLog`` port on the metadata database.

    Args:
        db: The metadata database.
        owner: The driver this log writes for. When set, every write checks in the same
            transaction that ``owner`` still holds the execution, and raises
            :class:`~dagmaker.errors.LeaseLost` otherwise: a driver that lost its lease
            (another process took the execution over) can never write beside the new one.
    """

    def __init__(self, db: Database, owner: str = "") -> None:
        self.db = db
        self.owner = owner

    def for_owner(self, owner: str) -> SqlEventLog:
        """The same log, writing for ``owner`` only."""
        return SqlEventLog(self.db, owner)

    def append(self, execution_arn: str, events: Sequence[ev.Event]) -> None:
        """Append events and update the execution's status in one transaction."""
        with self.db.writer.begin() as conn:
            append_events(conn, execution_arn, events, owner=self.owner)

    def load(self, execution_arn: str) -> list[ev.Event]:
        """Every event of the execution, in order."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(
                select(_E.c.kind, _E.c.at, _E.c.payload)
                .where(_E.c.execution_arn == execution_arn)
                .order_by(_E.c.seq)
            ).all()
        return [ev.event_from_payload(r.kind, r.at, r.payload) for r in rows]

    def stop_requested(self, execution_arn: str) -> bool:
        """Whether a stop was requested (cheap: one indexed column)."""
        with self.db.reader.connect() as conn:
            value = conn.execute(
                select(_X.c.stop_requested).where(_X.c.arn == execution_arn)
            ).scalar()
        return bool(value)

    def heartbeat(self, execution_arn: str) -> None:
        """Mark the execution's driver as alive now.

        Raises:
            LeaseLost: when another process drives the execution now.
        """
        with self.db.writer.begin() as conn:
            done = conn.execute(
                self._mine(execution_arn).values(heartbeat_at=datetime.now(UTC))
            ).rowcount
        if not done:
            raise LeaseLost(f"execution {execution_arn} is driven by another process now")

    def release(self, execution_arn: str) -> None:
        """Give the execution up (if still ours): a worker may claim it at once."""
        with self.db.writer.begin() as conn:
            conn.execute(self._mine(execution_arn).values(owner="", heartbeat_at=None))

    def _mine(self, execution_arn: str) -> Any:
        update = _X.update().where(_X.c.arn == execution_arn)
        return update.where(_X.c.owner == self.owner) if self.owner else update


def append_events(
    conn: Connection, execution_arn: str, events: Sequence[ev.Event], owner: str = ""
) -> None:
    """Append inside an open write transaction (shared by the repository and the log).

    Raises:
        LeaseLost: when ``owner`` is given and does not hold the execution.
    """
    if not events:
        return
    # Locking the execution's row serialises appends to one log (next seq, projection).
    row = conn.execute(
        select(_X.c.status, _X.c.failure_reason, _X.c.stop_requested, _X.c.owner)
        .where(_X.c.arn == execution_arn)
        .with_for_update()
    ).first()
    if row is None:
        raise LookupError(f"no execution {execution_arn}")
    if owner and row.owner != owner:
        raise LeaseLost(f"execution {execution_arn} is driven by {row.owner or 'nobody'} now")
    seq = conn.execute(
        select(func.coalesce(func.max(_E.c.seq), 0)).where(_E.c.execution_arn == execution_arn)
    ).scalar_one()
    conn.execute(_E.insert(), [_row(execution_arn, seq + i + 1, e) for i, e in enumerate(events)])
    view = ExecutionView(ExecutionStatus(row.status), row.failure_reason, bool(row.stop_requested))
    view = advance(view, events)
    conn.execute(
        _X.update()
        .where(_X.c.arn == execution_arn)
        .values(
            status=view.status.value,
            failure_reason=view.failure_reason,
            stop_requested=view.stop_requested,
            last_modified_at=events[-1].at,
        )
    )


def _row(execution_arn: str, seq: int, event: ev.Event) -> dict[str, Any]:
    payload = event.payload()
    return {
        "execution_arn": execution_arn,
        "seq": seq,
        "at": event.at,
        "kind": event.kind,
        "step": payload.get("step"),
        "payload": json.loads(json.dumps(payload, default=_json_default)),
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
