"""Hyperparameter ranges of a tuning job (``ParameterRanges``).

Bounds and values arrive as strings, as in the API. The search samples an *internal*
value for each range (`tuning_search.distribution_of`), which maps back to the
hyperparameter string a trial gets:

- Continuous, ``Linear`` or ``Auto``: uniform over [min, max];
- Continuous, ``Logarithmic``: log-uniform (min > 0);
- Continuous, ``ReverseLogarithmic``: log-uniform over ``1 - x``, which crowds samples
  near 1 as SageMaker does (0 <= min < max < 1); the internal value is ``1 - x``;
- Integer: uniform integers, or log-uniform with ``Logarithmic``;
- Categorical: one of the values, as given.

``Auto`` is read as linear scaling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from dagmaker.errors import InvalidRequest

CONTINUOUS, INTEGER, CATEGORICAL = "Continuous", "Integer", "Categorical"
SCALINGS = ("Auto", "Linear", "Logarithmic", "ReverseLogarithmic")
_FIELD = "HyperParameterTuningJobConfig.ParameterRanges"


@dataclass(frozen=True)
class ParameterRange:
    """One tuned hyperparameter.

    Attributes:
        name: The hyperparameter.
        kind: ``Continuous``, ``Integer`` or ``Categorical``.
        low: Lower bound (numeric kinds).
        high: Upper bound (numeric kinds).
        values: The choices (categorical).
        scaling: ``Auto``, ``Linear``, ``Logarithmic`` or ``ReverseLogarithmic``.
    """

    name: str
    kind: str
    low: float = 0.0
    high: float = 0.0
    values: tuple[str, ...] = ()
    scaling: str = "Auto"

    @property
    def reverse(self) -> bool:
        """Whether values are sampled as ``1 - x`` on a log scale."""
        return self.kind == CONTINUOUS and self.scaling == "ReverseLogarithmic"

    def hyperparameter(self, internal: Any) -> str:
        """The string a trial's HyperParameters get for a sampled internal value."""
        if self.kind == CATEGORICAL:
            return str(internal)
        if self.kind == INTEGER:
            return str(int(internal))
        value = 1.0 - float(internal) if self.reverse else float(internal)
        return repr(value)

    def internal(self, text: str) -> Any | None:
        """The internal value of a hyperparameter string, or None when outside the range."""
        if self.kind == CATEGORICAL:
            return text if text in self.values else None
        try:
            number = float(text)
        except ValueError:
            return None
        if not self.low <= number <= self.high:
            return None
        if self.kind == INTEGER:
            return int(number) if number.is_integer() else None
        return 1.0 - number if self.reverse else number

    def grid(self) -> list[Any]:
        """Every internal value, for grid search (categorical and integer ranges)."""
        if self.kind == CATEGORICAL:
            return list(self.values)
        return list(range(int(self.low), int(self.high) + 1))


def parse_ranges(ranges: dict[str, Any] | None) -> list[ParameterRange]:
    """Read ``ParameterRanges``.

    Raises:
        InvalidRequest: naming the range and field that is wrong.
    """
    parsed: list[ParameterRange] = []
    for kind in (CONTINUOUS, INTEGER, CATEGORICAL):
        key = f"{kind}ParameterRanges"
        for index, item in enumerate((ranges or {}).get(key) or []):
            where = f"{_FIELD}.{key}[{index}]"
            parsed.append(
                _categorical(item, where) if kind == CATEGORICAL else _numeric(item, kind, where)
            )
    names = [r.name for r in parsed]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidRequest(
            f"hyperparameter {duplicates[0]!r} has more than one range; give each one range",
            field=_FIELD,
        )
    return parsed


def _name(item: dict[str, Any], where: str) -> str:
    name = str(item.get("Name") or "")
    if not name:
        raise InvalidRequest("a parameter range needs a Name", field=f"{where}.Name")
    return name


def _number(item: dict[str, Any], key: str, where: str, kind: str) -> float:
    raw = item.get(key)
    try:
        value = float(str(raw))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or (kind == INTEGER and not value.is_integer()):
        expected = "an integer" if kind == INTEGER else "a number"
        raise InvalidRequest(
            f"{key} must be {expected} (as a string)", field=f"{where}.{key}", value=raw
        )
    return value


def _numeric(item: dict[str, Any], kind: str, where: str) -> ParameterRange:
    name = _name(item, where)
    low = _number(item, "MinValue", where, kind)
    high = _number(item, "MaxValue", where, kind)
    scaling = str(item.get("ScalingType") or "Auto")
    if scaling not in SCALINGS:
        raise InvalidRequest(
            f"ScalingType must be one of {', '.join(SCALINGS)}",
            field=f"{where}.ScalingType",
            value=scaling,
        )
    if low > high:
        raise InvalidRequest(
            f"range {name!r}: MinValue {low:g} is above MaxValue {high:g}", field=where
        )
    if scaling == "Logarithmic" and low <= 0:
        raise InvalidRequest(
            f"range {name!r}: Logarithmic scaling needs MinValue > 0",
            field=f"{where}.MinValue",
            value=item.get("MinValue"),
        )
    if scaling == "ReverseLogarithmic" and (kind == INTEGER or not 0 <= low < high < 1):
        raise InvalidRequest(
            f"range {name!r}: ReverseLogarithmic scaling applies to continuous ranges within "
            "0 <= MinValue < MaxValue < 1",
            field=f"{where}.ScalingType",
        )
    return ParameterRange(name, kind, low, high, scaling=scaling)


def _categorical(item: dict[str, Any], where: str) -> ParameterRange:
    name = _name(item, where)
    values = tuple(str(v) for v in item.get("Values") or [])
    if not values or len(set(values)) != len(values):
        raise InvalidRequest(
            f"range {name!r}: Values must list at least one value, each once",
            field=f"{where}.Values",
            value=list(values),
        )
    return ParameterRange(name, CATEGORICAL, values=values)
