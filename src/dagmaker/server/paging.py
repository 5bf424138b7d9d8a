"""``MaxResults`` / ``NextToken`` paging of List* answers, done by the server for every client.

The client's list methods answer with everything (following their own tokens, if they
page); the server cuts the page the caller asked for and hands out an opaque token for
the rest, as SageMaker does.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any

from botocore.model import OperationModel

from dagmaker.server.error_codes import WireError

_FOLLOW_LIMIT = 1000  # pages of a client's own paging followed for one answer


def pageable(op: OperationModel) -> str | None:
    """The list member an operation pages, when it takes MaxResults and returns NextToken."""
    inputs = op.input_shape.members if op.input_shape else {}
    outputs = op.output_shape.members if op.output_shape else {}
    if "NextToken" not in inputs or "NextToken" not in outputs:
        return None
    lists = [name for name, shape in outputs.items() if shape.type_name == "list"]
    return lists[0] if len(lists) == 1 else None


def answer(
    op: OperationModel, member: str, call: Callable[..., Any], params: dict[str, Any]
) -> dict[str, Any]:
    """Call a list method for everything, then return the requested page."""
    size = params.pop("MaxResults", None)
    token = params.pop("NextToken", None)
    start = _offset(token, op.name)
    result = dict(call(**params) or {})
    items = list(result.get(member) or [])
    follows = 0
    while result.get("NextToken") and follows < _FOLLOW_LIMIT:
        result = dict(call(**params, NextToken=result["NextToken"]) or {})
        items.extend(result.get(member) or [])
        follows += 1
    result.pop("NextToken", None)
    end = len(items) if size is None else start + int(size)
    result[member] = items[start:end]
    if end < len(items):
        result["NextToken"] = _token(end, op.name)
    return result


def _token(offset: int, operation: str) -> str:
    raw = json.dumps({"o": offset, "op": operation}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _offset(token: str | None, operation: str) -> int:
    if not token:
        return 0
    try:
        decoded = json.loads(base64.urlsafe_b64decode(token.encode()))
        if decoded.get("op") != operation:
            raise ValueError(operation)
        return int(decoded["o"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise WireError(
            400, "ValidationException", "The NextToken is invalid or was issued for another call"
        ) from None
