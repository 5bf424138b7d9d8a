"""Pipeline parameters: values given when an execution starts, with optional defaults.

``{"Name": "InstanceCount", "Type": "Integer", "DefaultValue": 2}`` in the definition;
``{"Get": "Parameters.InstanceCount"}`` wherever the parameter is used.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from dagmaker.workflow.entities import DefaultEnumMeta, Entity, PipelineVariable, PrimitiveType


class ParameterTypeEnum(Enum, metaclass=DefaultEnumMeta):
    """The four parameter types of the definition format."""

    STRING = "String"
    INTEGER = "Integer"
    BOOLEAN = "Boolean"
    FLOAT = "Float"

    @property
    def python_type(self) -> type:
        """The Python type a default value of this parameter type must have."""
        return _PYTHON_TYPES[self.value]


_PYTHON_TYPES: dict[str, type] = {"String": str, "Integer": int, "Boolean": bool, "Float": float}


class Parameter(PipelineVariable, Entity):
    """A pipeline parameter.

    Attributes:
        name: The parameter name, used in ``{"Get": "Parameters.<name>"}``.
        parameter_type: One of :class:`ParameterTypeEnum`.
        default_value: The value used when an execution does not supply one; ``None``
            means the value is required at start.
    """

    def __init__(
        self,
        name: str,
        parameter_type: ParameterTypeEnum = ParameterTypeEnum.STRING,
        default_value: PrimitiveType = None,
    ) -> None:
        if not isinstance(name, str) or not name:
            raise ValueError(f"a parameter needs a non-empty string name, got {name!r}")
        if not isinstance(parameter_type, ParameterTypeEnum):
            raise TypeError(f"parameter_type must be a ParameterTypeEnum, got {parameter_type!r}")
        self.name = name
        self.parameter_type = parameter_type
        _check_default(name, parameter_type, default_value)
        self.default_value = default_value

    def to_request(self) -> dict[str, Any]:
        """The entry of the definition's ``Parameters`` list."""
        request: dict[str, Any] = {"Name": self.name, "Type": self.parameter_type.value}
        if self.default_value is not None:
            request["DefaultValue"] = self.default_value
        return request

    @property
    def expr(self) -> dict[str, str]:
        """``{"Get": "Parameters.<name>"}``."""
        return {"Get": f"Parameters.{self.name}"}

    @property
    def _referenced_steps(self) -> list[Any]:
        return []

    def _identity(self) -> tuple[Any, ...]:
        return (self.name, self.parameter_type, self.default_value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Parameter) or type(other) is not type(self):
            return NotImplemented
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash((self.name, self.parameter_type))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, default_value={self.default_value!r})"


def _check_default(name: str, kind: ParameterTypeEnum, value: PrimitiveType) -> None:
    # Like SageMaker, only truthy defaults are type-checked: 0, "" and False always pass.
    expected = kind.python_type
    if value and not isinstance(value, expected):
        raise TypeError(
            f"{kind.value} parameter {name!r}: default_value {value!r} is a "
            f"{type(value).__name__}, expected a {expected.__name__} "
            f"(e.g. {_EXAMPLES[kind.value]})"
        )


_EXAMPLES = {"String": "'abc'", "Integer": "2", "Boolean": "True", "Float": "0.5"}


class ParameterString(Parameter):
    """A string parameter, optionally restricted to ``enum_values``."""

    def __init__(
        self,
        name: str,
        default_value: str | None = None,
        enum_values: list[str] | None = None,
    ) -> None:
        super().__init__(name, ParameterTypeEnum.STRING, default_value)
        if enum_values is not None and not all(isinstance(v, str) for v in enum_values):
            raise TypeError(f"ParameterString {name!r}: enum_values must be strings")
        self.enum_values = enum_values

    def to_string(self) -> ParameterString:
        """A string parameter is already a string at run time."""
        return self

    def to_request(self) -> dict[str, Any]:
        """The parameter entry, with ``EnumValues`` when given."""
        request = super().to_request()
        if self.enum_values:
            request["EnumValues"] = list(self.enum_values)
        return request

    def _identity(self) -> tuple[Any, ...]:
        return (*super()._identity(), tuple(self.enum_values or ()))


class ParameterInteger(Parameter):
    """An integer parameter."""

    def __init__(self, name: str, default_value: int | None = None) -> None:
        super().__init__(name, ParameterTypeEnum.INTEGER, default_value)


class ParameterFloat(Parameter):
    """A float parameter (a truthy default must be a ``float``: write ``1.0``, not ``1``)."""

    def __init__(self, name: str, default_value: float | None = None) -> None:
        super().__init__(name, ParameterTypeEnum.FLOAT, default_value)


class ParameterBoolean(Parameter):
    """A boolean parameter. Start values are sent as ``"True"``/``"False"``."""

    def __init__(self, name: str, default_value: bool | None = None) -> None:
        super().__init__(name, ParameterTypeEnum.BOOLEAN, default_value)
