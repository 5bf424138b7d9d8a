"""A layered drawing of a step graph: layers top to bottom, few crossings, straight runs.

The classic recipe (Sugiyama's): put each step one layer below its deepest upstream
step; split every edge that skips layers into a chain through invisible points, one per
layer it crosses; order each layer by the mean position of its neighbours, sweeping down
and up and keeping the order with the fewest crossings; then slide nodes towards their
neighbours while keeping them apart. Pure: names and edges in, coordinates out.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Point = tuple[float, float]

NODE_WIDTH = 220.0
NODE_HEIGHT = 58.0
GAP_X = 36.0
GAP_Y = 64.0
MARGIN = 24.0
_POINT_WIDTH = 8.0  # room a passing edge takes in a layer
_POINT_GAP = 14.0
_PORT_STEP = 18.0  # distance between the ends of edges on one side of a box
_SWEEPS = 12
_NUDGES = 8


@dataclass(frozen=True)
class Edge:
    """A drawn edge; ``kind`` says how it is drawn (``data``, ``order`` or ``branch``)."""

    source: str
    target: str
    kind: str = "data"
    label: str = ""


@dataclass(frozen=True)
class Routed:
    """An edge with the points its line passes through, source first."""

    edge: Edge
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Layout:
    """Where everything goes: node centres, edge routes and the drawing's size."""

    centres: dict[str, Point]
    layer_of: dict[str, int]
    routes: tuple[Routed, ...]
    width: float
    height: float


