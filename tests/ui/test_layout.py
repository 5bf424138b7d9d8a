"""The layered layout: layers from the graph, few crossings, spacing, edge ends."""

from __future__ import annotations

import itertools

from dagmaker.server.ui.layout import (
    GAP_X,
    NODE_HEIGHT,
    NODE_WIDTH,
    Edge,
    closest_spacing,
    crossings,
    lay_out,
    layers,
)


def test_layers_put_each_step_below_its_deepest_upstream_step() -> None:
    upstream = {"a": [], "b": ["a"], "c": ["a", "b"], "d": [], "e": ["d", "c"]}
    assert layers(upstream, upstream) == {"a": 0, "b": 1, "c": 2, "d": 0, "e": 3}


def test_a_cycle_does_not_hang_and_goes_below_the_rest() -> None:
    upstream = {"a": [], "b": ["a", "c"], "c": ["b"]}
    assert layers(upstream, upstream) == {"a": 0, "b": 1, "c": 1}


def test_closest_spacing_is_the_least_squares_answer_with_gaps_kept() -> None:
    assert closest_spacing([0.0, 0.0, 0.0], [10.0, 10.0], [1.0, 1.0, 1.0]) == [-10.0, 0.0, 10.0]
    assert closest_spacing([0.0, 50.0], [10.0], [1.0, 1.0]) == [0.0, 50.0]
    # A heavier item moves less when two items want the same place.
    placed = closest_spacing([0.0, 0.0], [10.0], [3.0, 1.0])
    assert placed == [-2.5, 7.5]


def _boxes_overlap(layout, a: str, b: str) -> bool:
    (xa, ya), (xb, yb) = layout.centres[a], layout.centres[b]
    return abs(xa - xb) < NODE_WIDTH and abs(ya - yb) < NODE_HEIGHT


def test_a_diamond_is_drawn_without_crossings_or_overlaps() -> None:
    edges = [Edge("top", "left"), Edge("top", "right"), Edge("left", "end"), Edge("right", "end")]
    layout = lay_out(["top", "left", "right", "end"], edges)
    assert layout.layer_of == {"top": 0, "left": 1, "right": 1, "end": 2}
    for a, b in itertools.combinations(layout.centres, 2):
        assert not _boxes_overlap(layout, a, b), (a, b)
    (left_x, _), (right_x, _) = layout.centres["left"], layout.centres["right"]
    assert abs(right_x - left_x) >= NODE_WIDTH + GAP_X
    top_x, end_x = layout.centres["top"][0], layout.centres["end"][0]
    assert min(left_x, right_x) < top_x < max(left_x, right_x)
    assert abs(top_x - end_x) < 1.0


def test_edges_that_skip_layers_pass_through_one_point_per_layer() -> None:
    edges = [Edge("a", "b"), Edge("b", "c"), Edge("a", "c")]
    layout = lay_out(["a", "b", "c"], edges)
    skipping = next(r for r in layout.routes if (r.edge.source, r.edge.target) == ("a", "c"))
    assert len(skipping.points) == 3
    assert skipping.points[1][1] == layout.centres["b"][1]
    # The passing point keeps clear of the box in its layer.
    assert abs(skipping.points[1][0] - layout.centres["b"][0]) > NODE_WIDTH / 2


def test_edge_ends_are_spread_along_the_box() -> None:
    edges = [Edge("a", "x"), Edge("b", "x"), Edge("c", "x")]
    layout = lay_out(["a", "b", "c", "x"], edges)
    ends = sorted(r.points[-1][0] for r in layout.routes)
    assert len(set(ends)) == 3
    centre = layout.centres["x"][0]
    assert ends[0] < centre < ends[2]
    assert all(abs(e - centre) < NODE_WIDTH / 2 for e in ends)


def test_ordering_removes_avoidable_crossings() -> None:
    # Written so that the first order of the lower row crosses every edge.
    edges = [Edge("a", "z"), Edge("b", "y"), Edge("c", "x")]
    layout = lay_out(["a", "b", "c", "x", "y", "z"], edges)
    upper = sorted("abc", key=lambda n: layout.centres[n][0])
    lower = sorted("xyz", key=lambda n: layout.centres[n][0])
    below = {e.source: [e.target] for e in edges}
    assert crossings([upper, lower], below) == 0
    assert crossings([["a", "b", "c"], ["x", "y", "z"]], below) == 3
