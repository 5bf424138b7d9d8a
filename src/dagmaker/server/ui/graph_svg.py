"""Draw an execution's step graph as SVG, on the server.

Every box is a real link (keyboard reachable, with a readable name) to the step's
details; its status is written in words beside a glyph, and its colour only repeats
what the words say.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from dagmaker.server.ui.layout import NODE_HEIGHT, NODE_WIDTH, Layout, Point, Routed, lay_out
from dagmaker.server.ui.statuses import Shown
from dagmaker.server.ui.step_graph import StepGraph

_NAME_CHARS = 27
_ARROW_GAP = 3.0
_LEGIBLE_WIDTH = 560.0


@dataclass(frozen=True)
class NodeState:
    """What a box says about its step beyond its name: status, and a short note."""

    shown: Shown
    note: str = ""


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _stops(points: tuple[Point, ...]) -> list[Point]:
    """Where a line goes: source bottom, straight through crossed layers, target top."""
    half = NODE_HEIGHT / 2
    (x0, y0), (xn, yn) = points[0], points[-1]
    stops = [(x0, y0 + half)]
    for x, y in points[1:-1]:
        stops += [(x, y - half), (x, y + half)]
    stops.append((xn, yn - half - _ARROW_GAP))
    return stops


def _path(stops: list[Point]) -> str:
    """A smooth line through the stops (curves leave and arrive vertically)."""
    parts = [f"M{_fmt(stops[0][0])},{_fmt(stops[0][1])}"]
    for (xa, ya), (xb, yb) in itertools.pairwise(stops):
        if xa == xb:
            parts.append(f"L{_fmt(xb)},{_fmt(yb)}")
            continue
        middle = (ya + yb) / 2
        parts.append(f"C{_fmt(xa)},{_fmt(middle)} {_fmt(xb)},{_fmt(middle)} {_fmt(xb)},{_fmt(yb)}")
    return " ".join(parts)


def _near_end(stops: list[Point], t: float = 0.62) -> Point:
    """A point on the last curve, most of the way to the target (where labels go)."""
    (xa, ya), (xb, yb) = stops[-2], stops[-1]
    # The curve's control points share the middle height, so it has this closed form.
    weight = 3 * (1 - t) * t * t + t**3
    return xa + (xb - xa) * weight, ya + (yb - ya) * (
        3 * (1 - t) ** 2 * t / 2 + 3 * (1 - t) * t * t / 2 + t**3
    )


def _edge(route: Routed) -> str:
    kind = route.edge.kind
    stops = _stops(route.points)
    line = (
        f'<path class="edge edge-{kind}" d="{_path(stops)}" marker-end="url(#arrow)">'
        f"<title>{escape(route.edge.source)} → {escape(route.edge.target)} ({kind})</title></path>"
    )
    if not route.edge.label:
        return line
    x, y = _near_end(stops)
    label = escape(route.edge.label)
    return line + (
        f'<text class="edge-label" x="{_fmt(x)}" y="{_fmt(y + 4)}" text-anchor="middle">'
        f"{label}</text>"
    )


def _node(name: str, kind: str, centre: Point, state: NodeState, href: str, selected: bool) -> str:
    x, y = centre[0] - NODE_WIDTH / 2, centre[1] - NODE_HEIGHT / 2
    shown = state.shown
    classes = f"node {shown.css}" + (" selected" if selected else "")
    said = [w for w in (shown.words, kind, state.note) if w]
    meta = " · ".join(said)
    aria = f"Step {name}, " + ", ".join(said)
    current = ' aria-current="true"' if selected else ""
    return (
        f'<a class="{classes}" href="{escape(href)}" data-step="{escape(name)}"'
        f' aria-label="{escape(aria)}"{current}>'
        f"<title>{escape(name)} — {escape(meta)}</title>"
        f'<rect class="node-box" x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(NODE_WIDTH)}"'
        f' height="{_fmt(NODE_HEIGHT)}" rx="8"/>'
        f'<rect class="node-band" x="{_fmt(x)}" y="{_fmt(y)}" width="8"'
        f' height="{_fmt(NODE_HEIGHT)}" rx="3"/>'
        f'<text class="node-name" x="{_fmt(x + 18)}" y="{_fmt(y + 23)}">'
        f"{escape(_short(name, _NAME_CHARS))}</text>"
        f'<text class="node-meta" x="{_fmt(x + 18)}" y="{_fmt(y + 43)}">'
        f'<tspan class="node-glyph">{shown.glyph}</tspan> '
        f"{escape(_short(meta, _NAME_CHARS + 6))}</text></a>"
    )


def render(
    graph: StepGraph,
    states: Mapping[str, NodeState],
    href: Callable[[str], str],
    selected: str | None = None,
    label: str = "Step graph",
) -> str:
    """The SVG document of ``graph`` with each box in its state.

    Args:
        graph: Boxes and edges (see :func:`dagmaker.server.ui.step_graph.step_graph`).
        states: Step name → its state; every box needs one.
        href: Step name → where its box links.
        selected: The step whose box is marked as current.
        label: The accessible name of the drawing.
    """
    layout: Layout = lay_out([b.name for b in graph.boxes], graph.edges)
    edges = "".join(_edge(r) for r in layout.routes)
    nodes = "".join(
        _node(
            b.name, b.type, layout.centres[b.name], states[b.name], href(b.name), b.name == selected
        )
        for b in graph.boxes
    )
    width, height = _fmt(layout.width), _fmt(layout.height)
    # A small graph is drawn at its own size; a large one may shrink, but not too far.
    classes = "graph compact" if layout.width < _LEGIBLE_WIDTH else "graph"
    return (
        f'<svg class="{classes}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="group" aria-label="{escape(label)}">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9"'
        ' markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>'
        f'<g class="edges">{edges}</g><g class="nodes">{nodes}</g></svg>'
    )
