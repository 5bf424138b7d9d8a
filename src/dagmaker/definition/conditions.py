"""Condition trees of a ConditionStep (``Arguments.Conditions``).

The list is combined with AND; ``Or`` and ``Not`` nest to any depth. Operands are raw
JSON values (literals or expressions) resolved by the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagmaker.definition.expressions import ExpressionError

JSON = Any

COMPARISONS = ("Equals", "GreaterThan", "GreaterThanOrEqualTo", "LessThan", "LessThanOrEqualTo")
CONDITION_TYPES = (*COMPARISONS, "In", "Not", "Or")


@dataclass(frozen=True)
class Comparison:
    """``Equals``/``GreaterThan``/… with left and right operands."""

    type: str
    left: JSON
    right: JSON
    path: str


@dataclass(frozen=True)
class In:
    """``QueryValue`` is one of ``Values``."""

    query: JSON
    values: tuple[JSON, ...]
    path: str


@dataclass(frozen=True)
class Not:
    """Negation of one condition."""

    condition: Condition
    path: str


@dataclass(frozen=True)
class Or:
    """True when any of the conditions is."""

    conditions: tuple[Condition, ...]
    path: str


Condition = Comparison | In | Not | Or


def parse_condition(value: JSON, path: str) -> Condition:
    """Parse one condition object.

    Raises:
        ExpressionError: naming the JSON path of the malformed part.
    """
    if not isinstance(value, dict) or "Type" not in value:
        raise ExpressionError("a condition must be an object with a 'Type'", path)
    kind = value["Type"]
    if kind in COMPARISONS:
        return _comparison(kind, value, path)
    if kind == "In":
        return _in(value, path)
    if kind == "Not":
        if "Condition" not in value:
            raise ExpressionError("Not needs a 'Condition'", path)
        return Not(parse_condition(value["Condition"], path + ".Condition"), path)
    if kind == "Or":
        items = value.get("Conditions")
        if not isinstance(items, list) or not items:
            raise ExpressionError("Or needs a non-empty 'Conditions' list", path)
        return Or(tuple(_each(items, path + ".Conditions")), path)
    raise ExpressionError(
        f"unknown condition Type {kind!r}; known: {', '.join(CONDITION_TYPES)}", path + ".Type"
    )


def _comparison(kind: str, value: dict[str, JSON], path: str) -> Comparison:
    missing = [k for k in ("LeftValue", "RightValue") if k not in value]
    if missing:
        raise ExpressionError(f"{kind} needs {' and '.join(missing)}", path)
    return Comparison(kind, value["LeftValue"], value["RightValue"], path)


def _in(value: dict[str, JSON], path: str) -> In:
    if "QueryValue" not in value or not isinstance(value.get("Values"), list):
        raise ExpressionError("In needs 'QueryValue' and a 'Values' list", path)
    return In(value["QueryValue"], tuple(value["Values"]), path)


def _each(items: list[JSON], path: str) -> list[Condition]:
    return [parse_condition(item, f"{path}[{i}]") for i, item in enumerate(items)]


def parse_conditions(value: JSON, path: str = "Arguments.Conditions") -> list[Condition]:
    """Parse a ConditionStep's ``Conditions`` list."""
    if not isinstance(value, list):
        raise ExpressionError("Conditions must be a list", path)
    return _each(value, path)
