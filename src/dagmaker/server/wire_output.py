"""Shape a response document by its output shape, as the JSON protocol carries it.

Only members the model declares are sent (what boto3 parses); timestamps go out as
epoch seconds and blobs as base64, as AWS sends them.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape


def write(shape: StructureShape | None, document: dict[str, Any]) -> dict[str, Any]:
    """The wire form of ``document`` under ``shape`` (an empty object without a shape)."""
    if shape is None:
        return {}
    return _structure(shape, document)


def _structure(shape: StructureShape, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    return {
        name: _value(member, value[name])
        for name, member in shape.members.items()
        if value.get(name) is not None
    }


def _value(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        return _structure(shape, value)
    if kind == "list":
        assert isinstance(shape, ListShape)
        return [_value(shape.member, v) for v in value] if isinstance(value, list) else []
    if kind == "map":
        assert isinstance(shape, MapShape)
        if not isinstance(value, dict):
            return {}
        return {str(k): _value(shape.value, v) for k, v in value.items()}
    return scalar(kind, value)


def scalar(kind: str, value: Any) -> Any:
    """One scalar in its JSON-protocol form."""
    if kind == "timestamp":
        return epoch_seconds(value)
    if kind == "blob":
        data = value.encode() if isinstance(value, str) else bytes(value)
        return base64.b64encode(data).decode("ascii")
    if kind == "string":
        return value if isinstance(value, str) else _text(value)
    if kind in ("integer", "long"):
        return int(value)
    if kind in ("float", "double"):
        return float(value)
    if kind == "boolean":
        return bool(value)
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def as_datetime(value: Any) -> datetime:
    """A stored time (datetime, date, ISO text or epoch seconds) as an aware datetime."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.astimezone()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.astimezone()


def epoch_seconds(value: Any) -> float:
    """Epoch seconds (millisecond precision), the JSON protocol's timestamp format."""
    return round(as_datetime(value).timestamp(), 3)
