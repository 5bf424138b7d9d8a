"""The step graph: edges from DependsOn, from every expression, and from condition branches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from dagmaker.definition import expressions
from dagmaker.definition.model import PipelineDefinition, StepDef

# Envelope keys that never hold data references.
_ENVELOPE = {
    "Name",
    "Type",
    "DependsOn",
    "DisplayName",
    "Description",
    "RetryPolicies",
    "CacheConfig",
    "PropertyFiles",
}


@dataclass(frozen=True)
class Graph:
    """Upstream/downstream sets per step.

    Attributes:
        upstream: Every step a step waits for (custom, data and branch edges).
        data_upstream: The subset referenced through expressions (the step needs their
            properties, so it cannot run if one of them was skipped).
        branch_of: For steps inside a condition branch, ``(condition, "IfSteps"|"ElseSteps")``.
    """

    nodes: tuple[str, ...]
    upstream: dict[str, frozenset[str]]
    data_upstream: dict[str, frozenset[str]]
    downstream: dict[str, frozenset[str]] = field(default_factory=dict)
    branch_of: dict[str, tuple[str, str]] = field(default_factory=dict)


def data_references(step: StepDef) -> set[str]:
    """Steps whose properties ``step`` reads (only its Conditions, for a ConditionStep)."""
    if step.type == "Condition":
        args = step.arguments if isinstance(step.arguments, dict) else {}
        return expressions.step_references(args.get("Conditions", []))
    scanned = {k: v for k, v in step.raw.items() if k not in _ENVELOPE}
    return expressions.step_references(scanned)


def build(definition: PipelineDefinition) -> Graph:
    """Build the graph.

    References to unknown steps and malformed expressions are left out: validation
    reports them, and a graph of the rest still lets it look for cycles.
    """
    known = set(definition.steps)
    upstream: dict[str, set[str]] = {name: set() for name in definition.steps}
    data: dict[str, set[str]] = {name: set() for name in definition.steps}
    branch_of: dict[str, tuple[str, str]] = {}
    for step in definition.steps.values():
        refs = data_references(step) & known
        data[step.name] |= refs
        upstream[step.name] |= refs | (set(step.depends_on) & known)
        if step.parent is not None and step.branch is not None:
            upstream[step.name].add(step.parent)
            branch_of[step.name] = (step.parent, step.branch)
    for name in upstream:
        upstream[name].discard(name)
    return Graph(
        nodes=tuple(definition.steps),
        upstream={k: frozenset(v) for k, v in upstream.items()},
        data_upstream={k: frozenset(v) for k, v in data.items()},
        downstream=_invert(upstream),
        branch_of=branch_of,
    )


def _invert(upstream: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    down: dict[str, set[str]] = {name: set() for name in upstream}
    for name, ups in upstream.items():
        for up in ups:
            down[up].add(name)
    return {k: frozenset(v) for k, v in down.items()}


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle as a list of step names (first name repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []
    for start in sorted(graph.nodes):
        found = _visit(start, graph, state, stack)
        if found:
            return found
    return None


def _visit(node: str, graph: Graph, state: dict[str, int], stack: list[str]) -> list[str] | None:
    # Depth-first without recursion: a chain of thousands of steps must not exhaust the stack.
    if state.get(node) == 2:
        return None
    state[node] = 1
    stack.append(node)
    pending: list[Iterator[str]] = [iter(sorted(graph.upstream[node]))]
    while pending:
        up = next(pending[-1], None)
        if up is None:
            pending.pop()
            state[stack.pop()] = 2
        elif state.get(up) == 1:
            return [*stack[stack.index(up) :], up]
        elif state.get(up) != 2:
            state[up] = 1
            stack.append(up)
            pending.append(iter(sorted(graph.upstream[up])))
    return None


def topological(graph: Graph) -> list[str]:
    """Steps in an order where every step follows its upstream steps (ties by name)."""
    remaining = {name: set(ups) for name, ups in graph.upstream.items()}
    order: list[str] = []
    ready = sorted(name for name, ups in remaining.items() if not ups)
    while ready:
        name = ready.pop(0)
        order.append(name)
        for down in sorted(graph.downstream[name]):
            remaining[down].discard(name)
            if not remaining[down] and down not in order and down not in ready:
                ready.append(down)
        ready.sort()
    return order


def descendants(graph: Graph, names: Iterable[str]) -> set[str]:
    """All steps downstream of ``names`` (not including them)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        for down in graph.downstream.get(todo.pop(), ()):
            if down not in seen:
                seen.add(down)
                todo.append(down)
    return seen
