"""Rules on the document as a whole: size, parameters, step envelopes."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from typing import Any

from dagmaker.definition.json_text import WHOLE
from dagmaker.definition.model import ParameterDecl, PipelineDefinition
from dagmaker.definition.parameters import fits
from dagmaker.definition.rules import rule
from dagmaker.definition.step_types import ENVELOPE, PARAMETER_TYPES, STEP_TYPES
from dagmaker.errors import Issue

NAME = re.compile(r"^[A-Za-z0-9\-_]{1,64}$")
# botocore's PipelineDefinition: a string of at most 1,048,576 characters.
MAX_BYTES = 1024 * 1024


@rule
def _size(definition: PipelineDefinition) -> Iterator[Issue]:
    size = len(json.dumps(definition.raw).encode())
    if size > MAX_BYTES:
        yield Issue(
            "",
            WHOLE,
            f"{size:,} characters as JSON; SageMaker accepts at most {MAX_BYTES:,} "
            "(1 MiB, the PipelineDefinition limit)",
        )


DOCUMENT_KEYS = ("Version", "Metadata", "Parameters", "PipelineExperimentConfig", "Steps")
PARAMETER_KEYS = ("Name", "Type", "DefaultValue", "EnumValues", "Description")


@rule
def _unknown_keys(definition: PipelineDefinition) -> Iterator[Issue]:
    for key in definition.raw:
        if key not in DOCUMENT_KEYS:
            yield Issue("", str(key), _unknown("the definition has", key, DOCUMENT_KEYS))
    parameters = definition.raw.get("Parameters")
    for i, item in enumerate(parameters if isinstance(parameters, list) else []):
        for key in item if isinstance(item, dict) else ():
            if key not in PARAMETER_KEYS:
                where = f"Parameters[{i}].{key}"
                yield Issue("", where, _unknown("a parameter has", key, PARAMETER_KEYS))
    for step in definition.steps.values():
        info = STEP_TYPES.get(step.type)
        allowed = ENVELOPE + (info.keys if info else ())
        for key in step.raw:
            if info is not None and key not in allowed:
                yield Issue(step.name, str(key), _unknown(f"{step.type} steps have", key, allowed))


def _unknown(owner: str, key: Any, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1)
    hint = f"did you mean {close[0]}?" if close else f"known keys: {', '.join(allowed)}"
    extra = ""
    if key == "ParallelismConfiguration":
        extra = " (pass ParallelismConfiguration to create_pipeline or start_pipeline_execution)"
    return f"{owner} no key {str(key)!r}{extra}; {hint}"


@rule
def _parameters(definition: PipelineDefinition) -> Iterator[Issue]:
    seen: set[str] = set()
    for i, decl in enumerate(definition.parameters):
        path, label = f"Parameters[{i}]", f"parameter {_short(decl.name)}"
        if not NAME.match(decl.name):
            yield Issue("", path + ".Name", f"{label}: names must match [A-Za-z0-9-_]{{1,64}}")
        if decl.name in seen:
            yield Issue("", path + ".Name", f"{label} is declared twice")
        seen.add(decl.name)
        if decl.type not in PARAMETER_TYPES:
            yield Issue(
                "",
                path + ".Type",
                f"{label}: Type {decl.type!r} is not one of {list(PARAMETER_TYPES)}",
            )
        elif decl.has_default and decl.default is not None and not fits(decl.type, decl.default):
            yield Issue(
                "",
                path + ".DefaultValue",
                f"{label}: default {_short(decl.default)} does not match Type {decl.type}",
            )
        yield from _enum(decl, path, label)


def _enum(decl: ParameterDecl, path: str, label: str) -> Iterator[Issue]:
    if decl.enum_values is None:
        return
    if decl.type != "String":
        yield Issue(
            "", path + ".EnumValues", f"{label}: only String parameters can have EnumValues"
        )
    elif decl.has_default and decl.default is not None and decl.default not in decl.enum_values:
        yield Issue(
            "",
            path + ".DefaultValue",
            f"{label}: default {_short(decl.default)} is not one of its EnumValues "
            f"{list(decl.enum_values)}",
        )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@rule
def _step_envelope(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        if not NAME.match(step.name):
            yield Issue(step.name, "Name", "step names must match [A-Za-z0-9-_]{1,64}")
        info = STEP_TYPES.get(step.type)
        if info is None:
            known = ", ".join(sorted(STEP_TYPES))
            yield Issue(step.name, "Type", f"unknown step type {step.type!r}; known: {known}")
            continue
        if not isinstance(step.arguments, dict):
            yield Issue(step.name, "Arguments", "must be a JSON object")
            continue
        for key in info.required:
            if key not in step.arguments:
                yield Issue(step.name, f"Arguments.{key}", f"{step.type} steps need {key}")
        for key in info.required_top:
            if key not in step.raw:
                yield Issue(step.name, key, f"{step.type} steps need {key}")
