"""Evaluate a ConditionStep's conditions (AND of the list; Or and Not nest)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from dagmaker.definition.conditions import Comparison, Condition, In, Not, Or
from dagmaker.errors import ResolutionError

Resolve = Callable[[Any, str], Any]

_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "GreaterThan": operator.gt,
    "GreaterThanOrEqualTo": operator.ge,
    "LessThan": operator.lt,
    "LessThanOrEqualTo": operator.le,
}


def evaluate_all(conditions: list[Condition], resolve: Resolve) -> bool:
    """True when every condition holds. ``resolve(value, json_path)`` resolves operands."""
    return all(evaluate(c, resolve) for c in conditions)


def evaluate(condition: Condition, resolve: Resolve) -> bool:
    """Evaluate one condition.

    Raises:
        ResolutionError: when operands cannot be compared (e.g. a string with a number).
    """
    if isinstance(condition, Not):
        return not evaluate(condition.condition, resolve)
    if isinstance(condition, Or):
        return any(evaluate(c, resolve) for c in condition.conditions)
    if isinstance(condition, In):
        query = resolve(condition.query, condition.path + ".QueryValue")
        values = [
            resolve(v, f"{condition.path}.Values[{i}]") for i, v in enumerate(condition.values)
        ]
        return any(_equal(query, v) for v in values)
    return _compare(condition, resolve)


def _compare(condition: Comparison, resolve: Resolve) -> bool:
    left = resolve(condition.left, condition.path + ".LeftValue")
    right = resolve(condition.right, condition.path + ".RightValue")
    if condition.type == "Equals":
        if not _related(left, right):
            raise _mismatch(condition, left, right)
        return _equal(left, right)
    try:
        return bool(_OPERATORS[condition.type](left, right))
    except TypeError:
        raise _mismatch(condition, left, right) from None


def _equal(left: Any, right: Any) -> bool:
    return bool(left == right) and _comparable(left, right)


def _comparable(left: Any, right: Any) -> bool:
    numbers = (int, float)
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool)
    if isinstance(left, numbers) and isinstance(right, numbers):
        return True
    return type(left) is type(right)


def _related(left: Any, right: Any) -> bool:
    # Booleans and numbers may meet in Equals (it is then simply false), since both are
    # JSON scalars users compare; a string against a number is a definition mistake.
    scalars = (int, float)
    if isinstance(left, scalars) and isinstance(right, scalars):
        return True
    return type(left) is type(right)


def _mismatch(condition: Comparison, left: Any, right: Any) -> ResolutionError:
    return ResolutionError(
        f"{condition.type} cannot compare {left!r} ({type(left).__name__}) with "
        f"{right!r} ({type(right).__name__}); make both operands the same type",
        field=condition.path,
    )
