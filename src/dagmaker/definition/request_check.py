"""Check a JSON value against a request shape of a service model.

Checks what the service checks when the request arrives: required members, unknown
members, JSON types, enums, numeric ranges, lengths and name patterns. A pipeline
expression stands for a value known only at run time: it is checked by the type it will
produce when that is known (a parameter's declared type, a property's shape) and
otherwise accepted.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from dagmaker.definition.expressions import is_expression
from dagmaker.definition.service_model import TYPE_RANGES, ServiceModel, Shape

JSON = Any
_NUMBERS = ("integer", "long", "float", "double")
_LISTED = 12  # enums longer than this are summarised, not listed


@dataclass(frozen=True)
class Produced:
    """What an expression will evaluate to.

    Attributes:
        kind: A scalar type of :data:`~dagmaker.definition.service_model.SCALARS`,
            ``structure``/``list``/``map``, or None when it cannot be known in advance.
        label: How to name the expression in messages, e.g. ``parameter 'Count' (Integer)``.
        default: A literal the expression evaluates to unless overridden (a parameter's
            default), checked against the member's constraints too; None when there is none.
    """

    kind: str | None
    label: str
    default: JSON = None


Describe = Callable[[JSON], Produced]


@dataclass(frozen=True)
class Problem:
    """One mismatch: the JSON path below the checked value and what is wrong."""

    path: str
    message: str


class RequestChecker:
    """Walks values against the shapes of one service model.

    Args:
        model: The service model holding the shapes.
        describe: Tells what an expression will produce.
        filled_in: ``(shape, member)`` pairs that are required by the API but left out of
            definitions because the pipeline service fills them in (job names).
    """

    def __init__(
        self,
        model: ServiceModel,
        describe: Describe,
        filled_in: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self.model = model
        self.describe = describe
        self.filled_in = filled_in

    def check(self, value: JSON, shape_name: str, path: str) -> Iterator[Problem]:
        """Every problem of ``value`` as an instance of the named shape."""
        shape = self.model.shape(shape_name)
        if is_expression(value):
            yield from self._expression(value, shape, path)
        elif value is None:
            yield Problem(path, f"is null; omit it or give {_article(shape)}")
        elif shape.type == "structure":
            yield from self._structure(value, shape, path)
        elif shape.type == "list":
            yield from self._list(value, shape, path)
        elif shape.type == "map":
            yield from self._map(value, shape, path)
        else:
            message = scalar_problem(shape, value)
            if message:
                yield Problem(path, message)

    def _structure(self, value: JSON, shape: Shape, path: str) -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield Problem(path, f"{_show(value)} is not an object; {_rule(shape)}")
            return
        # The service reads a null member as an absent one (the SDK writes some as null).
        given = {k: v for k, v in value.items() if v is not None}
        for member in sorted(shape.required - given.keys()):
            if (shape.name, member) not in self.filled_in:
                state = "is null" if member in value else "missing"
                yield Problem(_join(path, member), f"{state}: {shape.name} requires {member}")
        if shape.union and len(given) != 1:
            yield Problem(path, f"{shape.name} takes exactly one of {', '.join(shape.members)}")
        for key, item in given.items():
            target = shape.members.get(key)
            if target is None:
                yield Problem(_join(path, str(key)), _unknown_member(str(key), shape))
            else:
                yield from self.check(item, target, _join(path, key))

    def _list(self, value: JSON, shape: Shape, path: str) -> Iterator[Problem]:
        if not isinstance(value, list):
            yield Problem(path, f"{_show(value)} is not a list; {_rule(shape)}")
            return
        message = _size_problem(shape, len(value), "items")
        if message:
            yield Problem(path, message)
        for i, item in enumerate(value):
            yield from self.check(item, shape.element, f"{path}[{i}]")

    def _map(self, value: JSON, shape: Shape, path: str) -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield Problem(path, f"{_show(value)} is not an object; {_rule(shape)}")
            return
        message = _size_problem(shape, len(value), "entries")
        if message:
            yield Problem(path, message)
        key_shape = self.model.shape(shape.key) if shape.key else None
        for key, item in value.items():
            where = _join(path, str(key))
            key_message = scalar_problem(key_shape, key) if key_shape else ""
            if key_message:
                yield Problem(where, f"key {key_message}")
            yield from self.check(item, shape.element, where)

    def _expression(self, value: JSON, shape: Shape, path: str) -> Iterator[Problem]:
        produced = self.describe(value)
        if produced.kind is None:
            return
        if not _assignable(produced.kind, shape.type):
            yield Problem(path, _mismatch(produced, shape))
        elif produced.default is not None and shape.type not in ("structure", "list", "map"):
            message = scalar_problem(shape, produced.default)
            if message:
                yield Problem(path, f"the default of {produced.label} would be rejected: {message}")


def scalar_problem(shape: Shape, value: JSON) -> str:
    """Why ``value`` is not a valid literal of the scalar ``shape``; "" when it is."""
    kind = shape.type
    if kind in ("string", "blob"):
        return _string_problem(shape, value) if isinstance(value, str) else _wrong(shape, value)
    if kind == "boolean":
        return "" if isinstance(value, bool) else _wrong(shape, value)
    if kind == "timestamp":
        ok = isinstance(value, (str, int, float)) and not isinstance(value, bool)
        return "" if ok else _wrong(shape, value)
    if kind in _NUMBERS:
        return _number_problem(shape, value)
    return ""


def _number_problem(shape: Shape, value: JSON) -> str:
    whole = shape.type in ("integer", "long")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _wrong(shape, value)
    if whole and isinstance(value, float):
        return _wrong(shape, value)
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number; {_rule(shape)}"
    low, high = _bounds(shape)
    if (low is not None and value < low) or (high is not None and value > high):
        return f"{_show(value)} is out of range; {_rule(shape)}"
    return ""


def _string_problem(shape: Shape, value: str) -> str:
    if shape.enum and value not in shape.enum:
        return _enum_problem(shape, value)
    message = _size_problem(shape, len(value), "characters")
    if message:
        return f"{_show(value)} has {message}"
    if not shape.matches(value):
        return f"{_show(value)} does not match the pattern {shape.pattern} ({shape.name})"
    return ""


def _enum_problem(shape: Shape, value: str) -> str:
    if len(shape.enum) <= _LISTED:
        return f"{_show(value)} is not one of {', '.join(shape.enum)} ({shape.name})"
    close = difflib.get_close_matches(value, shape.enum, n=3)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"{_show(value)} is not one of the {len(shape.enum)} values of {shape.name}{hint}"


def _size_problem(shape: Shape, size: int, unit: str) -> str:
    low, high = shape.min, shape.max
    if (low is None or size >= low) and (high is None or size <= high):
        return ""
    return f"{size} {unit}; {shape.name} allows {_span(low, high)} {unit}"


def _bounds(shape: Shape) -> tuple[float | None, float | None]:
    low: float | None
    high: float | None
    low, high = TYPE_RANGES.get(shape.type, (None, None))
    if shape.min is not None:
        low = shape.min if low is None else max(low, shape.min)
    if shape.max is not None:
        high = shape.max if high is None else min(high, shape.max)
    return low, high


def _rule(shape: Shape) -> str:
    if shape.type in _NUMBERS:
        low, high = _bounds(shape)
        number = "an integer" if shape.type in ("integer", "long") else "a number"
        span = f" from {_span(low, high)}" if low is not None or high is not None else ""
        return f"{shape.name} is {number}{span}"
    return f"{shape.name} is {_article(shape)}"


def _span(low: float | None, high: float | None) -> str:
    if high is None:
        return f"at least {_number(low)}"
    if low is None:
        return f"at most {_number(high)}"
    return f"{_number(low)} to {_number(high)}"


def _number(value: float | None) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _article(shape: Shape) -> str:
    kinds = {
        "structure": "an object",
        "list": "a list",
        "map": "an object of key/value pairs",
        "integer": "an integer",
        "long": "an integer",
        "float": "a number",
        "double": "a number",
        "boolean": "true or false",
        "timestamp": "a timestamp",
        "blob": "a base64 string",
    }
    return kinds.get(shape.type, "a string")


def _wrong(shape: Shape, value: JSON) -> str:
    return f"{_show(value)} is not {_article(shape)}; {_rule(shape)}"


def _assignable(produced: str, expected: str) -> bool:
    if produced in ("timestamp", "blob") or expected in ("timestamp", "blob"):
        return True  # their text form is not pinned down; leave them to run time
    if produced == expected:
        return True
    whole = ("integer", "long")
    if produced in whole and expected in _NUMBERS:
        return True  # an integer fits any number member
    return produced in ("float", "double") and expected in ("float", "double")


def _mismatch(produced: Produced, shape: Shape) -> str:
    wanted = _article(shape)
    message = (
        f"{produced.label} gives {_kind_text(produced.kind)} where {shape.name} needs {wanted}; "
        f'SageMaker rejects this when the pipeline is created ("Cannot assign property '
        f'reference to argument of type [{shape.type.capitalize()}]")'
    )
    if shape.type == "string":
        message += ": wrap it as {'Std:Join': {'On': '', 'Values': [<it>]}} to pass it as text"
    return message


def _kind_text(kind: str | None) -> str:
    names = {"integer": "an Integer", "long": "an Integer", "float": "a Float"}
    names |= {"double": "a Float", "boolean": "a Boolean", "string": "a String"}
    return names.get(kind or "", f"a {kind}")


def _unknown_member(key: str, shape: Shape) -> str:
    close = difflib.get_close_matches(key, list(shape.members), n=1)
    hint = f"; did you mean {close[0]}?" if close else f"; members: {', '.join(shape.members)}"
    return f"{shape.name} has no member {key!r}{hint}"


def _show(value: JSON) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
