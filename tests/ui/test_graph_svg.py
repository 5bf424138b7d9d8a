"""The execution graph as SVG: edges by kind, boxes as labelled links, names escaped."""

from __future__ import annotations

import itertools
import random
import xml.etree.ElementTree as ET
from typing import Any

from dagmaker.server.ui.graph_svg import NodeState, render
from dagmaker.server.ui.layout import NODE_HEIGHT, NODE_WIDTH, Edge, lay_out
from dagmaker.server.ui.statuses import shown
from dagmaker.server.ui.step_graph import step_graph
from tests.api.test_client import CONDITION_PIPELINE

SVG = "{http://www.w3.org/2000/svg}"


def _definition() -> dict[str, Any]:
    def processing(name: str, reads: list[str], after: list[str] | None = None) -> dict[str, Any]:
        step: dict[str, Any] = {
            "Name": name,
            "Type": "Processing",
            "Arguments": {
                "Environment": {
                    r: {"Get": f"Steps.{r}.ProcessingOutputConfig.Outputs['o'].S3Output.S3Uri"}
                    for r in reads
                }
            },
        }
        if after:
            step["DependsOn"] = after
        return step

    return {
        "Version": "2020-12-01",
        "Parameters": [],
        "Steps": [
            processing("Prep <&>", []),
            processing("Train", ["Prep <&>"]),
            processing("Report", [], after=["Train"]),
            {
                "Name": "Good",
                "Type": "Condition",
                "Arguments": {
                    "Conditions": [
                        {
                            "Type": "Equals",
                            "LeftValue": {"Get": "Steps.Train.ProcessingJobStatus"},
                            "RightValue": "Completed",
                        }
                    ],
                    "IfSteps": [processing("Ship", [])],
                    "ElseSteps": [{"Name": "Stop", "Type": "Fail", "Arguments": {}}],
                },
            },
        ],
    }


def test_edges_are_told_apart_by_kind() -> None:
    graph = step_graph(_definition())
    kinds = {(e.source, e.target): (e.kind, e.label) for e in graph.edges}
    assert kinds == {
        ("Prep <&>", "Train"): ("data", ""),
        ("Train", "Report"): ("order", ""),
        ("Train", "Good"): ("data", ""),
        ("Good", "Ship"): ("branch", "if true"),
        ("Good", "Stop"): ("branch", "if false"),
    }
    assert [b.type for b in graph.boxes] == ["Processing"] * 3 + ["Condition", "Processing", "Fail"]


def test_boxes_are_links_with_their_status_in_words() -> None:
    graph = step_graph(_definition())
    states = {b.name: NodeState(shown("Succeeded")) for b in graph.boxes}
    states["Stop"] = NodeState(shown("Pending", pending_means_not_started=True))
    states["Train"] = NodeState(shown("Succeeded"), "cached")
    svg = render(graph, states, lambda name: f"?step={name}", selected="Train", label="Steps")
    root = ET.fromstring(svg)  # well-formed, names escaped
    links = {a.get("data-step"): a for a in root.iter(f"{SVG}a")}
    assert set(links) == {"Prep <&>", "Train", "Report", "Good", "Ship", "Stop"}
    assert links["Train"].get("aria-label") == "Step Train, Succeeded, Processing, cached"
    assert links["Train"].get("aria-current") == "true"
    assert links["Stop"].get("aria-label") == "Step Stop, Not started, Fail"
    assert "tone-idle" in links["Stop"].get("class", "")
    assert links["Prep <&>"].get("href") == "?step=Prep <&>"
    paths = root.findall(f".//{SVG}path")
    assert sum("edge-branch" in (p.get("class") or "") for p in paths) == 2
    assert sum("edge-order" in (p.get("class") or "") for p in paths) == 1
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "edge-label"]
    assert sorted(labels) == ["if false", "if true"]


def test_the_example_condition_pipeline_draws() -> None:
    graph = step_graph(CONDITION_PIPELINE)
    states = {b.name: NodeState(shown("Failed")) for b in graph.boxes}
    svg = render(graph, states, lambda n: "#")
    assert 'class="graph compact"' in svg


def test_a_larger_random_dag_keeps_boxes_apart_and_edges_downward() -> None:
    rng = random.Random(3)
    names = [f"s{i}" for i in range(30)]
    edges = [
        Edge(names[a], names[b])
        for b in range(1, 30)
        for a in rng.sample(range(b), k=min(b, rng.randint(1, 3)))
    ]
    layout = lay_out(names, edges)
    for a, b in itertools.combinations(names, 2):
        (xa, ya), (xb, yb) = layout.centres[a], layout.centres[b]
        assert abs(xa - xb) >= NODE_WIDTH or abs(ya - yb) >= NODE_HEIGHT, (a, b)
    for route in layout.routes:
        ys = [y for _, y in route.points]
        assert ys == sorted(ys) and ys[0] < ys[-1]
    assert all(
        0 <= x <= layout.width and 0 <= y <= layout.height for x, y in layout.centres.values()
    )