def layers(nodes: Iterable[str], upstream: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Each node's layer: 0 for nodes with no upstream, else one below the deepest one.

    Nodes on a cycle (which validation rejects) are put below everything else rather
    than looping forever.
    """
    names = list(nodes)
    ups = {n: [u for u in upstream.get(n, ()) if u in names and u != n] for n in names}
    layer: dict[str, int] = {}
    for _ in range(len(names) + 1):
        changed = False
        for name in names:
            if all(u in layer for u in ups[name]):
                value = 1 + max((layer[u] for u in ups[name]), default=-1)
                if layer.get(name) != value:
                    layer[name] = value
                    changed = True
        if not changed:
            break
    deepest = max(layer.values(), default=-1)
    return {n: layer.get(n, deepest + 1) for n in names}


def _chains(
    edges: list[Edge], layer: dict[str, int]
) -> tuple[dict[int, list[str]], list[list[str]]]:
    """Rows of real and virtual nodes, and each edge as the chain of nodes it passes."""
    rows: dict[int, list[str]] = {}
    for name in sorted(layer, key=lambda n: (layer[n], n)):
        rows.setdefault(layer[name], []).append(name)
    chains = []
    for index, edge in enumerate(edges):
        top, bottom = layer[edge.source], layer[edge.target]
        if bottom <= top:  # a back edge of a cycle: drawn straight, not split
            chains.append([edge.source, edge.target])
            continue
        chain = [edge.source]
        for level in range(top + 1, bottom):
            point = f"\0{index}:{level}"
            rows[level].append(point)
            chain.append(point)
        chains.append([*chain, edge.target])
    return rows, chains


def _neighbours(chains: list[list[str]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    above: dict[str, list[str]] = {}
    below: dict[str, list[str]] = {}
    for chain in chains:
        for upper, lower in itertools.pairwise(chain):
            below.setdefault(upper, []).append(lower)
            above.setdefault(lower, []).append(upper)
    return above, below


def crossings(rows: list[list[str]], below: Mapping[str, list[str]]) -> int:
    """How many pairs of edges cross between consecutive rows."""
    total = 0
    for upper, lower in itertools.pairwise(rows):
        position = {n: i for i, n in enumerate(lower)}
        ends = [
            (i, position[b]) for i, a in enumerate(upper) for b in below.get(a, ()) if b in position
        ]
        for k, (a1, b1) in enumerate(ends):
            total += sum(1 for a2, b2 in ends[k + 1 :] if (a1 - a2) * (b1 - b2) < 0)
    return total


def _sweep(rows: list[list[str]], neighbours: Mapping[str, list[str]], reference: int) -> None:
    """Reorder ``rows[reference + 1]`` by the mean position of its neighbours in ``reference``."""
    fixed = {n: i for i, n in enumerate(rows[reference])}

    def key(item: tuple[int, str]) -> tuple[float, int]:
        index, name = item
        seen = [fixed[n] for n in neighbours.get(name, ()) if n in fixed]
        return (sum(seen) / len(seen) if seen else float(index), index)

    rows[reference + 1] = [name for _, name in sorted(enumerate(rows[reference + 1]), key=key)]


def order_rows(rows: list[list[str]], chains: list[list[str]]) -> list[list[str]]:
    """Rows reordered to reduce crossings (best of several down-and-up sweeps)."""
    above, below = _neighbours(chains)
    best = [list(r) for r in rows]
    best_count = crossings(best, below)
    current = [list(r) for r in rows]
    for _ in range(_SWEEPS):
        for level in range(len(current) - 1):
            _sweep(current, above, level)
        flipped = current[::-1]
        for level in range(len(flipped) - 1):
            _sweep(flipped, below, level)
        current = flipped[::-1]
        count = crossings(current, below)
        if count < best_count:
            best, best_count = [list(r) for r in current], count
        if best_count == 0:
            break
    return best


def _width(name: str) -> float:
    return _POINT_WIDTH if name.startswith("\0") else NODE_WIDTH


def _gap(left: str, right: str) -> float:
    """Least distance between the centres of two row neighbours."""
    between = GAP_X if not (left.startswith("\0") or right.startswith("\0")) else _POINT_GAP
    return (_width(left) + _width(right)) / 2 + between


def closest_spacing(wanted: list[float], gaps: list[float], weights: list[float]) -> list[float]:
    """Positions nearest to ``wanted`` (weighted least squares) keeping each gap at least.

    With ``offset[i]`` the least distance from the first item, ``x[i] - offset[i]`` must
    not decrease along the row: an isotonic regression, solved exactly by pooling
    adjacent violators.
    """
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks: list[list[float]] = []  # [weighted mean, weight, size]
    for target, offset, weight in zip(wanted, offsets, weights, strict=True):
        blocks.append([target - offset, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, total, size = blocks.pop()
            last = blocks[-1]
            joined = last[1] + total
            last[0] = (last[0] * last[1] + mean * total) / joined
            last[1], last[2] = joined, last[2] + size
    placed: list[float] = []
    for mean, _, size in blocks:
        placed += [mean] * int(size)
    return [value + offset for value, offset in zip(placed, offsets, strict=True)]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _settle(row: list[str], x: dict[str, float], neighbours: list[Mapping[str, list[str]]]) -> None:
    """Move a row towards its neighbours' median positions, keeping it spaced."""
    wanted, weights = [], []
    for name in row:
        seen = [x[n] for table in neighbours for n in table.get(name, ())]
        wanted.append(_median(seen) if seen else x[name])
        # Points of long edges pull hardest, so those edges run straight down.
        weights.append((4.0 if name.startswith("\0") else 1.0) if seen else 0.25)
    gaps = [_gap(a, b) for a, b in itertools.pairwise(row)]
    for name, value in zip(row, closest_spacing(wanted, gaps, weights), strict=True):
        x[name] = value


def place(rows: list[list[str]], chains: list[list[str]]) -> dict[str, float]:
    """Horizontal centres: packed rows, then settled towards neighbours, down and up."""
    above, below = _neighbours(chains)
    x: dict[str, float] = {}
    for row in rows:
        cursor = 0.0
        for i, name in enumerate(row):
            cursor += _gap(row[i - 1], name) if i else _width(name) / 2
            x[name] = cursor
    for sweep in range(_NUDGES):
        if sweep == _NUDGES - 1:
            for row in rows:
                _settle(row, x, [above, below])
        elif sweep % 2 == 0:
            for row in rows[1:]:
                _settle(row, x, [above])
        else:
            for row in reversed(rows[:-1]):
                _settle(row, x, [below])
    left = min((x[n] - _width(n) / 2 for n in x), default=0.0)
    return {n: v - left + MARGIN for n, v in x.items()}


def _port_offsets(count: int) -> list[float]:
    step = min(_PORT_STEP, (NODE_WIDTH - 40) / max(count, 1))
    return [(i - (count - 1) / 2) * step for i in range(count)]


def _with_ports(routes: list[Routed]) -> tuple[Routed, ...]:
    """Spread the ends of a box's edges along its side, in the order of their other ends."""
    starts: dict[int, float] = {}
    ends: dict[int, float] = {}
    outgoing: dict[str, list[int]] = {}
    incoming: dict[str, list[int]] = {}
    for i, route in enumerate(routes):
        outgoing.setdefault(route.edge.source, []).append(i)
        incoming.setdefault(route.edge.target, []).append(i)
    for table, shift, near in ((outgoing, starts, 1), (incoming, ends, -2)):
        for indexes in table.values():
            indexes.sort(key=lambda i: routes[i].points[near][0])
            for i, offset in zip(indexes, _port_offsets(len(indexes)), strict=True):
                shift[i] = offset
    moved = []
    for i, route in enumerate(routes):
        points = list(route.points)
        points[0] = (points[0][0] + starts[i], points[0][1])
        points[-1] = (points[-1][0] + ends[i], points[-1][1])
        moved.append(Routed(route.edge, tuple(points)))
    return tuple(moved)


def lay_out(nodes: Iterable[str], edges: Iterable[Edge]) -> Layout:
    """Lay out a graph of ``nodes`` and ``edges`` (edges point downstream)."""
    names = list(nodes)
    edge_list = [e for e in edges if e.source in names and e.target in names]
    upstream: dict[str, list[str]] = {n: [] for n in names}
    for edge in edge_list:
        upstream[edge.target].append(edge.source)
    layer = layers(names, upstream)
    by_level, chains = _chains(edge_list, layer)
    rows = order_rows([by_level[k] for k in sorted(by_level)], chains)
    x = place(rows, chains)
    level_of_row = sorted(by_level)
    y: dict[str, float] = {}
    for row_index, row in enumerate(rows):
        for name in row:
            y[name] = MARGIN + NODE_HEIGHT / 2 + level_of_row[row_index] * (NODE_HEIGHT + GAP_Y)
    routes = _with_ports(
        [
            Routed(edge, tuple((x[n], y[n]) for n in chain))
            for edge, chain in zip(edge_list, chains, strict=True)
        ]
    )
    width = max((x[n] + _width(n) / 2 for n in x), default=0.0) + MARGIN
    height = MARGIN * 2 + (max(layer.values(), default=-1) + 1) * (NODE_HEIGHT + GAP_Y) - GAP_Y
    return Layout(
        centres={n: (x[n], y[n]) for n in names},
        layer_of=layer,
        routes=routes,
        width=max(width, NODE_WIDTH + 2 * MARGIN),
        height=max(height, NODE_HEIGHT + 2 * MARGIN),
    )
