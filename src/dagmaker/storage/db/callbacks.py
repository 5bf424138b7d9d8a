"""Callback repository: durable local queues and the tokens callback steps wait on.

A queue is named by the last path segment of a step's ``SqsQueueUrl``. A message is
handed out once: receiving marks it, and a concurrent receiver skips messages another
receiver holds (``SKIP LOCKED`` on PostgreSQL) or marked first.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from dagmaker.records.callbacks import (
    STOPPING,
    CallbackStatus,
    CallbackToken,
    QueueMessage,
    queue_name,
)
from dagmaker.storage.db.codec import document, encoded, instant, moment
from dagmaker.storage.db.connection import Database
from dagmaker.storage.problems import missing_token, token_answered

if TYPE_CHECKING:
    from dagmaker.storage.db.codec import Row
    from dagmaker.storage.db.connection import SqlSession

_MESSAGE_COLUMNS = "message_id, queue, body, sent_at, received_at, receipt"
_TOKEN_COLUMNS = (
    "token, execution_arn, step_name, queue_url, body, status, outputs, failure_reason, "
    "stop_sent, created_at, answered_at"
)
_INSERT_MESSAGE = (
    f"INSERT INTO callback_messages ({_MESSAGE_COLUMNS}) VALUES "
    "(:message_id, :queue, :body, :sent_at, NULL, :receipt)"
)
# ON CONFLICT ... DO NOTHING lets the primary key settle a race two issuers run on
# PostgreSQL; RETURNING says who won.
_INSERT_TOKEN = (
    f"INSERT INTO callback_tokens ({_TOKEN_COLUMNS}) VALUES (:token, :execution_arn, "
    ":step_name, :queue_url, :body, :status, :outputs, :failure_reason, :stop_sent, "
    ":created_at, NULL) ON CONFLICT (token) DO NOTHING RETURNING token"
)
_SELECT_TOKEN = f"SELECT {_TOKEN_COLUMNS} FROM callback_tokens"


class CallbackRepository:
    """SQL for the callback_messages and callback_tokens tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- queues ---------------------------------------------------------------------------

    def send(self, queue_url: str, body: dict[str, Any]) -> QueueMessage:
        """Post ``body`` to the queue named by ``queue_url``."""
        with self.db.writing() as sql:
            return _insert_message(sql, queue_name(queue_url), body)

    def receive(self, queue_url: str, max_messages: int = 10) -> list[QueueMessage]:
        """Hand out up to ``max_messages`` messages not received before, oldest first."""
        queue = queue_name(queue_url)
        now = datetime.now(UTC)
        received = []
        query = (
            f"SELECT {_MESSAGE_COLUMNS} FROM callback_messages "
            "WHERE queue = :queue AND received_at IS NULL "
            "ORDER BY sent_at, message_id LIMIT :limit"
        )
        with self.db.writing() as sql:
            if sql.dialect == "postgresql":
                query += " FOR UPDATE SKIP LOCKED"
            rows = sql.rows(query, {"queue": queue, "limit": max_messages})
            for row in rows:
                receipt = secrets.token_hex(16)
                marked = sql.run(
                    "UPDATE callback_messages SET received_at = :now, receipt = :receipt "
                    "WHERE message_id = :message_id AND received_at IS NULL",
                    {"now": now, "receipt": receipt, "message_id": row["message_id"]},
                )
                if marked == 1:
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
            "body": encoded(body),
            "status": CallbackStatus.WAITING.value,
            "outputs": encoded([]),
            "failure_reason": "",
            "stop_sent": False,
            "created_at": datetime.now(UTC),
        }
        with self.db.writing() as sql:
            if not sql.rows(_INSERT_TOKEN, values):
                return False
            _insert_message(sql, queue_name(queue_url), body)
        return True

    def post_stopping(self, token: str) -> bool:
        """Post the token's ``"status": "Stopping"`` message once; False if posted before."""
        with self.db.writing() as sql:
            marked = sql.run(
                "UPDATE callback_tokens SET stop_sent = :sent "
                "WHERE token = :token AND stop_sent = :unsent",
                {"sent": True, "unsent": False, "token": token},
            )
            if marked != 1:
                return False
            row = sql.rows(
                "SELECT queue_url, body FROM callback_tokens WHERE token = :token",
                {"token": token},
            )[0]
            body = document(row["body"])
            _insert_message(sql, queue_name(row["queue_url"]), {**body, "status": STOPPING})
        return True

    def get(self, token: str) -> CallbackToken:
        """The token's current state.

        Raises:
            NotFound: for a token that was never issued.
        """
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT_TOKEN} WHERE token = :token", {"token": token})
        if not rows:
            raise missing_token(token)
        return _token(rows[0])

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
        query = "SELECT status, answered_at, step_name FROM callback_tokens WHERE token = :token"
        with self.db.writing() as sql:
            if sql.dialect == "postgresql":
                query += " FOR UPDATE"
            rows = sql.rows(query, {"token": token})
            if not rows:
                raise missing_token(token)
            row = rows[0]
            if row["status"] != CallbackStatus.WAITING.value:
                raise token_answered(
                    token, row["status"], moment(row["answered_at"]), row["step_name"]
                )
            sql.run(
                "UPDATE callback_tokens SET status = :status, outputs = :outputs, "
                "failure_reason = :failure_reason, answered_at = :answered_at "
                "WHERE token = :token",
                {
                    "status": status.value,
                    "outputs": encoded(outputs or []),
                    "failure_reason": failure_reason,
                    "answered_at": datetime.now(UTC),
                    "token": token,
                },
            )
        return self.get(token)

    def for_execution(self, execution_arn: str) -> list[CallbackToken]:
        """Every token issued for steps of the execution, oldest first."""
        with self.db.reading() as sql:
            rows = sql.rows(
                f"{_SELECT_TOKEN} WHERE execution_arn = :execution_arn ORDER BY created_at",
                {"execution_arn": execution_arn},
            )
        return [_token(r) for r in rows]


def _insert_message(sql: SqlSession, queue: str, body: dict[str, Any]) -> QueueMessage:
    message = QueueMessage(str(uuid.uuid4()), queue, body, datetime.now(UTC))
    sql.run(
        _INSERT_MESSAGE,
        {
            "message_id": message.message_id,
            "queue": queue,
            "body": encoded(body),
            "sent_at": message.sent_at,
            "receipt": "",
        },
    )
    return message


def _message(row: Row, received_at: datetime, receipt: str) -> QueueMessage:
    return QueueMessage(
        message_id=row["message_id"],
        queue=row["queue"],
        body=document(row["body"]),
        sent_at=instant(row["sent_at"]),
        received_at=received_at,
        receipt=receipt,
    )


def _token(m: Row) -> CallbackToken:
    return CallbackToken(
        token=m["token"],
        execution_arn=m["execution_arn"],
        step_name=m["step_name"],
        queue_url=m["queue_url"],
        body=document(m["body"]),
        status=CallbackStatus(m["status"]),
        outputs=document(m["outputs"]),
        failure_reason=m["failure_reason"],
        stop_sent=bool(m["stop_sent"]),
        created_at=instant(m["created_at"]),
        answered_at=moment(m["answered_at"]),
    )
