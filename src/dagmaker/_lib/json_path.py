"""The path language shared by property references and ``JsonGet``.

Paths are dotted keys with bracket indexes: ``a.b['c'][0]`` or ``Outputs["x"].S3Uri``,
optionally led by ``$.``. Brackets are parsed before dots so keys containing dots
(``FinalMetricDataList['validation:rmse']``) survive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Key:
    """A dotted member access: ``.name``."""

    name: str

    def __str__(self) -> str:
        return f".{self.name}"


@dataclass(frozen=True)
class Index:
    """A bracket index: ``[0]`` (int) or ``['name']`` (str)."""

    value: int | str

    def __str__(self) -> str:
        return f"[{self.value!r}]" if isinstance(self.value, str) else f"[{self.value}]"


Token = Key | Index


class PathSyntaxError(ValueError):
    """The path is not in the supported subset."""


def parse(path: str) -> list[Token]:
    """Split ``path`` into tokens.

    Raises:
        PathSyntaxError: with the position (in ``path``) of the first character that
            does not fit.
    """
    pos = 2 if path.startswith("$.") else len(path) - len(path.lstrip("$"))
    tokens: list[Token] = []
    while pos < len(path):
        char = path[pos]
        if char == "[":
            token, pos = _read_bracket(path, pos)
            tokens.append(token)
            if pos < len(path) and path[pos] not in ".[":
                raise PathSyntaxError(f"expected '.' or '[' at position {pos} in {path!r}")
        elif char == ".":
            pos += 1
            if pos >= len(path) or path[pos] in ".[":
                raise PathSyntaxError(f"empty key at position {pos} in {path!r}")
        else:
            end = pos
            while end < len(path) and path[end] not in ".[":
                end += 1
            tokens.append(Key(path[pos:end]))
            pos = end
    if not tokens:
        raise PathSyntaxError(f"empty path {path!r}")
    return tokens


def _read_bracket(path: str, pos: int) -> tuple[Token, int]:
    close = _find_close(path, pos)
    inner = path[pos + 1 : close].strip()
    if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
        return Index(inner[1:-1]), close + 1
    try:
        return Index(int(inner)), close + 1
    except ValueError:
        raise PathSyntaxError(
            f"bracket index {inner!r} at position {pos} in {path!r} must be an integer "
            "or a quoted string"
        ) from None


def _find_close(path: str, pos: int) -> int:
    quote = ""
    for i in range(pos + 1, len(path)):
        char = path[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "]":
            return i
    raise PathSyntaxError(f"unclosed '[' at position {pos} in {path!r}")


def render(tokens: list[Token]) -> str:
    """Inverse of :func:`parse` (without a leading dot)."""
    return "".join(str(t) for t in tokens).lstrip(".")


class PathLookupError(LookupError):
    """A token of the path does not exist in the document."""


def lookup(document: Any, tokens: list[Token]) -> Any:
    """Follow ``tokens`` through ``document`` (plain JSON values).

    A string index on a list selects the element whose ``*Name`` field equals it,
    as SageMaker does for ``Outputs['train']`` and ``FinalMetricDataList['rmse']``.

    Raises:
        PathLookupError: naming the first token that could not be followed.
    """
    current = document
    for i, token in enumerate(tokens):
        current = _step(current, token, tokens[: i + 1])
    return current


def _step(current: Any, token: Token, so_far: list[Token]) -> Any:
    where = render(so_far)
    if isinstance(token, Key) or isinstance(token.value, str):
        key = token.name if isinstance(token, Key) else token.value
        if isinstance(current, dict):
            if key in current:
                return current[key]
            raise PathLookupError(f"{where}: no key {key!r} (keys: {sorted(current)[:20]})")
        if isinstance(current, list):
            return _by_name(current, str(key), where)
        raise PathLookupError(f"{where}: cannot take key {key!r} of a {type(current).__name__}")
    if isinstance(current, list):
        if -len(current) <= token.value < len(current):
            return current[token.value]
        raise PathLookupError(f"{where}: index {token.value} out of range ({len(current)} items)")
    raise PathLookupError(f"{where}: cannot index a {type(current).__name__} with {token.value}")


def _by_name(items: list[Any], key: str, where: str) -> Any:
    for item in items:
        if isinstance(item, dict) and any(
            k.endswith("Name") and v == key for k, v in item.items() if isinstance(v, str)
        ):
            return item
    raise PathLookupError(f"{where}: no element named {key!r}")
