"""Read a request's members by their input shape, checking them as the service does.

Values arrive as the JSON protocol carries them (timestamps as epoch seconds, blobs as
base64); they come out as Python values (datetimes, bytes). Every constraint the model
states (required, type, length, range, enum, pattern) is checked, and all violations are
reported at once in the words AWS uses ("1 validation error detected: Value null at
'pipelineName' failed to satisfy constraint: Member must not be null").
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape

_NUMBER = (int, float)
_LOCAL_ARN = re.compile(r"^(arn:aws[a-z-]*:[a-z0-9-]+:)local:")


class WireTypeError(Exception):
    """A value of the wrong JSON type (AWS answers SerializationException)."""


@dataclass
class _Report:
    problems: list[str] = field(default_factory=list)

    def add(self, value: Any, path: str, constraint: str) -> None:
        shown = "null" if value is None else f"'{_short(value)}'"
        self.problems.append(
            f"Value {shown} at '{path}' failed to satisfy constraint: {constraint}"
        )


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "..."


def read(shape: StructureShape | None, document: Any) -> tuple[dict[str, Any], list[str]]:
    """Decode a request document; return the members and the constraint violations.

    Members the shape does not know are dropped, as the service ignores them.

    Raises:
        WireTypeError: when a value has the wrong JSON type for its shape.
    """
    if shape is None:
        return {}, []
    if not isinstance(document, dict):
        raise WireTypeError("Start of structure or map found where not expected.")
    report = _Report()
    value = _structure(shape, document, "", report)
    return value, report.problems


def validation_message(problems: list[str]) -> str:
    """AWS's ValidationException text for a list of violations."""
    count = len(problems)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(problems)


def _member_path(parent: str, name: str) -> str:
    camel = name[:1].lower() + name[1:]
    return f"{parent}.{camel}" if parent else camel


def _structure(shape: StructureShape, value: Any, path: str, report: _Report) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WireTypeError(f"Expected an object at '{path or 'request'}'.")
    result = {}
    for name in shape.required_members:
        if value.get(name) is None:
            report.add(None, _member_path(path, name), "Member must not be null")
    for name, member in shape.members.items():
        if name in value and value[name] is not None:
            result[name] = _value(member, value[name], _member_path(path, name), report)
    return result


def _value(shape: Shape, value: Any, path: str, report: _Report) -> Any:
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        return _structure(shape, value, path, report)
    if kind == "list":
        assert isinstance(shape, ListShape)
        return _list(shape, value, path, report)
    if kind == "map":
        assert isinstance(shape, MapShape)
        return _map(shape, value, path, report)
    return _scalar(shape, value, path, report)


def _list(shape: ListShape, value: Any, path: str, report: _Report) -> list[Any]:
    if not isinstance(value, list):
        raise WireTypeError(f"Expected a list at '{path}'.")
    _check_size(shape, value, len(value), path, report)
    return [
        _value(shape.member, item, f"{path}.{i}.member", report) for i, item in enumerate(value, 1)
    ]


def _map(shape: MapShape, value: Any, path: str, report: _Report) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WireTypeError(f"Expected an object at '{path}'.")
    _check_size(shape, value, len(value), path, report)
    result = {}
    for key, item in value.items():
        _scalar(shape.key, key, f"{path}.key", report)
        result[key] = _value(shape.value, item, f"{path}.{key}.value", report)
    return result


def _scalar(shape: Shape, value: Any, path: str, report: _Report) -> Any:
    kind = shape.type_name
    if kind == "string":
        return _string(shape, value, path, report)
    if kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise WireTypeError(f"Expected an integer at '{path}'.")
        _check_range(shape, value, path, report)
        return value
    if kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, _NUMBER):
            raise WireTypeError(f"Expected a number at '{path}'.")
        _check_range(shape, value, path, report)
        return float(value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise WireTypeError(f"Expected true or false at '{path}'.")
        return value
    if kind == "timestamp":
        return _timestamp(value, path)
    if kind == "blob":
        return _blob(value, path)
    return value


def _string(shape: Shape, value: Any, path: str, report: _Report) -> str:
    if not isinstance(value, str):
        raise WireTypeError(f"Expected a string at '{path}'.")
    _check_size(shape, value, len(value), path, report)
    if shape.enum and value not in shape.enum:
        report.add(value, path, f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
    pattern = shape.metadata.get("pattern")
    if pattern and not _matches(pattern, value):
        report.add(value, path, f"Member must satisfy regular expression pattern: {pattern}")
    return value


def _matches(pattern: str, value: str) -> bool:
    # dagmaker's own ARNs name the region "local", shorter than the model's ARN patterns
    # allow ([a-z0-9-]{9,16}); they are checked as if they named a real region.
    value = _LOCAL_ARN.sub(r"\1us-east-1:", value)
    try:
        return re.fullmatch(pattern, value, flags=re.DOTALL) is not None
    except re.error:
        # A few model patterns use Java-only syntax; the service is the judge of those.
        return True


def _check_size(shape: Shape, value: Any, size: int, path: str, report: _Report) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and size < low:
        report.add(value, path, f"Member must have length greater than or equal to {low}")
    if high is not None and size > high:
        report.add(value, path, f"Member must have length less than or equal to {high}")


def _check_range(shape: Shape, value: float, path: str, report: _Report) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and value < low:
        report.add(value, path, f"Member must have value greater than or equal to {low}")
    if high is not None and value > high:
        report.add(value, path, f"Member must have value less than or equal to {high}")


def _timestamp(value: Any, path: str) -> datetime:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise WireTypeError(f"Expected a timestamp at '{path}'.")
    try:
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        return datetime.fromtimestamp(value, UTC)
    except (ValueError, OverflowError, OSError):
        raise WireTypeError(f"Expected a timestamp at '{path}'.") from None


def _blob(value: Any, path: str) -> bytes:
    if not isinstance(value, str):
        raise WireTypeError(f"Expected base64 text at '{path}'.")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise WireTypeError(f"Expected base64 text at '{path}'.") from None
