"""Which boxes and lines an execution graph has, read from the pipeline definition.

Edges come from :mod:`dagmaker.definition.graph` (DependsOn, every property reference and
condition branches) and are told apart so the drawing can show why a step waits:
``branch`` (a condition's if/else arm), ``data`` (it reads the upstream step's
properties) or ``order`` (DependsOn only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagmaker.definition import graph as graphs
from dagmaker.definition.codec import decode_strict
from dagmaker.server.ui.layout import Edge

_BRANCH_LABELS = {"IfSteps": "if true", "ElseSteps": "if false"}


@dataclass(frozen=True)
class StepBox:
    """One box of the graph: the step, its type and what it is labelled."""

    name: str
    type: str
    label: str


@dataclass(frozen=True)
class StepGraph:
    """The boxes (in definition order) and the edges between them."""

    boxes: tuple[StepBox, ...]
    edges: tuple[Edge, ...]


def step_graph(definition_document: dict[str, Any]) -> StepGraph:
    """The graph of a definition document (as ``describe_pipeline`` returns it, parsed).

    Raises:
        DefinitionError: for a definition that cannot be read.
    """
    definition = decode_strict(definition_document)
    built = graphs.build(definition)
    boxes = tuple(
        StepBox(name, step.type, step.display_name or name)
        for name, step in definition.steps.items()
    )
    edges = []
    for target in built.nodes:
        for source in sorted(built.upstream[target]):
            edges.append(_edge(built, source, target))
    return StepGraph(boxes, tuple(edges))


def _edge(built: graphs.Graph, source: str, target: str) -> Edge:
    branch = built.branch_of.get(target)
    if branch is not None and branch[0] == source:
        return Edge(source, target, "branch", _BRANCH_LABELS.get(branch[1], branch[1]))
    if source in built.data_upstream[target]:
        return Edge(source, target, "data")
    return Edge(source, target, "order")
