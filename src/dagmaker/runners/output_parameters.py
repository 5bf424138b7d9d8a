"""Declared ``OutputParameters`` of Lambda and Callback steps, and the values they take.

Outputs are flat: a nested value (object or list) becomes its compact JSON text, as the
seed documents: ``{"output1": {"nested_output1": "my-output"}}`` is read as the string
``{"nested_output1":"my-output"}``. Lambda results keep their JSON types, which must
match the declared type; callback answers arrive as text (SendPipelineExecutionStepSuccess
values are strings) and are parsed.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from dagmaker.errors import JobFailure

_INTEGER_TEXT = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class DeclaredOutput:
    """One entry of a step's ``OutputParameters``."""

    name: str
    type: str


def declared(extra: dict[str, Any]) -> list[DeclaredOutput]:
    """The declared outputs (``OutputType`` defaults to String, as in the SDK)."""
    items = extra.get("OutputParameters") or []
    return [DeclaredOutput(str(o["OutputName"]), str(o.get("OutputType", "String"))) for o in items]


def flatten(value: Any) -> Any:
    """A nested value as compact JSON text; anything else unchanged."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return value


def as_text(value: Any) -> str:
    """How a value is written in an ``OutputParameter.Value`` (always a string)."""
    value = flatten(value)
    return value if isinstance(value, str) else json.dumps(value)


def from_json(outputs: list[DeclaredOutput], result: dict[str, Any], who: str) -> dict[str, Any]:
    """Typed outputs from a Lambda result; the declared names must all be there.

    Raises:
        JobFailure: naming missing outputs, or an output whose value has the wrong type.
    """
    _require(outputs, result, who)
    return {o.name: _typed(o, flatten(result[o.name]), who) for o in outputs}


def from_text(outputs: list[DeclaredOutput], given: dict[str, Any], who: str) -> dict[str, Any]:
    """Typed outputs from a callback answer, whose values are text.

    Raises:
        JobFailure: naming missing outputs, or a value that does not parse as its type.
    """
    _require(outputs, given, who)
    return {o.name: _parsed(o, as_text(given[o.name]), who) for o in outputs}


def metadata(values: dict[str, Any]) -> list[dict[str, str]]:
    """``[{"Name", "Value"}]`` as ListPipelineExecutionSteps shows outputs."""
    return [{"Name": name, "Value": as_text(value)} for name, value in values.items()]


def _require(outputs: list[DeclaredOutput], given: dict[str, Any], who: str) -> None:
    missing = [o.name for o in outputs if o.name not in given]
    if missing:
        raise JobFailure(
            f"{who} did not provide the declared output(s) {', '.join(map(repr, missing))} "
            f"(got: {sorted(given)})",
        )


def _typed(output: DeclaredOutput, value: Any, who: str) -> Any:
    kind = output.type
    ok = (
        (kind == "String" and isinstance(value, str))
        or (kind == "Integer" and isinstance(value, int) and not isinstance(value, bool))
        or (kind == "Boolean" and isinstance(value, bool))
        or (kind == "Float" and isinstance(value, (int, float)) and not isinstance(value, bool))
    )
    if not ok:
        raise _mismatch(output, value, who)
    return float(value) if kind == "Float" else value


def _parsed(output: DeclaredOutput, text: str, who: str) -> Any:
    kind = output.type
    if kind == "String":
        return text
    if kind == "Integer" and _INTEGER_TEXT.fullmatch(text.strip()):
        return int(text)
    if kind == "Boolean" and text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true"
    if kind == "Float":
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    raise _mismatch(output, text, who)


def _mismatch(output: DeclaredOutput, value: Any, who: str) -> JobFailure:
    return JobFailure(
        f"{who} returned {value!r} for output {output.name!r}, which is declared "
        f"{output.type}; return a {output.type} value or change the OutputType",
    )
