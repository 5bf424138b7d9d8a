"""Callback repository: durable local queues and the tokens callback steps wait on.

A queue is named by the last path segment of a step's ``SqsQueueUrl``. A message is
handed out once: receiving marks it, and a concurrent receiver skips messages another
receiver holds (``SKIP LOCKED`` on PostgreSQL) or marked first.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from dagmaker.records.callbacks import (
    STOPPING,
    CallbackStatus,
    CallbackToken,
    QueueMessage,
    queue_name,
)
from dagmaker.storage.db import schema
from dagmaker.storage.db.conflicts import insert_new
from dagmaker.storage.db.connection import Database
from dagmaker.storage.problems import missing_token, token_answered

_M = schema.callback_messages
_T = schema.callback_tokens


class CallbackRepository:
    """SQL for the callback_messages and callback_tokens tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- queues ---------------------------------------------------------------------------

    def send(self, queue_url: str, body: dict[str, Any]) -> QueueMessage:
        """Post ``body`` to the queue named by ``queue_url``."""
        with self.db.writer.begin() as conn:
            return _insert_message(conn, queue_name(queue_url), body)

    def receive(self, queue_url: str, max_messages: int = 10) -> list[QueueMessage]:
        """Hand out up to ``max_messages`` messages not received before, oldest first."""
        queue = queue_name(queue_url)
        now = datetime.now(UTC)
        received = []
        with self.db.writer.begin() as conn:
            rows = conn.execute(
                select(_M)
                .where((_M.c.queue == queue) & _M.c.received_at.is_(None))
                .order_by(_M.c.sent_at, _M.c.message_id)
                .limit(max_messages)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                receipt = secrets.token_hex(16)
                marked = conn.execute(
                    _M.update()
                    .where((_M.c.message_id == row.message_id) & _M.c.received_at.is_(None))
                    .values(received_at=now, receipt=receipt)
                )
                if marked.rowcount == 1:
                    received.append(_message(row, now, receipt))
        return received

    # -- tokens ---------------------------------------------------------------------------

    def open(
        self, token: str, execution_arn: str, step_name: str, queue_url: str, body: dict[str, Any]
    ) -> bool:
        """Issue ``token`` and post its message, in one transaction; False if issued before."""
        values = {
            "token": token,
            "execution_arn": execution_arn,
            "step_name": step_name,
            "queue_url": queue_url,
            "body": body,
            "status": CallbackStatus.WAITING.value,
            "outputs": [],
            "failure_reason": "",
            "stop_sent": False,
            "created_at": datetime.now(UTC),
        }
        with self.db.writer.begin() as conn:
            if not insert_new(conn, _T, ["token"], values):
                return False
            _insert_message(conn, queue_name(queue_url), body)
        return True

    def post_stopping(self, token: str) -> bool:
        """Post the token's ``"status": "Stopping"`` message once; False if posted before."""
        with self.db.writer.begin() as conn:
            marked = conn.execute(
                _T.update()
                .where((_T.c.token == token) & _T.c.stop_sent.is_(False))
                .values(stop_sent=True)
            )
            if marked.rowcount != 1:
                return False
            row = conn.execute(select(_T).where(_T.c.token == token)).one()
            _insert_message(conn, queue_name(row.queue_url), {**row.body, "status": STOPPING})
        return True

    def get(self, token: str) -> CallbackToken:
        """The token's current state.

        Raises:
            NotFound: for a token that was never issued.
        """
        with self.db.reader.connect() as conn:
            row = conn.execute(select(_T).where(_T.c.token == token)).first()
        if row is None:
            raise missing_token(token)
        return _token(row)

    def answer(
        self,
        token: str,
        status: CallbackStatus,
        outputs: list[dict[str, Any]] | None = None,
        failure_reason: str = "",
    ) -> CallbackToken:
        """Record the answer to a waiting token.

        Raises:
            NotFound: for a token that was never issued.
            Conflict: for a token that was already answered.
        """
        with self.db.writer.begin() as conn:
            row = conn.execute(select(_T).where(_T.c.token == token).with_for_update()).first()
            if row is None:
                raise missing_token(token)
            if row.status != CallbackStatus.WAITING.value:
                raise token_answered(token, row.status, row.answered_at, row.step_name)
            conn.execute(
                _T.update()
                .where(_T.c.token == token)
                .values(
                    status=status.value,
                    outputs=outputs or [],
                    failure_reason=failure_reason,
                    answered_at=datetime.now(UTC),
                )
            )
        return self.get(token)

    def for_execution(self, execution_arn: str) -> list[CallbackToken]:
        """Every token issued for steps of the execution, oldest first."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(
                select(_T).where(_T.c.execution_arn == execution_arn).order_by(_T.c.created_at)
            ).all()
        return [_token(r) for r in rows]


def _insert_message(conn: Connection, queue: str, body: dict[str, Any]) -> QueueMessage:
    message = QueueMessage(str(uuid.uuid4()), queue, body, datetime.now(UTC))
    conn.execute(
        _M.insert().values(
            message_id=message.message_id,
            queue=queue,
            body=body,
            sent_at=message.sent_at,
            receipt="",
        )
    )
    return message


def _message(row: Row[Any], received_at: datetime, receipt: str) -> QueueMessage:
    return QueueMessage(
        message_id=row.message_id,
        queue=row.queue,
        body=row.body,
        sent_at=row.sent_at,
        received_at=received_at,
        receipt=receipt,
    )


def _token(row: Row[Any]) -> CallbackToken:
    m = row._mapping
    return CallbackToken(
        token=m["token"],
        execution_arn=m["execution_arn"],
        step_name=m["step_name"],
        queue_url=m["queue_url"],
        body=m["body"],
        status=CallbackStatus(m["status"]),
        outputs=m["outputs"],
        failure_reason=m["failure_reason"],
        stop_sent=bool(m["stop_sent"]),
        created_at=m["created_at"],
        answered_at=m["answered_at"],
    )
