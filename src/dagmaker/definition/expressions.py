"""Pipeline expressions: ``Get``, ``Std:Join`` and ``Std:JsonGet``.

An expression is a JSON object with exactly one of those keys; any other object or
array is a literal container that may hold expressions anywhere inside.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dagmaker._lib import json_path

JSON = Any

EXECUTION_VARIABLES = (
    "StartDateTime",
    "CurrentDateTime",
    "PipelineName",
    "PipelineArn",
    "PipelineExecutionId",
    "PipelineExecutionArn",
    "TrainingJobName",
    "ProcessingJobName",
)
EXPERIMENT_FIELDS = ("ExperimentName", "TrialName")
FUNCTION_KEYS = ("Get", "Std:Join", "Std:JsonGet")


class ExpressionError(ValueError):
    """A malformed expression; ``json_path`` says where."""

    def __init__(self, message: str, json_path: str) -> None:
        super().__init__(message)
        self.json_path = json_path


@dataclass(frozen=True)
class Get:
    """``{"Get": "<root>.<rest>"}``.

    Attributes:
        root: ``Parameters``, ``Execution``, ``Steps`` or ``PipelineExperimentConfig``.
        name: The parameter, variable, step or experiment field name.
        tokens: For ``Steps`` references, the property path after the step name.
    """

    text: str
    root: str
    name: str
    tokens: tuple[json_path.Token, ...] = ()

    @property
    def property_file(self) -> str | None:
        """For ``Steps.X.PropertyFiles.N``, the property file name ``N``."""
        if (
            self.root == "Steps"
            and len(self.tokens) == 2
            and self.tokens[0] == json_path.Key("PropertyFiles")
            and isinstance(self.tokens[1], json_path.Key)
        ):
            return self.tokens[1].name
        return None


@dataclass(frozen=True)
class Join:
    """``{"Std:Join": {"On": sep, "Values": [...]}}``; values are raw JSON."""

    on: str
    values: tuple[JSON, ...]


@dataclass(frozen=True)
class JsonGet:
    """``{"Std:JsonGet": {...}}`` in its property-file or S3-URI form."""

    path: str
    property_file: Get | None = None
    s3_uri: JSON = None


Expr = Get | Join | JsonGet


def is_expression(value: JSON) -> bool:
    """True for a one-key object whose key is an expression function (or ``Std:*``)."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key = next(iter(value))
    return key in FUNCTION_KEYS or (isinstance(key, str) and key.startswith("Std:"))


def parse(value: JSON, path: str = "") -> Expr:
    """Parse one expression object.

    Raises:
        ExpressionError: naming the JSON path and what is wrong.
    """
    key, body = next(iter(value.items()))
    if key == "Get":
        return parse_get(body, path)
    if key == "Std:Join":
        return _parse_join(body, path)
    if key == "Std:JsonGet":
        return _parse_json_get(body, path)
    raise ExpressionError(
        f"unknown function {key!r}; the functions are Get, Std:Join and Std:JsonGet", path
    )


def parse_get(body: JSON, path: str) -> Get:
    """Parse the string of a ``Get``."""
    if not isinstance(body, str) or "." not in body:
        raise ExpressionError(
            f"Get needs a string like 'Parameters.Name' or 'Steps.Step.Property', got {body!r}",
            path,
        )
    root, rest = body.split(".", 1)
    if root == "Steps":
        return _parse_step_get(body, rest, path)
    if root not in ("Parameters", "Execution", "PipelineExperimentConfig"):
        raise ExpressionError(
            f"Get {body!r}: unknown root {root!r}; use Parameters., Execution., Steps. "
            "or PipelineExperimentConfig.",
            path,
        )
    if root == "Execution" and rest not in EXECUTION_VARIABLES:
        raise ExpressionError(
            f"Get {body!r}: unknown execution variable {rest!r}; "
            f"known: {', '.join(EXECUTION_VARIABLES)}",
            path,
        )
    if root == "PipelineExperimentConfig" and rest not in EXPERIMENT_FIELDS:
        raise ExpressionError(
            f"Get {body!r}: PipelineExperimentConfig has only ExperimentName and TrialName", path
        )
    return Get(text=body, root=root, name=rest)


