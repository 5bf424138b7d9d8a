"""Callback records: queue messages and the tokens a callback step waits on."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from dagmaker.errors import InvalidRequest

STOPPING = "Stopping"
"""The ``status`` of the extra message a callback step posts when it is asked to stop."""
# 62**22 > 2**130.
TOKEN_LENGTH = 22
_TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


class CallbackStatus(StrEnum):
    """Where a callback token stands: waiting for an answer, or answered."""

    WAITING = "Waiting"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"


@dataclass(frozen=True)
class QueueMessage:
    """One message on a local callback queue (the SQS message a CallbackStep sends).

    Attributes:
        message_id: Unique id (SQS ``MessageId``).
        queue: Queue name: the last path segment of the step's ``SqsQueueUrl``.
        body: The message body as a JSON document.
        sent_at: When it was posted.
        received_at: When a consumer received it; a message is handed out once.
        receipt: The receipt handle given to that consumer.
    """

    message_id: str
    queue: str
    body: dict[str, Any]
    sent_at: datetime
    received_at: datetime | None = None
    receipt: str = ""


@dataclass(frozen=True)
class CallbackToken:
    """A callback step's token and its answer.

    Attributes:
        token: The token sent in the message (``CallbackToken`` of the answer calls).
        execution_arn: The pipeline execution the step belongs to.
        step_name: The waiting step.
        queue_url: The ``SqsQueueUrl`` the message went to.
        body: The message body (reused for the ``Stopping`` message).
        status: Waiting, Succeeded or Failed.
        outputs: The answer's ``OutputParameters`` as ``[{"Name", "Value"}]``.
        failure_reason: The answer's ``FailureReason``.
        stop_sent: Whether the ``"status": "Stopping"`` message was posted.
        created_at: When the token was issued.
        answered_at: When it was answered.
    """

    token: str
    execution_arn: str
    step_name: str
    queue_url: str
    body: dict[str, Any]
    status: CallbackStatus = CallbackStatus.WAITING
    outputs: list[dict[str, Any]] = field(default_factory=list)
    failure_reason: str = ""
    stop_sent: bool = False
    created_at: datetime | None = None
    answered_at: datetime | None = None


def queue_name(queue_url: str) -> str:
    """``https://sqs.us-east-2.amazonaws.com/0123/MyQueue`` → ``MyQueue``; a bare name stays.

    Raises:
        InvalidRequest: when no queue name can be read from ``queue_url``.
    """
    name = queue_url.strip().rstrip("/").rsplit("/", 1)[-1]
    if not name:
        raise InvalidRequest(
            "a queue URL must end with the queue name", field="QueueUrl", value=queue_url
        )
    return name


def new_token() -> str:
    """A random token of letters and digits, 128 bits or more (22 characters of 62).

    Whoever holds a token can end the step, so it must not be guessable.
    """
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))
