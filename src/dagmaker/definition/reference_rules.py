"""Rules on references between steps: DependsOn, Get paths, cycles and conditions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dagmaker.definition import expressions, graph
from dagmaker.definition.conditions import parse_condition
from dagmaker.definition.model import PipelineDefinition, StepDef
from dagmaker.definition.properties import property_problem
from dagmaker.definition.rules import rule
from dagmaker.definition.step_types import ENVELOPE
from dagmaker.errors import Issue


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
        if key not in ENVELOPE:
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
        if "Conditions" not in step.arguments:
            continue  # the envelope rule reports the missing key
        conditions = step.arguments["Conditions"]
        if not isinstance(conditions, list):
            shown = "null" if conditions is None else type(conditions).__name__
            yield Issue(
                step.name,
                "Arguments.Conditions",
                f"Conditions must be a list of conditions (combined with AND), not {shown}",
            )
            continue
        for i, item in enumerate(conditions):
            try:
                parse_condition(item, f"Arguments.Conditions[{i}]")
            except expressions.ExpressionError as exc:
                yield Issue(step.name, exc.json_path, str(exc))
