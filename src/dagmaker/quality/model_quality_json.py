"""Model Monitor's JSON layout: Jackson's pretty printer, as the analyzer container writes it.

Objects put one ``"key" : value`` per line, indented by two spaces; arrays stay on one
line (``[ 1.0, 2.0 ]``) unless they hold objects (``[ {`` … ``}, {`` … ``} ]``); there is
no newline at the end. Numbers keep their Python type (``100`` stays an integer, ``0.0``
a double); NaN and infinities, which JSON cannot hold, are the strings ``"NaN"``,
``"Infinity"`` and ``"-Infinity"``. Doubles are written as plain decimals, never in
exponent notation (the documentation warns that thresholds in scientific notation are
not read back as numbers).
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

INDENT = "  "


def dumps(document: Any) -> str:
    """The document in the analyzer's layout."""
    return _value(document, 0)


def plain_number(value: float) -> str:
    """``value`` as a plain decimal with the fewest digits that read back exactly.

    ``1e-05`` becomes ``0.00001`` and ``2.0`` stays ``2.0``; NaN and infinities are
    returned as their quoted string forms.
    """
    if math.isnan(value):
        return '"NaN"'
    if math.isinf(value):
        return '"Infinity"' if value > 0 else '"-Infinity"'
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else f"{text}.0"


def _value(value: Any, depth: int) -> str:
    if isinstance(value, dict):
        return _object(value, depth)
    if isinstance(value, (list, tuple)):
        return _array(list(value), depth)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float):
        return plain_number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} in a Model Monitor document")


def _object(value: dict[str, Any], depth: int) -> str:
    if not value:
        return "{ }"
    inner = INDENT * (depth + 1)
    lines = [
        f"{inner}{json.dumps(str(key), ensure_ascii=False)} : {_value(item, depth + 1)}"
        for key, item in value.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n" + INDENT * depth + "}"


def _array(items: list[Any], depth: int) -> str:
    if not items:
        return "[ ]"
    # Objects inside arrays open on the bracket's line, at the array's own depth.
    return "[ " + ", ".join(_value(item, depth) for item in items) + " ]"
