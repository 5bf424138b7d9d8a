"""Which property paths each step type exposes, and what type each path gives.

Job steps expose their Describe* response (``shapes``); Lambda and Callback steps their
declared output parameters; a ConditionStep its ``Outcome``; check steps a fixed set of
baseline URIs; a Processing step also its declared property files.
"""

from __future__ import annotations

from dagmaker._lib import json_path
from dagmaker.definition import shapes
from dagmaker.definition.model import StepDef
from dagmaker.definition.step_types import CHECK_PROPERTIES, OUTPUT_PARAMETER_TYPES, STEP_TYPES

# Declared output and parameter types → the scalar kinds of the service models.
KINDS = {"String": "string", "Integer": "integer", "Float": "float", "Boolean": "boolean"}


def property_problem(target: StepDef, tokens: list[json_path.Token]) -> str:
    """Why ``tokens`` is not a property of ``target``; "" when it is (or cannot be checked)."""
    return resolve(target, tokens)[1]


def property_kind(target: StepDef, tokens: list[json_path.Token]) -> str | None:
    """The kind of value the property holds (``string``, ``list``…), None when unknown."""
    return resolve(target, tokens)[0]


def resolve(target: StepDef, tokens: list[json_path.Token]) -> tuple[str | None, str]:
    """``(kind, problem)`` of a property path: the kind is None when unknown or invalid."""
    if tokens[:1] == [json_path.Key("PropertyFiles")]:
        return None, _property_file_problem(target, tokens)
    if target.type == "Condition":
        if tokens == [json_path.Key("Outcome")]:
            return "boolean", ""
        return None, "a ConditionStep has only Outcome"
    if target.type in OUTPUT_PARAMETER_TYPES:
        return _output_parameter(target, tokens)
    if target.type in CHECK_PROPERTIES:
        allowed = CHECK_PROPERTIES[target.type]
        ok = len(tokens) == 1 and isinstance(tokens[0], json_path.Key) and tokens[0].name in allowed
        return ("string", "") if ok else (None, f"{target.type} properties are {list(allowed)}")
    info = STEP_TYPES.get(target.type)
    return _walk_shape(info.shape, tokens) if info and info.shape else (None, "")


def _property_file_problem(target: StepDef, tokens: list[json_path.Token]) -> str:
    if target.property_files:
        names = [f.name for f in target.property_files]
        if len(tokens) == 2 and isinstance(tokens[1], json_path.Key) and tokens[1].name in names:
            return ""
        return f"property files of {target.name!r} are {names}"
    if target.type != "Processing":
        return "only Processing steps have property files"
    return f"step {target.name!r} declares no property files"


def _output_parameter(target: StepDef, tokens: list[json_path.Token]) -> tuple[str | None, str]:
    outputs = target.raw.get("OutputParameters")
    declared = {
        o["OutputName"]: o.get("OutputType", "String")
        for o in (outputs if isinstance(outputs, list) else [])
        if isinstance(o, dict) and isinstance(o.get("OutputName"), str)
    }
    head = tokens[:1] == [json_path.Key("OutputParameters")]
    if not head or len(tokens) < 2 or not isinstance(tokens[1], json_path.Index):
        return None, f"{target.type} properties are OutputParameters['<name>']"
    name = tokens[1].value
    if name not in declared:
        return None, f"{target.name!r} declares no output {name!r} (declared: {list(declared)})"
    if len(tokens) > 2:
        return None, (
            "output parameters are flat values; a nested value arrives as a JSON string "
            "and cannot be indexed"
        )
    declared_type = declared[str(name)]
    return KINDS.get(declared_type) if isinstance(declared_type, str) else None, ""


def _walk_shape(shape: str, tokens: list[json_path.Token]) -> tuple[str | None, str]:
    current = shape
    for i, token in enumerate(tokens):
        kind = shapes.kind(current)
        where = json_path.render(tokens[: i + 1])
        if isinstance(token, json_path.Key):
            members = shapes.members(current)
            if token.name not in members:
                valid = ", ".join(sorted(members)) or "(none: it is a " + kind + ")"
                return None, f"{where}: no property {token.name!r}; valid here: {valid}"
            current = members[token.name]
        elif kind in ("list", "map"):
            current = shapes.element(current)
        else:
            return None, f"{where}: cannot index a {kind}"
    return shapes.kind(current), ""
