"""Answering callback steps, and reading their local queues (SQS-shaped messages)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from dagmaker.api.services import Services
from dagmaker.errors import InvalidRequest
from dagmaker.records.callbacks import CallbackStatus, QueueMessage
from dagmaker.runners.output_parameters import flatten

JSON = Any
# SQS's rule for a queue name: 1-80 letters, digits, '-' or '_' (a FIFO queue's name ends
# in .fifo, within the 80); a queue URL is https://<host>/<account>/<name>.
_QUEUE_NAME = re.compile(r"[A-Za-z0-9_-]{1,75}(?:\.fifo)?|[A-Za-z0-9_-]{76,80}", re.ASCII)
_QUEUE_URL = re.compile(r"https?://[^/\s]+/(?:[^/\s]+/)?(?P<name>[^/\s]+)/?", re.ASCII)


def send_success(services: Services, token: str, output_parameters: Any) -> dict[str, JSON]:
    """SendPipelineExecutionStepSuccess: record the outputs; the step picks them up.

    ``output_parameters`` is ``[{"Name", "Value"}]`` (a plain ``{name: value}`` mapping is
    accepted too). Nested values are stored as their compact JSON text.

    Raises:
        InvalidRequest: for malformed output parameters.
        NotFound: for an unknown token.
        Conflict: for a token already answered.
    """
    outputs = _outputs(output_parameters)
    answered = services.callbacks.answer(token, CallbackStatus.SUCCEEDED, outputs=outputs)
    return {"PipelineExecutionArn": answered.execution_arn}


def send_failure(services: Services, token: str, reason: str) -> dict[str, JSON]:
    """SendPipelineExecutionStepFailure: the waiting step fails with ``reason``.

    Raises:
        NotFound: for an unknown token.
        Conflict: for a token already answered.
    """
    answered = services.callbacks.answer(
        token, CallbackStatus.FAILED, failure_reason=str(reason or "")
    )
    return {"PipelineExecutionArn": answered.execution_arn}


def receive(services: Services, queue_url: str, max_messages: int) -> dict[str, JSON]:
    """Up to ``max_messages`` (1-10, as SQS) new messages of a queue, as ReceiveMessage.

    Raises:
        InvalidRequest: for a count outside 1-10, or text that is neither a queue name
            nor a queue URL.
    """
    _check_queue(queue_url)
    whole = isinstance(max_messages, int) and not isinstance(max_messages, bool)
    if not whole or not 1 <= max_messages <= 10:
        raise InvalidRequest(
            "MaxNumberOfMessages must be from 1 to 10",
            field="MaxNumberOfMessages",
            value=max_messages,
        )
    messages = services.callbacks.receive(queue_url, max_messages)
    return {"Messages": [_sqs_message(m) for m in messages]}


def _check_queue(queue_url: Any) -> None:
    """Refuse what SQS would not take as a queue: a bad name, or a URL of another form."""
    text = queue_url if isinstance(queue_url, str) else ""
    url = _QUEUE_URL.fullmatch(text)
    name = url["name"] if url else text
    if not _QUEUE_NAME.fullmatch(name):
        raise InvalidRequest(
            "QueueUrl must be a queue name (1-80 letters, digits, '-' or '_'; a FIFO "
            "queue's ends in .fifo) or a queue URL https://sqs.<region>.amazonaws.com/"
            "<account>/<name>",
            field="QueueUrl",
            value=queue_url,
        )


def _sqs_message(message: QueueMessage) -> dict[str, JSON]:
    body = json.dumps(message.body)
    return {
        "MessageId": message.message_id,
        "ReceiptHandle": message.receipt,
        "MD5OfBody": hashlib.md5(body.encode(), usedforsecurity=False).hexdigest(),
        "Body": body,
        "Attributes": {"SentTimestamp": str(int(message.sent_at.timestamp() * 1000))},
    }


def _outputs(given: Any) -> list[dict[str, JSON]]:
    if given is None:
        return []
    if isinstance(given, Mapping):
        given = [{"Name": k, "Value": v} for k, v in given.items()]
    if not isinstance(given, list):
        raise InvalidRequest(
            "OutputParameters must be a list of {'Name': ..., 'Value': ...}",
            field="OutputParameters",
            value=given,
        )
    outputs: list[dict[str, JSON]] = []
    for i, item in enumerate(given):
        outputs.append(_output(item, i, {o["Name"] for o in outputs}))
    return outputs


def _output(item: Any, index: int, seen: set[str]) -> dict[str, JSON]:
    where = f"OutputParameters[{index}]"
    if not isinstance(item, Mapping) or not isinstance(item.get("Name"), str) or not item["Name"]:
        raise InvalidRequest("each output needs a non-empty string Name", field=where, value=item)
    if "Value" not in item or item["Value"] is None:
        raise InvalidRequest(f"output {item['Name']!r} needs a Value", field=where)
    if item["Name"] in seen:
        raise InvalidRequest(f"output {item['Name']!r} is given twice", field=where)
    return {"Name": item["Name"], "Value": flatten(item["Value"])}
