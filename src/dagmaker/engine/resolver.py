"""Resolve expressions inside step arguments to concrete JSON values.

Resolution is pure given a :class:`ResolutionContext`: parameter values, execution
variables, the properties of finished steps, and a reader for JSON objects (JsonGet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dagmaker._lib import json_path
from dagmaker.definition import expressions as ex
from dagmaker.definition.model import PipelineDefinition
from dagmaker.errors import DagmakerError, ResolutionError

JSON = Any


@dataclass
class ResolutionContext:
    """Everything expressions can refer to while one step is being prepared.

    Attributes:
        definition: The pipeline definition.
        parameters: Typed parameter values of the execution.
        variables: Execution variables (``PipelineExecutionId``, …); callables are
            evaluated on use (``CurrentDateTime``).
        step_properties: Step name → its properties document (finished steps only).
        read_json: Reads and parses the JSON object at an ``s3://`` URI.
        experiment: Resolved ``ExperimentName`` / ``TrialName``.
        step: The step being prepared (for error messages).
    """

    definition: PipelineDefinition
    parameters: dict[str, JSON]
    variables: dict[str, JSON | Callable[[], JSON]]
    step_properties: dict[str, dict[str, JSON]]
    read_json: Callable[[str], JSON]
    experiment: dict[str, JSON] = field(default_factory=dict)
    step: str = ""


def resolve(value: JSON, ctx: ResolutionContext, path: str = "Arguments") -> JSON:
    """Return ``value`` with every expression replaced by its value.

    Raises:
        ResolutionError: naming the step, the JSON path and the reference that failed.
    """
    if ex.is_expression(value):
        return _expression(ex.parse(value, path), ctx, path)
    if isinstance(value, dict):
        return {k: resolve(v, ctx, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, ctx, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def _expression(expr: ex.Expr, ctx: ResolutionContext, path: str) -> JSON:
    if isinstance(expr, ex.Get):
        return resolve_get(expr, ctx, path)
    if isinstance(expr, ex.Join):
        parts = [resolve(v, ctx, f"{path}.Std:Join.Values[{i}]") for i, v in enumerate(expr.values)]
        return expr.on.join(stringify(p) for p in parts)
    return _json_get(expr, ctx, path)


def stringify(value: JSON) -> str:
    """How Join renders a value: Python's ``str`` (``6.0``, ``True``), as the SDK does."""
    return value if isinstance(value, str) else str(value)


def resolve_get(get: ex.Get, ctx: ResolutionContext, path: str) -> JSON:
    """Value of one ``Get``."""
    if get.root == "Parameters":
        if get.name not in ctx.parameters:
            raise _error(ctx, path, f"parameter {get.name!r} has no value")
        return ctx.parameters[get.name]
    if get.root == "Execution":
        value = ctx.variables.get(get.name)
        if value is None:
            raise _error(ctx, path, f"execution variable {get.name!r} is not available here")
        return value() if callable(value) else value
    if get.root == "PipelineExperimentConfig":
        return ctx.experiment.get(get.name)
    return _step_property(get, ctx, path)


def _step_property(get: ex.Get, ctx: ResolutionContext, path: str) -> JSON:
    if get.name not in ctx.step_properties:
        raise _error(ctx, path, f"{get.text!r} is undefined: step {get.name!r} has not succeeded")
    try:
        return json_path.lookup(ctx.step_properties[get.name], list(get.tokens))
    except json_path.PathLookupError as exc:
        raise _error(ctx, path, f"{get.text!r} is undefined: {exc}") from None


def _json_get(expr: ex.JsonGet, ctx: ResolutionContext, path: str) -> JSON:
    uri = _json_get_uri(expr, ctx, path)
    try:
        document = ctx.read_json(uri)
    except DagmakerError as exc:
        raise _error(ctx, path, f"JsonGet cannot read {uri}: {exc.message}") from None
    except ValueError as exc:
        raise _error(ctx, path, f"JsonGet: {uri} is not valid JSON ({exc})") from None
    try:
        return json_path.lookup(document, json_path.parse(expr.path))
    except json_path.PathLookupError as exc:
        raise _error(ctx, path, f"JsonGet path {expr.path!r} not found in {uri}: {exc}") from None


def _json_get_uri(expr: ex.JsonGet, ctx: ResolutionContext, path: str) -> str:
    if expr.property_file is None:
        uri = resolve(expr.s3_uri, ctx, path + ".Std:JsonGet.S3Uri")
        if not isinstance(uri, str):
            raise _error(ctx, path, f"JsonGet S3Uri resolved to {uri!r}, not a string")
        return uri
    return property_file_uri(expr.property_file, ctx, path)


def property_file_uri(get: ex.Get, ctx: ResolutionContext, path: str) -> str:
    """Where ``Steps.X.PropertyFiles.N`` lives: ``<output S3Uri>/<FilePath>``."""
    step = ctx.definition.steps.get(get.name)
    file_name = get.property_file
    decl = next((f for f in step.property_files if f.name == file_name), None) if step else None
    if step is None or decl is None:
        raise _error(ctx, path, f"{get.text!r}: no such property file")
    props = ctx.step_properties.get(get.name)
    if props is None:
        raise _error(ctx, path, f"{get.text!r}: step {get.name!r} has not succeeded")
    outputs = props.get("ProcessingOutputConfig", {}).get("Outputs", [])
    for output in outputs:
        if output.get("OutputName") == decl.output_name:
            base = str(output["S3Output"]["S3Uri"]).rstrip("/")
            return f"{base}/{decl.file_path.lstrip('/')}"
    raise _error(ctx, path, f"{get.text!r}: step {get.name!r} has no output {decl.output_name!r}")


def _error(ctx: ResolutionContext, path: str, message: str) -> ResolutionError:
    return ResolutionError(message, step=ctx.step or None, field=path)
