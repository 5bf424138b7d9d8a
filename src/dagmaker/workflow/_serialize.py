"""Turn request structures holding pipeline variables into plain JSON, and find the variables.

Step arguments are built as ordinary dicts and lists whose leaves may be pipeline
variables. At compile time every variable becomes its expression; anything that is
neither JSON nor a variable is reported with its location.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dagmaker.workflow.entities import BoundExpression, Expression, Join

_SCALARS = (str, int, float, bool, type(None))


class NotSerializable(TypeError):
    """A value in a request cannot be written to the definition JSON.

    Attributes:
        path: Where the value sits, e.g. ``Arguments.HyperParameters.epochs``.
    """

    def __init__(self, path: str, value: Any) -> None:
        super().__init__(
            f"{path or 'value'}: a {type(value).__name__} cannot go into a pipeline definition; "
            "use a str, int, float, bool, None, list, dict or a pipeline variable"
        )
        self.path = path
        self.value = value


def to_json(value: Any, path: str = "") -> Any:
    """A copy of ``value`` with every pipeline variable replaced by its expression.

    Raises:
        NotSerializable: naming the path of the first value that is not JSON.
    """
    if isinstance(value, Expression):
        return value.expr
    if isinstance(value, BoundExpression):
        return value.bound_expr()
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, dict):
        return {_key(k, path, value): to_json(v, _child(path, k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item, f"{path}[{i}]") for i, item in enumerate(value)]
    raise NotSerializable(path, value)


def _key(key: Any, path: str, owner: Any) -> str:
    if not isinstance(key, str):
        raise NotSerializable(f"{path}<key {key!r}>", key)
    return key


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def iter_variables(value: Any, path: str = "", deep: bool = False) -> Iterator[tuple[str, Any]]:
    """Yield ``(path, variable)`` for every pipeline variable inside ``value``.

    Args:
        value: A request structure.
        path: The path of ``value`` itself.
        deep: Also look inside ``Join`` values and ``JsonGet`` S3 URIs.
    """
    if isinstance(value, (Expression, BoundExpression)):
        yield path, value
        if deep:
            yield from _inner(value, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_variables(item, _child(path, str(key)), deep)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from iter_variables(item, f"{path}[{i}]", deep)


def _inner(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Join):
        yield from iter_variables(value.values, f"{path}.Std:Join.Values", deep=True)
    inner_uri = getattr(value, "s3_uri", None)
    if isinstance(inner_uri, Expression):
        yield from iter_variables(inner_uri, f"{path}.Std:JsonGet.S3Uri", deep=True)
