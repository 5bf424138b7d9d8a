r"""Run the Java-flavoured patterns of AWS service models with Python's ``re``.

AWS validates a member's ``pattern`` against the whole value (Java ``matches()``), so
:func:`compile_pattern` returns a matcher for ``fullmatch``. Python lacks Java's Unicode
classes (``\p{L}``, ``\p{Alnum}``…) and reads a surrogate pair (``\uD800\uDC00``) as two
characters, so those are rewritten. Expanding a general category to code-point ranges means
scanning all of Unicode (a tenth of a second or more), so values that are pure ASCII are matched
against the ASCII part of each category, which gives the same answer for them.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from functools import cache

Matcher = Callable[[str], bool]

_PROPERTY = re.compile(r"\\p\{(\w+)\}")
_SURROGATE_PAIR = re.compile(r"\\u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})", re.IGNORECASE)
_QUANTIFIED_END = re.compile(r"\$\{\d+(?:,\d*)?\}")
# Java's POSIX classes are ASCII-only unless a flag says otherwise.
_POSIX = {"Alnum": "a-zA-Z0-9", "Alpha": "a-zA-Z", "Digit": "0-9", "Upper": "A-Z", "Lower": "a-z"}


class PatternError(ValueError):
    """The pattern uses Java syntax this module does not translate."""


@cache
def compile_pattern(pattern: str) -> Matcher:
    """A function telling whether a whole value matches the service-model ``pattern``.

    Raises:
        PatternError: when the pattern cannot be translated to Python syntax.
    """
    try:
        plain = re.compile(pattern)
    except re.error:
        return _translated_matcher(pattern)
    return lambda value: plain.fullmatch(value) is not None


def _translated_matcher(pattern: str) -> Matcher:
    narrow = _compile(pattern, ascii_only=True)

    def matches(value: str) -> bool:
        if value.isascii():
            return narrow.fullmatch(value) is not None
        return _compile(pattern, ascii_only=False).fullmatch(value) is not None

    return matches


@cache
def _compile(pattern: str, ascii_only: bool) -> re.Pattern[str]:
    text = _SURROGATE_PAIR.sub(_join_surrogates, pattern)
    text = _QUANTIFIED_END.sub("$", text)
    text = _replace_properties(text, ascii_only)
    try:
        return re.compile(text)
    except re.error as exc:
        raise PatternError(f"cannot translate the pattern {pattern!r}: {exc}") from None


def _join_surrogates(match: re.Match[str]) -> str:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"


def _replace_properties(text: str, ascii_only: bool) -> str:
    out: list[str] = []
    depth = 0  # inside [...] a class body is inserted bare, outside it is bracketed
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and text.startswith("\\p{", i):
            match = _PROPERTY.match(text, i)
            if match is None:
                raise PatternError(f"unclosed \\p{{ in {text!r}")
            body = _class_body(match.group(1), ascii_only)
            out.append(body if depth else f"[{body}]")
            i = match.end()
            continue
        if char == "\\":
            out.append(text[i : i + 2])
            i += 2
            continue
        depth += 1 if char == "[" else -1 if char == "]" and depth else 0
        out.append(char)
        i += 1
    return "".join(out)


def _class_body(name: str, ascii_only: bool) -> str:
    if name in _POSIX:
        return _POSIX[name]
    table = _categories(ascii_only)
    if name not in table and not (name[:1].isupper() and len(name) <= 2):
        raise PatternError(f"unknown Unicode property \\p{{{name}}}")
    # An empty class is invalid; NUL stands in for "no character of this category".
    return "".join(table.get(name, ())) or "\\x00"


@cache
def _categories(ascii_only: bool) -> dict[str, tuple[str, ...]]:
    """Code-point ranges of every general category (``Lu``) and major class (``L``)."""
    top = 0x80 if ascii_only else sys.maxunicode + 1
    found: dict[str, list[str]] = {}
    start, current = 0, unicodedata.category("\x00")
    for code in range(1, top + 1):
        kind = unicodedata.category(chr(code)) if code < top else ""
        if kind != current:
            text = _range_text(start, code - 1)
            found.setdefault(current, []).append(text)
            found.setdefault(current[0], []).append(text)
            start, current = code, kind
    return {name: tuple(parts) for name, parts in found.items()}


def _range_text(first: int, last: int) -> str:
    low = f"\\U{first:08X}"
    return low if first == last else f"{low}-\\U{last:08X}"
