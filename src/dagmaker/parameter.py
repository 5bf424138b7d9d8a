"""Hyperparameter ranges for tuning: continuous, integer and categorical.

A tuner sends each range as SageMaker's ``CreateHyperParameterTuningJob`` wants it:
``{"Name", "MinValue", "MaxValue", "ScalingType"}`` with the bounds as strings, or
``{"Name", "Values"}`` for a categorical range. Bounds may be pipeline variables; they
are converted to strings when the pipeline runs.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from dagmaker.workflow.entities import Join, is_pipeline_variable

__all__ = ["CategoricalParameter", "ContinuousParameter", "IntegerParameter", "ParameterRange"]

SCALING_TYPES = ("Auto", "Linear", "Logarithmic", "ReverseLogarithmic")


def to_string(value: Any) -> Any:
    """``str(value)``, or a run-time string conversion for a pipeline variable."""
    return value.to_string() if is_pipeline_variable(value) else str(value)


class ParameterRange:
    """A numeric range of hyperparameter values to search.

    Attributes:
        min_value: The smallest value (a number or a pipeline variable).
        max_value: The largest value (a number or a pipeline variable).
        scaling_type: How the search covers the range: ``Auto``, ``Linear``,
            ``Logarithmic`` or ``ReverseLogarithmic``.
    """

    __all_types__ = ("Continuous", "Categorical", "Integer")
    RANGE_TYPE: ClassVar[str] = ""

    def __init__(self, min_value: Any, max_value: Any, scaling_type: Any = "Auto") -> None:
        if not is_pipeline_variable(scaling_type) and scaling_type not in SCALING_TYPES:
            raise ValueError(
                f"scaling_type must be one of {', '.join(SCALING_TYPES)}, got {scaling_type!r}"
            )
        _check_bounds(min_value, max_value)
        self.min_value = min_value
        self.max_value = max_value
        self.scaling_type = scaling_type

    def is_valid(self, value: Any) -> bool:
        """Whether ``value`` lies within the range (bounds included)."""
        return bool(self.min_value <= value <= self.max_value)

    @classmethod
    def cast_to_type(cls, value: Any) -> Any:
        """``value`` as this range's type."""
        return float(value)

    def as_tuning_range(self, name: str) -> dict[str, Any]:
        """The range as a tuning request's ``*ParameterRanges`` entry."""
        return {
            "Name": name,
            "MinValue": to_string(self.min_value),
            "MaxValue": to_string(self.max_value),
            "ScalingType": self.scaling_type,
        }

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(min_value={self.min_value!r}, max_value={self.max_value!r}, "
            f"scaling_type={self.scaling_type!r})"
        )


def _check_bounds(min_value: Any, max_value: Any) -> None:
    if is_pipeline_variable(min_value) or is_pipeline_variable(max_value):
        return
    bounds = (min_value, max_value)
    if not all(isinstance(b, (int, float, str)) and not isinstance(b, bool) for b in bounds):
        raise TypeError(
            f"range bounds must be numbers or pipeline variables, got {min_value!r} and "
            f"{max_value!r}"
        )
    if all(isinstance(b, (int, float)) for b in bounds) and min_value > max_value:
        raise ValueError(f"min_value {min_value!r} is greater than max_value {max_value!r}")


class ContinuousParameter(ParameterRange):
    """A range of real values."""

    RANGE_TYPE = "Continuous"

    @classmethod
    def cast_to_type(cls, value: Any) -> float:
        """``value`` as a float."""
        return float(value)


class IntegerParameter(ParameterRange):
    """A range of integers."""

    RANGE_TYPE = "Integer"

    @classmethod
    def cast_to_type(cls, value: Any) -> int:
        """``value`` as an int."""
        return int(value)


class CategoricalParameter(ParameterRange):
    """A list of values to choose from; each is sent as a string.

    Attributes:
        values: The values, as strings (pipeline variables converted at run time).
    """

    RANGE_TYPE = "Categorical"

    def __init__(self, values: Any) -> None:
        given = values if isinstance(values, list) else [values]
        if not given:
            raise ValueError("CategoricalParameter needs at least one value")
        self.values = [to_string(value) for value in given]

    def as_tuning_range(self, name: str) -> dict[str, Any]:
        """``{"Name": name, "Values": [...]}``."""
        return {"Name": name, "Values": self.values}

    def as_json_range(self, name: str) -> dict[str, Any]:
        """The range with JSON-encoded values, as framework containers read hyperparameters."""
        return {"Name": name, "Values": [_json_string(value) for value in self.values]}

    def is_valid(self, value: Any) -> bool:
        """Whether ``value`` is one of the values."""
        return value in self.values

    @classmethod
    def cast_to_type(cls, value: Any) -> str:
        """``value`` as a string."""
        return str(value)

    def __repr__(self) -> str:
        return f"CategoricalParameter(values={self.values!r})"


def _json_string(value: Any) -> Any:
    # A variable's value is known only at run time, so it is quoted then.
    if is_pipeline_variable(value):
        return Join(on="", values=['"', value, '"'])
    return json.dumps(value)
