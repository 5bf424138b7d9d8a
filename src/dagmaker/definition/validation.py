"""Definition validation: small registered rules, every problem reported at once.

Each rule takes the parsed definition and yields :class:`~dagmaker.errors.Issue` values
naming the step and the JSON path. :func:`validate` runs them all and raises one
:class:`~dagmaker.errors.DefinitionError` with the sorted list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from dagmaker._lib import json_path
from dagmaker._lib.durations import DurationError, parse_duration
from dagmaker.definition import codec, expressions, graph, shapes
from dagmaker.definition.conditions import parse_condition
from dagmaker.definition.model import PipelineDefinition, StepDef
from dagmaker.definition.step_types import (
    CHECK_PROPERTIES,
    OUTPUT_PARAMETER_TYPES,
    OUTPUT_TYPES,
    PARAMETER_TYPES,
    STEP_TYPES,
)
from dagmaker.errors import DefinitionError, Issue

Rule = Callable[[PipelineDefinition], Iterator[Issue]]
RULES: list[Rule] = []
NAME = re.compile(r"^[A-Za-z0-9\-_]{1,64}$")
MAX_BYTES = 1024 * 1024
_ENVELOPE = (
    "Name",
    "Type",
    "DependsOn",
    "DisplayName",
    "Description",
    "RetryPolicies",
    "CacheConfig",
    "PropertyFiles",
    "Arguments",
)


def rule(func: Rule) -> Rule:
    """Register a validation rule."""
    RULES.append(func)
    return func


def check(doc: dict[str, Any] | str | bytes) -> tuple[PipelineDefinition, list[Issue]]:
    """Parse and run every rule; return the definition and all issues (sorted)."""
    document = codec.loads(doc)
    definition, issues = codec.decode(document)
    for each in RULES:
        issues.extend(each(definition))
    return definition, sorted(set(issues))


def validate(doc: dict[str, Any] | str | bytes) -> PipelineDefinition:
    """Return the parsed definition, or raise one error listing every problem.

    Raises:
        DefinitionError: with ``issues`` holding each problem's step and JSON path.
    """
    definition, issues = check(doc)
    if issues:
        raise DefinitionError.from_issues(issues)
    return definition


@rule
def _size(definition: PipelineDefinition) -> Iterator[Issue]:
    size = len(json.dumps(definition.raw).encode())
    if size > MAX_BYTES:
        yield Issue("", "", f"definition is {size} bytes; the limit is {MAX_BYTES} (1 MiB)")


@rule
def _parameters(definition: PipelineDefinition) -> Iterator[Issue]:
    seen: set[str] = set()
    for i, decl in enumerate(definition.parameters):
        path = f"Parameters[{i}]"
        if not NAME.match(decl.name):
            yield Issue("", path + ".Name", f"{decl.name!r} must match [A-Za-z0-9-_]{{1,64}}")
        if decl.name in seen:
            yield Issue("", path + ".Name", f"parameter {decl.name!r} is declared twice")
        seen.add(decl.name)
        if decl.type not in PARAMETER_TYPES:
            yield Issue("", path + ".Type", f"{decl.type!r} is not one of {list(PARAMETER_TYPES)}")
        elif decl.has_default and decl.default is not None and not _fits(decl.type, decl.default):
            yield Issue(
                "",
                path + ".DefaultValue",
                f"default {decl.default!r} does not match Type {decl.type}",
            )
        if decl.enum_values is not None and decl.type != "String":
            yield Issue("", path + ".EnumValues", "only String parameters can have EnumValues")


def _fits(kind: str, value: Any) -> bool:
    if kind == "String":
        return isinstance(value, str)
    if kind == "Boolean":
        return isinstance(value, bool)
    if kind == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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


@rule
def _depends_on(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        for i, name in enumerate(step.depends_on):
            path = f"DependsOn[{i}]"
            target = definition.steps.get(name)
            if target is None:
                yield Issue(step.name, path, f"unknown step {name!r}")
            elif target.type == "Fail":
                yield Issue(step.name, path, f"{name!r} is a FailStep; no step can depend on one")
            elif name == step.name:
                yield Issue(step.name, path, "a step cannot depend on itself")
            elif _other_branch(definition, step, target):
                yield Issue(
                    step.name,
                    path,
                    f"{name!r} is in the other branch of condition {target.parent!r}, "
                    "so this step can never run",
                )


@rule
def _expressions(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        for key, value in _scanned(step):
            errors: list[expressions.ExpressionError] = []
            found = list(expressions.walk(value, key, errors))
            for exc in errors:
                yield Issue(step.name, exc.json_path, str(exc))
            yield from _bare_property_files(step, found)
            for where, expr in found:
                if isinstance(expr, expressions.Get):
                    yield from _check_get(definition, step, where, expr)
    yield from _experiment_config(definition)


def _bare_property_files(
    step: StepDef, found: list[tuple[str, expressions.Expr]]
) -> Iterator[Issue]:
    # A property file has no value of its own: only Std:JsonGet can read a path from it.
    inside = {id(e.property_file) for _, e in found if isinstance(e, expressions.JsonGet)}
    for where, expr in found:
        if isinstance(expr, expressions.Get) and expr.property_file and id(expr) not in inside:
            yield Issue(
                step.name,
                where,
                f"Get {expr.text!r}: read a property file with "
                "{'Std:JsonGet': {'PropertyFile': ..., 'Path': ...}}",
            )


def _scanned(step: StepDef) -> Iterator[tuple[str, Any]]:
    args = step.arguments if isinstance(step.arguments, dict) else {}
    if step.type == "Condition":
        yield "Arguments.Conditions", args.get("Conditions", [])
    else:
        yield "Arguments", step.arguments
    for key, value in step.raw.items():
        if key not in _ENVELOPE:
            yield key, value


def _experiment_config(definition: PipelineDefinition) -> Iterator[Issue]:
    errors: list[expressions.ExpressionError] = []
    config = definition.experiment_config
    found = list(expressions.walk(config, "PipelineExperimentConfig", errors))
    for exc in errors:
        yield Issue("", exc.json_path, str(exc))
    for where, expr in found:
        if isinstance(expr, expressions.Get) and expr.root == "Steps":
            yield Issue("", where, "PipelineExperimentConfig cannot refer to step properties")


def _check_get(
    definition: PipelineDefinition, step: StepDef, where: str, get: expressions.Get
) -> Iterator[Issue]:
    if get.root == "Parameters" and definition.parameter(get.name) is None:
        yield Issue(step.name, where, f"Get {get.text!r}: parameter {get.name!r} is not declared")
    if get.root != "Steps":
        return
    target = definition.steps.get(get.name)
    if target is None:
        yield Issue(step.name, where, f"Get {get.text!r}: unknown step {get.name!r}")
    elif target.type == "Fail":
        yield Issue(step.name, where, f"Get {get.text!r}: a FailStep has no properties")
    elif get.name == step.name:
        yield Issue(step.name, where, f"Get {get.text!r}: a step cannot refer to itself")
    else:
        problem = property_problem(target, list(get.tokens))
        if problem:
            yield Issue(step.name, where, f"Get {get.text!r}: {problem}")
        if _other_branch(definition, step, target):
            yield Issue(
                step.name,
                where,
                f"Get {get.text!r}: {target.name!r} is in the other branch of condition "
                f"{target.parent!r}, so this step can never run",
            )


def _other_branch(definition: PipelineDefinition, step: StepDef, target: StepDef) -> bool:
    if target.parent is None:
        return False
    branch = _branch_under(definition, step, target.parent)
    return branch is not None and branch != target.branch


def _branch_under(definition: PipelineDefinition, step: StepDef, condition: str) -> str | None:
    current: StepDef | None = step
    while current is not None and current.parent is not None:
        if current.parent == condition:
            return current.branch
        current = definition.steps.get(current.parent)
    return None


def property_problem(target: StepDef, tokens: list[json_path.Token]) -> str:
    """Why ``tokens`` is not a property of ``target``; "" when it is (or cannot be checked)."""
    if target.property_files and tokens[:1] == [json_path.Key("PropertyFiles")]:
        names = [f.name for f in target.property_files]
        if len(tokens) == 2 and isinstance(tokens[1], json_path.Key) and tokens[1].name in names:
            return ""
        return f"property files of {target.name!r} are {names}"
    if tokens[:1] == [json_path.Key("PropertyFiles")]:
        if target.type != "Processing":
            return "only Processing steps have property files"
        return f"step {target.name!r} declares no property files"
    if target.type == "Condition":
        return "" if tokens == [json_path.Key("Outcome")] else "a ConditionStep has only Outcome"
    if target.type in OUTPUT_PARAMETER_TYPES:
        return _output_parameter_problem(target, tokens)
    if target.type in CHECK_PROPERTIES:
        allowed = CHECK_PROPERTIES[target.type]
        ok = len(tokens) == 1 and isinstance(tokens[0], json_path.Key) and tokens[0].name in allowed
        return "" if ok else f"{target.type} properties are {list(allowed)}"
    info = STEP_TYPES.get(target.type)
    return _shape_problem(info.shape, tokens) if info and info.shape else ""


def _output_parameter_problem(target: StepDef, tokens: list[json_path.Token]) -> str:
    outputs = target.raw.get("OutputParameters")
    declared = [
        o["OutputName"]
        for o in (outputs if isinstance(outputs, list) else [])
        if isinstance(o, dict) and isinstance(o.get("OutputName"), str)
    ]
    head = tokens[:1] == [json_path.Key("OutputParameters")]
    if not head or len(tokens) < 2 or not isinstance(tokens[1], json_path.Index):
        return f"{target.type} properties are OutputParameters['<name>']"
    name = tokens[1].value
    if name not in declared:
        return f"{target.name!r} declares no output {name!r} (declared: {declared})"
    if len(tokens) > 2:
        return (
            "output parameters are flat values; a nested value arrives as a JSON string "
            "and cannot be indexed"
        )
    return ""


def _shape_problem(shape: str, tokens: list[json_path.Token]) -> str:
    current = shape
    for i, token in enumerate(tokens):
        kind = shapes.kind(current)
        where = json_path.render(tokens[: i + 1])
        if isinstance(token, json_path.Key):
            members = shapes.members(current)
            if token.name not in members:
                valid = ", ".join(sorted(members)) or "(none: it is a " + kind + ")"
                return f"{where}: no property {token.name!r}; valid here: {valid}"
            current = members[token.name]
        elif kind in ("list", "map"):
            current = shapes.element(current)
        else:
            return f"{where}: cannot index a {kind}"
    return ""


@rule
def _cycles(definition: PipelineDefinition) -> Iterator[Issue]:
    built = graph.build(definition)
    while (cycle := graph.find_cycle(built)) is not None:
        yield Issue(
            cycle[0],
            "DependsOn",
            f"the steps form a cycle: {' -> '.join(cycle)}; remove one of these dependencies",
        )
        built = _without(built, set(cycle))


def _without(built: graph.Graph, removed: set[str]) -> graph.Graph:
    # Dropping a reported cycle lets the next search find the others, one issue each.
    def keep(table: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
        return {n: ups - removed for n, ups in table.items() if n not in removed}

    nodes = tuple(n for n in built.nodes if n not in removed)
    return graph.Graph(nodes, keep(built.upstream), keep(built.data_upstream))


@rule
def _conditions(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        if step.type != "Condition" or not isinstance(step.arguments, dict):
            continue
        conditions = step.arguments.get("Conditions")
        if conditions is None:
            continue  # the envelope rule reports the missing key
        if not isinstance(conditions, list):
            yield Issue(step.name, "Arguments.Conditions", "Conditions must be a list")
            continue
        for i, item in enumerate(conditions):
            try:
                parse_condition(item, f"Arguments.Conditions[{i}]")
            except expressions.ExpressionError as exc:
                yield Issue(step.name, exc.json_path, str(exc))


@rule
def _retry_policies(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        info = STEP_TYPES.get(step.type)
        for i, policy in enumerate(step.retry_policies):
            path = f"RetryPolicies[{i}]"
            yield from _retry_types(step, info.retry_prefixes if info else (), policy, path)
            yield from _retry_ranges(step, policy, path)


_RETRY_TYPES = (
    "Step.SERVICE_FAULT",
    "Step.THROTTLING",
    "SageMaker.JOB_INTERNAL_ERROR",
    "SageMaker.CAPACITY_ERROR",
    "SageMaker.RESOURCE_LIMIT",
    "Emr.RESOURCE_LIMIT",
)


def _retry_types(
    step: StepDef, prefixes: tuple[str, ...], policy: Any, path: str
) -> Iterator[Issue]:
    if not prefixes:
        yield Issue(step.name, path, f"{step.type} steps do not support retry policies")
        return
    for j, kind in enumerate(policy.exception_types):
        where = f"{path}.ExceptionType[{j}]"
        if kind not in _RETRY_TYPES:
            yield Issue(
                step.name,
                where,
                f"unknown exception type {kind!r}; known: {', '.join(_RETRY_TYPES)}",
            )
        elif not kind.startswith(prefixes):
            yield Issue(step.name, where, f"{kind} retries are not allowed on {step.type} steps")


def _retry_ranges(step: StepDef, policy: Any, path: str) -> Iterator[Issue]:
    if policy.max_attempts is not None and policy.expire_after_min is not None:
        yield Issue(step.name, path, "set MaxAttempts or ExpireAfterMin, not both")
    if not 0 <= policy.interval_seconds <= 43200:
        yield Issue(step.name, path + ".IntervalSeconds", "must be between 0 and 43200")
    if policy.backoff_rate < 1.0:
        yield Issue(step.name, path + ".BackoffRate", "must be at least 1.0")
    if policy.max_attempts is not None and not 0 <= policy.max_attempts <= 20:
        yield Issue(step.name, path + ".MaxAttempts", "must be between 0 and 20")
    if policy.expire_after_min is not None and not 0 <= policy.expire_after_min <= 14400:
        yield Issue(step.name, path + ".ExpireAfterMin", "must be between 0 and 14400")


@rule
def _cache_configs(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        config = step.cache_config
        if config is None or not config.enabled or config.expire_after is None:
            continue
        try:
            parse_duration(config.expire_after)
        except DurationError as exc:
            yield Issue(step.name, "CacheConfig.ExpireAfter", str(exc))


@rule
def _property_files(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        if not step.property_files:
            continue
        if step.type != "Processing":
            yield Issue(step.name, "PropertyFiles", "only Processing steps have property files")
            continue
        outputs = _output_names(step)
        for i, pfile in enumerate(step.property_files):
            if outputs is not None and pfile.output_name not in outputs:
                yield Issue(
                    step.name,
                    f"PropertyFiles[{i}].OutputName",
                    f"{pfile.output_name!r} is not one of the step's outputs {sorted(outputs)}",
                )


def _output_names(step: StepDef) -> set[str] | None:
    config = (
        step.arguments.get("ProcessingOutputConfig") if isinstance(step.arguments, dict) else None
    )
    outputs = config.get("Outputs") if isinstance(config, dict) else None
    if not isinstance(outputs, list):
        return set()
    return {str(o.get("OutputName")) for o in outputs if isinstance(o, dict)}


@rule
def _output_parameters(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        if step.type not in OUTPUT_PARAMETER_TYPES:
            continue
        outputs = step.raw.get("OutputParameters", [])
        if not isinstance(outputs, list):
            yield Issue(step.name, "OutputParameters", "must be a list")
            continue
        for i, item in enumerate(outputs):
            kind = item.get("OutputType", "String") if isinstance(item, dict) else None
            if not isinstance(item, dict) or not isinstance(item.get("OutputName"), str):
                yield Issue(step.name, f"OutputParameters[{i}]", "needs a string OutputName")
            elif kind not in OUTPUT_TYPES:
                yield Issue(
                    step.name,
                    f"OutputParameters[{i}].OutputType",
                    f"{kind!r} is not one of {list(OUTPUT_TYPES)}",
                )


@rule
def _flat_inputs(definition: PipelineDefinition) -> Iterator[Issue]:
    # Lambda and Callback inputs are handed over as flat key/value pairs (service rule).
    for step in definition.steps.values():
        if step.type not in OUTPUT_PARAMETER_TYPES or not isinstance(step.arguments, dict):
            continue
        for key, value in step.arguments.items():
            nested = isinstance(value, (dict, list)) and not expressions.is_expression(value)
            if nested:
                yield Issue(
                    step.name,
                    f"Arguments.{key}",
                    f"{step.type} inputs must be strings, numbers, booleans or pipeline "
                    "variables; pass nested data as a JSON string or an S3 URI",
                )
