"""The start form's inputs, typed from the definition's ``Parameters``, and what it sends.

An ``Integer`` gets a whole-number input, a ``Float`` any number, a ``Boolean`` a
true/false choice and a parameter with ``EnumValues`` its choices; everything else is
text. The values go to ``start_pipeline_execution`` as text, as SageMaker takes them;
the engine converts and checks them and says which one is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FIELD_PREFIX = "param."


@dataclass(frozen=True)
class ParamField:
    """One input of the start form.

    Attributes:
        name: The parameter's name.
        type: Its declared type (``String``, ``Integer``, ``Float``, ``Boolean``).
        value: What the input holds (the default, or a value being re-offered).
        default: The default as text ("" when there is none).
        has_default: Whether the definition gives a default.
        choices: The values a select offers (enums, booleans); empty for free input.
    """

    name: str
    type: str
    value: str
    default: str
    has_default: bool
    choices: tuple[str, ...] = ()

    @property
    def input_name(self) -> str:
        """The form field's name."""
        return FIELD_PREFIX + self.name

    @property
    def step(self) -> str:
        """The ``step`` attribute of a number input."""
        return "1" if self.type == "Integer" else "any"

    @property
    def kind(self) -> str:
        """``select``, ``number`` or ``text``."""
        if self.choices:
            return "select"
        return "number" if self.type in ("Integer", "Float") else "text"


def as_text(value: Any) -> str:
    """A parameter value as the form shows it (``true``/``false`` for booleans)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def fields(definition: Mapping[str, Any], values: Mapping[str, str]) -> list[ParamField]:
    """The form's inputs for ``definition``'s parameters, holding ``values`` where given."""
    found = []
    for declared in definition.get("Parameters") or []:
        if not isinstance(declared, Mapping) or not isinstance(declared.get("Name"), str):
            continue
        kind = str(declared.get("Type") or "String")
        has_default = "DefaultValue" in declared
        default = as_text(declared.get("DefaultValue")) if has_default else ""
        choices: tuple[str, ...] = tuple(as_text(v) for v in declared.get("EnumValues") or ())
        if kind == "Boolean" and not choices:
            choices = ("true", "false")
        name = declared["Name"]
        found.append(
            ParamField(name, kind, values.get(name, default), default, has_default, choices)
        )
    return found


def submitted(form: Mapping[str, list[str]]) -> dict[str, str]:
    """Parameter values a posted form carries, by parameter name."""
    return {
        key[len(FIELD_PREFIX) :]: values[0]
        for key, values in form.items()
        if key.startswith(FIELD_PREFIX) and values
    }


def start_parameters(inputs: list[ParamField], given: Mapping[str, str]) -> list[dict[str, str]]:
    """``PipelineParameters`` for the start call: every declared parameter the form sent.

    A blank input of a parameter that is not text is left out so that its default
    applies (a blank String is a value like any other).
    """
    chosen = []
    for field in inputs:
        if field.name not in given:
            continue
        value = given[field.name]
        if value.strip() == "" and field.type != "String" and field.has_default:
            continue
        chosen.append({"Name": field.name, "Value": value})
    return chosen