def _parse_step_get(body: str, rest: str, path: str) -> Get:
    cut = min((i for i in (rest.find("."), rest.find("[")) if i >= 0), default=-1)
    if cut <= 0:
        raise ExpressionError(
            f"Get {body!r}: a step reference needs a property, e.g. 'Steps.Train.TrainingJobName'",
            path,
        )
    step, prop = rest[:cut], rest[cut:].lstrip(".")
    try:
        tokens = tuple(json_path.parse(prop))
    except json_path.PathSyntaxError as exc:
        raise ExpressionError(f"Get {body!r}: {exc}", path) from None
    return Get(text=body, root="Steps", name=step, tokens=tokens)


def _parse_join(body: JSON, path: str) -> Join:
    if not isinstance(body, dict) or not isinstance(body.get("Values"), list):
        raise ExpressionError("Std:Join needs an object with a 'Values' list", path)
    on = body.get("On", "")
    if not isinstance(on, str):
        raise ExpressionError(f"Std:Join 'On' must be a string, got {on!r}", path + ".Std:Join.On")
    return Join(on=on, values=tuple(body["Values"]))


def _parse_json_get(body: JSON, path: str) -> JsonGet:
    if not isinstance(body, dict) or not isinstance(body.get("Path"), str):
        raise ExpressionError("Std:JsonGet needs an object with a string 'Path'", path)
    has_file, has_uri = "PropertyFile" in body, "S3Uri" in body
    if has_file == has_uri:
        raise ExpressionError("Std:JsonGet needs exactly one of 'PropertyFile' and 'S3Uri'", path)
    try:
        json_path.parse(body["Path"])
    except json_path.PathSyntaxError as exc:
        raise ExpressionError(f"Std:JsonGet Path: {exc}", path + ".Std:JsonGet.Path") from None
    if has_uri:
        return JsonGet(path=body["Path"], s3_uri=body["S3Uri"])
    file_ref = body["PropertyFile"]
    if isinstance(file_ref, dict) and set(file_ref) == {"Get"}:
        get = parse_get(file_ref["Get"], path + ".Std:JsonGet.PropertyFile")
    else:
        get = None
    if get is None or get.property_file is None:
        raise ExpressionError(
            "Std:JsonGet PropertyFile must be {'Get': 'Steps.<Step>.PropertyFiles.<Name>'}",
            path + ".Std:JsonGet.PropertyFile",
        )
    return JsonGet(path=body["Path"], property_file=get)


def walk(
    value: JSON, path: str = "", errors: list[ExpressionError] | None = None
) -> Iterator[tuple[str, Expr]]:
    """Yield ``(json_path, expression)`` for every expression inside ``value``, outermost first.

    Nested expressions (a Get inside a Join) are yielded too.

    Args:
        value: Any JSON value.
        path: The JSON path of ``value``.
        errors: When given, malformed expressions are appended here and skipped, so one
            pass finds them all; when omitted, the first one is raised.

    Raises:
        ExpressionError: on the first malformed expression, unless ``errors`` is given.
    """
    if is_expression(value):
        try:
            expr = parse(value, path)
        except ExpressionError as exc:
            if errors is None:
                raise
            errors.append(exc)
            return
        yield path, expr
        yield from _children(expr, path, errors)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{path}.{key}" if path else str(key), errors)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(item, f"{path}[{i}]", errors)


def _children(
    expr: Expr, path: str, errors: list[ExpressionError] | None
) -> Iterator[tuple[str, Expr]]:
    if isinstance(expr, Join):
        for i, item in enumerate(expr.values):
            yield from walk(item, f"{path}.Std:Join.Values[{i}]", errors)
    elif isinstance(expr, JsonGet):
        if expr.property_file is not None:
            yield f"{path}.Std:JsonGet.PropertyFile", expr.property_file
        else:
            yield from walk(expr.s3_uri, f"{path}.Std:JsonGet.S3Uri", errors)


def gets(value: JSON, path: str = "") -> Iterator[tuple[str, Get]]:
    """Every ``Get`` inside ``value`` (including inside Joins and JsonGets)."""
    for where, expr in walk(value, path):
        if isinstance(expr, Get):
            yield where, expr


def step_references(value: JSON) -> set[str]:
    """Names of the steps that ``value`` refers to; malformed expressions are left out."""
    found = walk(value, errors=[])
    return {e.name for _, e in found if isinstance(e, Get) and e.root == "Steps"}
