"""Conditions of a ``ConditionStep``.

Comparisons emit ``{"Type", "LeftValue", "RightValue"}``; ``ConditionIn`` emits
``{"Type": "In", "QueryValue", "Values"}``; ``ConditionNot`` wraps one condition and
``ConditionOr`` a list. The step's list of conditions is combined with AND.
Operands are literals or pipeline variables.
"""

from __future__ import annotations

import abc
from enum import Enum
from typing import Any

from dagmaker.workflow.entities import (
    DefaultEnumMeta,
    Entity,
    PipelineVariable,
    PrimitiveType,
    expr_or_value,
    referenced_steps,
)

ConditionValueType = PipelineVariable
Operand = PipelineVariable | PrimitiveType


class ConditionTypeEnum(Enum, metaclass=DefaultEnumMeta):
    """The condition types of the definition format."""

    EQ = "Equals"
    GT = "GreaterThan"
    GTE = "GreaterThanOrEqualTo"
    IN = "In"
    LT = "LessThan"
    LTE = "LessThanOrEqualTo"
    NOT = "Not"
    OR = "Or"


class Condition(Entity):
    """Base of every condition.

    Attributes:
        condition_type: The condition's type.
    """

    def __init__(self, condition_type: ConditionTypeEnum) -> None:
        self.condition_type = condition_type

    @abc.abstractmethod
    def to_request(self) -> dict[str, Any]:
        """The condition object; operands stay as given (variables are rendered later)."""

    @property
    @abc.abstractmethod
    def _referenced_steps(self) -> list[Any]:
        """Steps whose properties the condition reads."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_request()!r})"


class ConditionComparison(Condition):
    """A comparison of two operands.

    Attributes:
        left: The left operand.
        right: The right operand.
    """

    def __init__(self, condition_type: ConditionTypeEnum, left: Operand, right: Operand) -> None:
        super().__init__(condition_type)
        self.left = left
        self.right = right

    def to_request(self) -> dict[str, Any]:
        """``{"Type", "LeftValue", "RightValue"}``."""
        return {"Type": self.condition_type.value, "LeftValue": self.left, "RightValue": self.right}

    @property
    def _referenced_steps(self) -> list[Any]:
        return referenced_steps(self.left) + referenced_steps(self.right)


class ConditionEquals(ConditionComparison):
    """``left == right``."""

    def __init__(self, left: Operand, right: Operand) -> None:
        super().__init__(ConditionTypeEnum.EQ, left, right)


class ConditionGreaterThan(ConditionComparison):
    """``left > right``."""

    def __init__(self, left: Operand, right: Operand) -> None:
        super().__init__(ConditionTypeEnum.GT, left, right)


class ConditionGreaterThanOrEqualTo(ConditionComparison):
    """``left >= right``."""

    def __init__(self, left: Operand, right: Operand) -> None:
        super().__init__(ConditionTypeEnum.GTE, left, right)


class ConditionLessThan(ConditionComparison):
    """``left < right``."""

    def __init__(self, left: Operand, right: Operand) -> None:
        super().__init__(ConditionTypeEnum.LT, left, right)


class ConditionLessThanOrEqualTo(ConditionComparison):
    """``left <= right``."""

    def __init__(self, left: Operand, right: Operand) -> None:
        super().__init__(ConditionTypeEnum.LTE, left, right)


class ConditionIn(Condition):
    """``value in in_values``.

    Attributes:
        value: The operand looked up.
        in_values: The candidates.
    """

    def __init__(self, value: Operand, in_values: list[Operand]) -> None:
        if not isinstance(in_values, (list, tuple)):
            raise TypeError(f"ConditionIn(in_values=...) must be a list, got {in_values!r}")
        super().__init__(ConditionTypeEnum.IN)
        self.value = value
        self.in_values = list(in_values)

    def to_request(self) -> dict[str, Any]:
        """``{"Type": "In", "QueryValue", "Values"}``."""
        return {
            "Type": self.condition_type.value,
            "QueryValue": self.value,
            "Values": self.in_values,
        }

    @property
    def _referenced_steps(self) -> list[Any]:
        steps = referenced_steps(self.value)
        for candidate in self.in_values:
            steps.extend(referenced_steps(candidate))
        return steps


class ConditionNot(Condition):
    """The negation of another condition.

    Attributes:
        expression: The negated condition.
    """

    def __init__(self, expression: Condition) -> None:
        if not isinstance(expression, Condition):
            raise TypeError(f"ConditionNot needs a condition, got {expression!r}")
        super().__init__(ConditionTypeEnum.NOT)
        self.expression = expression

    def to_request(self) -> dict[str, Any]:
        """``{"Type": "Not", "Condition": ...}``."""
        return {"Type": self.condition_type.value, "Condition": self.expression.to_request()}

    @property
    def _referenced_steps(self) -> list[Any]:
        return self.expression._referenced_steps


class ConditionOr(Condition):
    """True when any of the conditions is.

    Attributes:
        conditions: The alternatives.
    """

    def __init__(self, conditions: list[Condition] | None = None) -> None:
        conditions = list(conditions or [])
        wrong = [c for c in conditions if not isinstance(c, Condition)]
        if wrong:
            raise TypeError(f"ConditionOr takes conditions only, got {wrong[0]!r}")
        super().__init__(ConditionTypeEnum.OR)
        self.conditions = conditions

    def to_request(self) -> dict[str, Any]:
        """``{"Type": "Or", "Conditions": [...]}``."""
        return {
            "Type": self.condition_type.value,
            "Conditions": [condition.to_request() for condition in self.conditions],
        }

    @property
    def _referenced_steps(self) -> list[Any]:
        steps: list[Any] = []
        for condition in self.conditions:
            steps.extend(condition._referenced_steps)
        return steps


def primitive_or_expr(value: Any) -> Any:
    """The expression of a pipeline variable, or the value itself when it is a literal."""
    return expr_or_value(value)
