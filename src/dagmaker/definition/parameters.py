"""Parameter values at start: coerce strings to the declared type, check enums and presence."""

from __future__ import annotations

import math
from typing import Any

from dagmaker.definition.model import ParameterDecl, PipelineDefinition
from dagmaker.errors import InvalidRequest, Issue

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class CoercionError(ValueError):
    """A value does not fit the parameter's declared type."""


def fits(kind: str, value: Any) -> bool:
    """Whether the JSON ``value`` is a literal of the parameter ``Type`` ``kind``."""
    if kind == "String":
        return isinstance(value, str)
    if kind == "Boolean":
        return isinstance(value, bool)
    if kind == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def coerce(decl: ParameterDecl, value: Any) -> Any:
    """Convert ``value`` (often a string from the start request) to ``decl.type``.

    Raises:
        CoercionError: saying which type was expected.
    """
    kind = decl.type
    if kind == "String":
        return value if isinstance(value, str) else str(value)
    if kind == "Boolean":
        return _boolean(value)
    if kind == "Integer":
        return _integer(value)
    if kind == "Float":
        return _float(value)
    raise CoercionError(f"unknown parameter Type {kind!r}; use String, Integer, Float or Boolean")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CoercionError("expected a Boolean: true/false (any case)")


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CoercionError("expected an Integer, not a Boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise CoercionError("expected an Integer such as 2") from None


def _float(value: Any) -> float:
    if isinstance(value, bool):
        raise CoercionError("expected a Float, not a Boolean")
    try:
        number = float(value) if isinstance(value, (int, float)) else float(str(value).strip())
    except ValueError:
        raise CoercionError("expected a Float such as 5.5") from None
    # NaN and infinities have no JSON form, so they could not be stored or compared.
    if not math.isfinite(number):
        raise CoercionError("expected a finite Float such as 5.5")
    return number


def resolve(definition: PipelineDefinition, overrides: dict[str, Any]) -> dict[str, Any]:
    """Typed values for every declared parameter: overrides first, then defaults.

    Raises:
        InvalidRequest: listing every unknown, missing, mistyped or out-of-enum value.
    """
    issues: list[Issue] = []
    declared = {d.name for d in definition.parameters}
    for name in sorted(set(overrides) - declared):
        issues.append(
            Issue(
                "",
                f"PipelineParameters.{name}",
                f"parameter {name!r} is not declared; "
                f"declared: {', '.join(sorted(declared)) or '(none)'}",
            )
        )
    values: dict[str, Any] = {}
    for decl in definition.parameters:
        value = _value_of(decl, overrides, issues)
        if value is not _MISSING:
            values[decl.name] = value
    if issues:
        error = InvalidRequest.from_issues(issues)
        raise InvalidRequest(error.message, issues=issues)
    return values


_MISSING: Any = object()


def _value_of(decl: ParameterDecl, overrides: dict[str, Any], issues: list[Issue]) -> Any:
    path = f"PipelineParameters.{decl.name}"
    if decl.name in overrides:
        raw, source = overrides[decl.name], "value"
    elif decl.has_default and decl.default is not None:
        raw, source = decl.default, "default"
    else:
        issues.append(Issue("", path, f"parameter {decl.name!r} has no default; supply a value"))
        return _MISSING
    try:
        value = coerce(decl, raw)
    except CoercionError as exc:
        issues.append(Issue("", path, f"{source} {raw!r} for {decl.type} parameter: {exc}"))
        return _MISSING
    if decl.enum_values is not None and value not in decl.enum_values:
        issues.append(Issue("", path, f"{source} {value!r} is not one of {list(decl.enum_values)}"))
        return _MISSING
    return value
