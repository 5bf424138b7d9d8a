"""The event log: appends events and keeps the executions projection in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from dagmaker.errors import LeaseLost
from dagmaker.records.statuses import ExecutionStatus
from dagmaker.storage.db.codec import document, instant
from dagmaker.storage.db.connection import Database, SqlSession

if TYPE_CHECKING:
    from dagmaker.records import events as ev

_INSERT_EVENT = (
    "INSERT INTO events (execution_arn, seq, at, kind, step, payload) "
    "VALUES (:execution_arn, :seq, :at, :kind, :step, :payload)"
)


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
        with self.db.writing() as sql:
            append_events(sql, execution_arn, events, owner=self.owner)

    def load(self, execution_arn: str) -> list[ev.Event]:
        """Every event of the execution, in order."""
        from dagmaker.records import events as ev

        with self.db.reading() as sql:
            rows = sql.rows(
                "SELECT kind, at, payload FROM events WHERE execution_arn = :arn ORDER BY seq",
                {"arn": execution_arn},
            )
        return [
            ev.event_from_payload(r["kind"], instant(r["at"]), document(r["payload"])) for r in rows
        ]

    def stop_requested(self, execution_arn: str) -> bool:
        """Whether a stop was requested (cheap: one indexed column)."""
        with self.db.reading() as sql:
            rows = sql.rows(
                "SELECT stop_requested FROM executions WHERE arn = :arn", {"arn": execution_arn}
            )
        return bool(rows and rows[0]["stop_requested"])

    def heartbeat(self, execution_arn: str) -> None:
        """Mark the execution's driver as alive now.

        Raises:
            LeaseLost: when another process drives the execution now.
        """
        with self.db.writing() as sql:
            done = sql.run(
                self._mine("heartbeat_at = :now"), self._params(execution_arn, datetime.now(UTC))
            )
        if not done:
            raise LeaseLost(f"execution {execution_arn} is driven by another process now")

    def release(self, execution_arn: str) -> None:
        """Give the execution up (if still ours): a worker may claim it at once."""
        with self.db.writing() as sql:
            sql.run(
                self._mine("owner = '', heartbeat_at = NULL"), self._params(execution_arn, None)
            )

    def _mine(self, changes: str) -> str:
        update = f"UPDATE executions SET {changes} WHERE arn = :arn"
        return f"{update} AND owner = :owner" if self.owner else update

    def _params(self, execution_arn: str, now: datetime | None) -> dict[str, Any]:
        return {"arn": execution_arn, "owner": self.owner, "now": now}


def append_events(
    sql: SqlSession, execution_arn: str, events: Sequence[ev.Event], owner: str = ""
) -> None:
    """Append inside an open write transaction (shared by the repository and the log).

    Raises:
        LeaseLost: when ``owner`` is given and does not hold the execution.
    """
    from dagmaker.records.fold import ExecutionView, advance

    if not events:
        return
    # Locking the execution's row serialises appends to one log (next seq, projection);
    # SQLite's write transaction is exclusive already.
    lock = " FOR UPDATE" if sql.dialect == "postgresql" else ""
    rows = sql.rows(
        "SELECT status, failure_reason, stop_requested, owner FROM executions "
        f"WHERE arn = :arn{lock}",
        {"arn": execution_arn},
    )
    if not rows:
        raise LookupError(f"no execution {execution_arn}")
    row = rows[0]
    if owner and row["owner"] != owner:
        raise LeaseLost(f"execution {execution_arn} is driven by {row['owner'] or 'nobody'} now")
    last = sql.rows(
        "SELECT COALESCE(MAX(seq), 0) AS seq FROM events WHERE execution_arn = :arn",
        {"arn": execution_arn},
    )[0]["seq"]
    for i, event in enumerate(events):
        sql.run(_INSERT_EVENT, _row(execution_arn, int(last) + i + 1, event))
    view = ExecutionView(
        ExecutionStatus(row["status"]), row["failure_reason"], bool(row["stop_requested"])
    )
    view = advance(view, events)
    sql.run(
        "UPDATE executions SET status = :status, failure_reason = :failure_reason, "
        "stop_requested = :stop_requested, last_modified_at = :at WHERE arn = :arn",
        {
            "status": view.status.value,
            "failure_reason": view.failure_reason,
            "stop_requested": view.stop_requested,
            "at": events[-1].at,
            "arn": execution_arn,
        },
    )


def _row(execution_arn: str, seq: int, event: ev.Event) -> dict[str, Any]:
    payload = event.payload()
    return {
        "execution_arn": execution_arn,
        "seq": seq,
        "at": event.at,
        "kind": event.kind,
        "step": payload.get("step"),
        "payload": json.dumps(payload, default=_json_default),
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
