"""The JSONPath subset of batch transform's ``InputFilter`` and ``OutputFilter``.

SageMaker documents these operators for ``DataProcessing`` filters, and only these:

- ``$``: the whole record;
- ``.<name>`` and ``['<name>', '<name>', ...]``: one child, or several (kept as an object);
- ``[<index>, ...]``: elements by position; negative positions count from the end;
- ``[<start>:<end>]``: a slice (end excluded; either bound may be left out), also mixed
  with single indexes as in ``$[0,5:]``;
- ``*`` (``.*`` or ``[*]``): every child.

A CSV record is read as a JSON array of its fields, so ``$[1:]`` drops the first column.
Segments apply one after the other to the value selected so far. Selecting one index or
one name gives that element; several give a list (or an object, for names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dagmaker.errors import InvalidRequest, JobFailure

MAX_LENGTH = 63  # DataProcessing filters are at most 63 characters long.
_NAME = re.compile(r"[^.\[\]]+")
_INDEX = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Names:
    """``.name`` or ``['a', 'b']``."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Positions:
    """``[0]``, ``[0, 3]``, ``[1:]``, ``[0, 5:]``: indexes and slices."""

    items: tuple[int | slice, ...]


@dataclass(frozen=True)
class Wildcard:
    """``.*`` or ``[*]``."""


Segment = Names | Positions | Wildcard


@dataclass(frozen=True)
class JsonPathFilter:
    """A parsed filter expression.

    Attributes:
        text: The expression as given.
        segments: What follows ``$``, in order.
    """

    text: str
    segments: tuple[Segment, ...]

    @property
    def is_identity(self) -> bool:
        """Whether the filter keeps the whole record (``$``)."""
        return not self.segments

    def apply(self, value: Any) -> Any:
        """Select from ``value`` (parsed JSON, or a CSV record's fields as a list).

        Raises:
            JobFailure: when the record lacks a selected key or index.
        """
        for segment in self.segments:
            value = _apply(segment, value, self.text)
        return value


def parse(expression: str | None, field: str = "DataProcessing.InputFilter") -> JsonPathFilter:
    """Parse a filter; an empty or missing expression means ``$``.

    Raises:
        InvalidRequest: naming ``field`` for anything outside the documented subset.
    """
    text = (expression or "$").strip()
    if len(text) > MAX_LENGTH:
        raise InvalidRequest(
            f"filter {text!r} is longer than {MAX_LENGTH} characters", field=field, value=text
        )
    if not text.startswith("$"):
        raise _syntax(text, field, "it must start with '$' (the record)")
    segments = []
    position = 1
    while position < len(text):
        segment, position = _segment(text, position, field)
        segments.append(segment)
    return JsonPathFilter(text, tuple(segments))


def _segment(text: str, position: int, field: str) -> tuple[Segment, int]:
    if text[position] == ".":
        return _dotted(text, position + 1, field)
    if text[position] == "[":
        end = text.find("]", position)
        if end < 0:
            raise _syntax(text, field, "a '[' is not closed")
        return _bracket(text, text[position + 1 : end].strip(), field), end + 1
    raise _syntax(text, field, f"unexpected {text[position]!r} at position {position}")


def _dotted(text: str, position: int, field: str) -> tuple[Segment, int]:
    if text.startswith("*", position):
        return Wildcard(), position + 1
    match = _NAME.match(text, position)
    if match is None:
        raise _syntax(text, field, f"a name must follow '.' at position {position - 1}")
    return Names((match.group().strip(),)), match.end()


def _bracket(text: str, inside: str, field: str) -> Segment:
    if inside == "*":
        return Wildcard()
    parts = [part.strip() for part in inside.split(",")]
    if not inside or any(not part for part in parts):
        raise _syntax(text, field, "empty brackets or an empty item between commas")
    if parts[0][0] in "'\"":
        return Names(tuple(_quoted(part, text, field) for part in parts))
    return Positions(tuple(_position(part, text, field) for part in parts))


def _quoted(part: str, text: str, field: str) -> str:
    if len(part) < 2 or part[0] not in "'\"" or part[-1] != part[0]:
        raise _syntax(text, field, f"{part!r} is not a quoted name such as 'id'")
    return part[1:-1]


def _position(part: str, text: str, field: str) -> int | slice:
    if ":" not in part:
        if not _INDEX.fullmatch(part):
            raise _syntax(text, field, f"{part!r} is neither an index nor a start:end slice")
        return int(part)
    bounds = [bound.strip() for bound in part.split(":")]
    if len(bounds) != 2 or any(b and not _INDEX.fullmatch(b) for b in bounds):
        raise _syntax(text, field, f"{part!r} is not a start:end slice (steps are not supported)")
    start, end = (int(b) if b else None for b in bounds)
    return slice(start, end)


def _syntax(text: str, field: str, why: str) -> InvalidRequest:
    return InvalidRequest(
        f"filter {text!r} is not in the JSONPath subset batch transform supports: {why}",
        field=field,
        value=text,
        hint="Use $, $.name, $['a','b'], $[0,3], $[-1], $[1:] or $[0,5:].",
    )


def _apply(segment: Segment, value: Any, text: str) -> Any:
    if isinstance(segment, Wildcard):
        if isinstance(value, dict):
            return list(value.values())
        if isinstance(value, list):
            return value
        raise _missing(text, f"'*' needs an object or an array, not {_kind(value)}")
    if isinstance(segment, Names):
        return _names(segment.names, value, text)
    return _positions(segment.items, value, text)


def _names(names: tuple[str, ...], value: Any, text: str) -> Any:
    if not isinstance(value, dict):
        raise _missing(text, f"a name selects from an object, not from {_kind(value)}")
    absent = [name for name in names if name not in value]
    if absent:
        raise _missing(text, f"the record has no key {absent[0]!r}")
    if len(names) == 1:
        return value[names[0]]
    return {name: value[name] for name in names}


def _positions(items: tuple[int | slice, ...], value: Any, text: str) -> Any:
    if not isinstance(value, list):
        raise _missing(text, f"an index selects from an array, not from {_kind(value)}")
    if len(items) == 1 and isinstance(items[0], int):
        return _element(value, items[0], text)
    selected: list[Any] = []
    for item in items:
        if isinstance(item, slice):
            selected.extend(value[item])
        else:
            selected.append(_element(value, item, text))
    return selected


def _element(value: list[Any], index: int, text: str) -> Any:
    if not -len(value) <= index < len(value):
        raise _missing(text, f"index {index} is out of range for a record of {len(value)} values")
    return value[index]


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return f"the value {value!r}"


def _missing(text: str, why: str) -> JobFailure:
    return JobFailure(f"filter {text!r} does not apply to the record: {why}")
