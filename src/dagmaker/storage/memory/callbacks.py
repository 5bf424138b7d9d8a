"""Callback queues and tokens in memory, for tests and dry runs."""

from __future__ import annotations

import dataclasses
import secrets
import threading
import uuid
from typing import Any

from dagmaker.records.callbacks import (
    STOPPING,
    CallbackStatus,
    CallbackToken,
    QueueMessage,
    queue_name,
)
from dagmaker.storage.memory.rows import document, now
from dagmaker.storage.problems import missing_token, token_answered


class InMemoryCallbackStore:
    """Queues and tokens in lists and dicts; thread-safe, behaving like ``CallbackRepository``.

    A message is handed out once: receiving marks it under the store's lock.
    """

    def __init__(self) -> None:
        self._messages: list[QueueMessage] = []
        self._tokens: dict[str, CallbackToken] = {}
        self._lock = threading.RLock()

    # -- queues ---------------------------------------------------------------------------

    def send(self, queue_url: str, body: dict[str, Any]) -> QueueMessage:
        """Post ``body`` to the queue named by ``queue_url``."""
        queue = queue_name(queue_url)
        with self._lock:
            return self._post(queue, body)

    def receive(self, queue_url: str, max_messages: int = 10) -> list[QueueMessage]:
        """Hand out up to ``max_messages`` messages not received before, oldest first."""
        queue = queue_name(queue_url)
        at = now()
        received: list[QueueMessage] = []
        with self._lock:
            for index, message in enumerate(self._messages):
                if len(received) >= max_messages:
                    break
                if message.queue == queue and message.received_at is None:
                    taken = dataclasses.replace(
                        message, received_at=at, receipt=secrets.token_hex(16)
                    )
                    self._messages[index] = taken
                    received.append(dataclasses.replace(taken, body=document(taken.body)))
        return received

    # -- tokens ---------------------------------------------------------------------------

    def open(
        self, token: str, execution_arn: str, step_name: str, queue_url: str, body: dict[str, Any]
    ) -> bool:
        """Issue ``token`` and post its message, both or neither; False if issued before."""
        with self._lock:
            if token in self._tokens:
                return False
            self._post(queue_name(queue_url), body)
            self._tokens[token] = CallbackToken(
                token=token,
                execution_arn=execution_arn,
                step_name=step_name,
                queue_url=queue_url,
                body=document(body),
                created_at=now(),
            )
        return True

    def post_stopping(self, token: str) -> bool:
        """Post the token's ``"status": "Stopping"`` message once; False if posted before."""
        with self._lock:
            current = self._tokens.get(token)
            if current is None or current.stop_sent:
                return False
            self._post(queue_name(current.queue_url), {**current.body, "status": STOPPING})
            self._tokens[token] = dataclasses.replace(current, stop_sent=True)
        return True

    def get(self, token: str) -> CallbackToken:
        """The token's current state.

        Raises:
            NotFound: for a token that was never issued.
        """
        with self._lock:
            current = self._tokens.get(token)
        if current is None:
            raise missing_token(token)
        return _copy(current)

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
        with self._lock:
            current = self._tokens.get(token)
            if current is None:
                raise missing_token(token)
            if current.status != CallbackStatus.WAITING:
                raise token_answered(
                    token, current.status.value, current.answered_at, current.step_name
                )
            self._tokens[token] = dataclasses.replace(
                current,
                status=CallbackStatus(status),
                outputs=document(outputs or []),
                failure_reason=failure_reason,
                answered_at=now(),
            )
            return self.get(token)

    def for_execution(self, execution_arn: str) -> list[CallbackToken]:
        """Every token issued for steps of the execution, oldest first."""
        with self._lock:
            # Dicts keep insertion order, which is the order of creation.
            found = [t for t in self._tokens.values() if t.execution_arn == execution_arn]
        return [_copy(t) for t in found]

    def _post(self, queue: str, body: dict[str, Any]) -> QueueMessage:
        message = QueueMessage(str(uuid.uuid4()), queue, document(body), now())
        self._messages.append(message)
        return dataclasses.replace(message, body=document(message.body))


def _copy(token: CallbackToken) -> CallbackToken:
    return dataclasses.replace(token, body=document(token.body), outputs=document(token.outputs))
