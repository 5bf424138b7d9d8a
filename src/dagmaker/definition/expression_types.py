"""What each pipeline expression will evaluate to, as far as the definition tells.

A parameter has its declared ``Type``; an execution variable, an experiment field and a
``Std:Join`` are strings; a step property has the type of its place in the Describe*
response or the declared output type; ``Std:JsonGet`` reads a file, so its type is only
known at run time.
"""

from __future__ import annotations

from typing import Any

from dagmaker.definition import expressions
from dagmaker.definition.model import PipelineDefinition
from dagmaker.definition.parameters import fits
from dagmaker.definition.properties import KINDS, property_kind
from dagmaker.definition.request_check import Describe, Produced

JSON = Any
_UNKNOWN = Produced(None, "")


def describer(definition: PipelineDefinition) -> Describe:
    """A function telling what an expression inside ``definition`` will produce."""

    def describe(value: JSON) -> Produced:
        try:
            expr = expressions.parse(value)
        except expressions.ExpressionError:
            return _UNKNOWN  # reported by the expression rules
        if isinstance(expr, expressions.Join):
            return Produced("string", "Std:Join")
        if isinstance(expr, expressions.Get):
            return _get(definition, expr)
        return _UNKNOWN

    return describe


def _get(definition: PipelineDefinition, get: expressions.Get) -> Produced:
    if get.root == "Parameters":
        decl = definition.parameter(get.name)
        if decl is None:
            return _UNKNOWN
        label = f"parameter {decl.name!r} ({decl.type})"
        default = decl.default if decl.has_default and fits(decl.type, decl.default) else None
        return Produced(KINDS.get(decl.type), label, default)
    if get.root in ("Execution", "PipelineExperimentConfig"):
        return Produced("string", f"{get.text!r}")
    target = definition.steps.get(get.name)
    if target is None:
        return _UNKNOWN
    return Produced(property_kind(target, list(get.tokens)), f"property {get.text!r}")
