"""JSON text exactly as Model Monitor's container writes it (Jackson, pretty-printed).

The analyzer is a Scala program; its files come out of Jackson's default pretty printer:
``"key" : value``, objects one field per line indented by two spaces per object level,
arrays on one line (``[ 1.0, 2.0 ]``, ``[ {`` … ``}, {`` … ``} ]``), empty containers as
``{ }`` / ``[ ]``, no newline at the end. Numbers keep their Java type: an ``int`` is a
Java long (``100``), a ``float`` a Java double printed by ``Double.toString`` (``2048.0``,
``1.0E-4``); non-finite doubles are quoted (``"NaN"``), Jackson's default.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

INDENT = "  "
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b"}
_ESCAPES["\f"] = "\\f"


def dumps(value: Any) -> str:
    """Render ``value`` (dicts, lists, str, int, float, bool, None) in Jackson's style."""
    parts: list[str] = []
    _write(value, 0, parts)
    return "".join(parts)


def java_double(value: float) -> str:
    """``Double.toString`` of ``value``: the shortest digits that read back exactly.

    Plain notation for magnitudes in [1e-3, 1e7), computerized scientific notation
    (``1.0E7``, ``-2.5E-4``) otherwise, always with a digit after the point.
    """
    if 1e-3 <= abs(value) < 1e7:
        # Python's repr is the same shortest round-trip digits, in plain notation here.
        return repr(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0.0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    sign, digit_tuple, exponent = Decimal(repr(value)).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    assert isinstance(exponent, int)  # finite values only reach here
    # value = 0.d1d2d3... x 10^point
    point = len(digit_tuple) + exponent
    text = _plain(digits, point) if 1e-3 <= abs(value) < 1e7 else _scientific(digits, point)
    return ("-" if sign else "") + text


def _plain(digits: str, point: int) -> str:
    if point <= 0:
        return "0." + "0" * -point + digits
    whole = digits[:point].ljust(point, "0")
    fraction = digits[point:] or "0"
    return f"{whole}.{fraction}"


def _scientific(digits: str, point: int) -> str:
    return f"{digits[0]}.{digits[1:] or '0'}E{point - 1}"


def quote(text: str) -> str:
    """A JSON string literal the way Jackson escapes it (UTF-8 kept, controls escaped)."""
    out = ['"']
    for char in text:
        escaped = _ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif ord(char) < 0x20:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = java_double(value)
        return f'"{text}"' if not math.isfinite(value) else text
    if isinstance(value, str):
        return quote(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _write(value: Any, level: int, out: list[str]) -> None:
    if isinstance(value, dict):
        _write_object(value, level, out)
    elif isinstance(value, list | tuple):
        _write_array(value, level, out)
    else:
        out.append(_scalar(value))


def _write_object(value: dict[str, Any], level: int, out: list[str]) -> None:
    if not value:
        out.append("{ }")
        return
    out.append("{")
    inner = INDENT * (level + 1)
    for index, (key, item) in enumerate(value.items()):
        out.append(",\n" if index else "\n")
        out.append(f"{inner}{quote(str(key))} : ")
        _write(item, level + 1, out)
    out.append(f"\n{INDENT * level}}}")


def _write_array(value: list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    if not value:
        out.append("[ ]")
        return
    out.append("[ ")
    for index, item in enumerate(value):
        if index:
            out.append(", ")
        # Arrays do not indent: an object inside one lines up with the array's owner.
        _write(item, level, out)
    out.append(" ]")
