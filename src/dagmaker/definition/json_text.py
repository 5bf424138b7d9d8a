"""Turn definition text into a JSON object, with a located error for anything else.

The text may come from a file in any encoding, from a hostile client or from a fuzzer, so
every way ``json.loads`` can fail or succeed surprisingly is caught here: bytes that are
not UTF-8, text larger than SageMaker accepts, numbers that overflow (``1e999``, a
5,000-digit integer), ``NaN``/``Infinity`` (not JSON), nesting deep enough to exhaust
the interpreter's stack, and a top-level value that is not an object.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dagmaker.errors import DefinitionError, Issue

JSON = Any
WHOLE = "(whole definition)"  # the location of problems with the text as a whole
# botocore's PipelineDefinition shape: 1 to 1,048,576 characters.
MAX_CHARS = 1_048_576
# Real definitions nest about 20 levels (steps in branches of nested conditions); the
# limit keeps every recursive walk far from the interpreter's recursion limit.
MAX_DEPTH = 100
# No SageMaker number needs more digits (a double tops out near 1.8e308).
MAX_DIGITS = 309
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


@dataclass(frozen=True)
class _BadNumber:
    """A number JSON cannot carry into SageMaker, kept with its text to locate it later."""

    text: str
    why: str


def read_document(source: str | bytes | dict[str, JSON]) -> dict[str, JSON]:
    """The definition as a JSON object.

    Args:
        source: Definition text, its bytes (UTF-8), or an already parsed document.

    Raises:
        DefinitionError: saying what is wrong and where (line and column, or JSON path).
    """
    if isinstance(source, dict):
        document: JSON = source
    else:
        text = _text(source) if isinstance(source, bytes) else source
        _check_size(text)
        document = _parse(text)
    if not isinstance(document, dict):
        kind = "null" if document is None else type(document).__name__
        raise _error(WHOLE, f"must be a JSON object with Version and Steps, not {kind}")
    problems = list(_scan(document))
    if problems:
        raise DefinitionError.from_issues(problems)
    return document


def _text(data: bytes) -> str:
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            raise _error(
                "byte 0", f"the file is {name} (it starts with a byte-order mark); save it as UTF-8"
            )
    if b"\x00" in data[:4]:
        raise _error("byte 0", "the file looks like UTF-16 or UTF-32 (NUL bytes); save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _error(
            f"byte {exc.start} (line {line})",
            f"0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")  # a UTF-8 byte-order mark carries no content


def _check_size(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise _error(
            WHOLE,
            f"{len(text):,} characters; SageMaker accepts at most "
            f"{MAX_CHARS:,} (1 MiB, the PipelineDefinition limit): move data out of the "
            "definition (large literals belong in S3)",
        )


def _parse(text: str) -> JSON:
    try:
        return json.loads(
            text, parse_float=_float, parse_int=_int, parse_constant=_constant, strict=True
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise _error(where, f"not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise _error(
            WHOLE, f"nests deeper than {MAX_DEPTH} levels; flatten the definition"
        ) from None


def _float(text: str) -> float | _BadNumber:
    value = float(text)
    if math.isfinite(value):
        return value
    return _BadNumber(text[:40], "is too large for a number (at most about 1.8e308)")


def _int(text: str) -> int | _BadNumber:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        return _BadNumber(
            f"{text[:20]}…", f"has {digits} digits; no SageMaker number has that many"
        )
    return int(text)


def _constant(text: str) -> _BadNumber:
    return _BadNumber(text, "is not JSON; write a finite number or a string")


def _scan(document: dict[str, JSON]) -> Iterator[Issue]:
    # Iterative, so that a parsed document nested deeper than the stack allows is still read.
    stack: list[tuple[JSON, str, int]] = [(document, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            yield Issue("", path, f"nests deeper than {MAX_DEPTH} levels; flatten the definition")
            continue
        problem = _value_problem(value)
        if problem:
            yield Issue("", path or WHOLE, problem)
        elif isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    yield Issue("", path, f"key {key!r} is not a string")
                stack.append((item, f"{path}.{key}" if path else str(key), depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))


def _value_problem(value: JSON) -> str:
    if isinstance(value, _BadNumber):
        return f"the number {value.text} {value.why}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number; JSON cannot carry it"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1030:
        return f"an integer of {value.bit_length()} bits is too large for any SageMaker number"
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"the text holds a lone surrogate at character {exc.start}; use valid Unicode"
    if value is None or isinstance(value, (str, int, float, bool, dict, list)):
        return ""
    return f"a {type(value).__name__} is not a JSON value"


def _error(path: str, message: str) -> DefinitionError:
    return DefinitionError.from_issues([Issue("", path, message)])
