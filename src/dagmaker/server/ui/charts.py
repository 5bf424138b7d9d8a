"""Small SVG charts drawn on the server: histograms, category bars and lines over time.

Each chart has axes with round tick values, a ``<title>`` on every mark (its exact
value on hover or to a screen reader), and series told apart by dash pattern and marker
shape as well as colour. Pages put a table of the same numbers beside each chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape

_W, _H = 460.0, 230.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 56.0, 28.0, 16.0, 44.0
_TIME_STEPS = [
    timedelta(seconds=s)
    for s in (1, 5, 15, 30, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400)
] + [timedelta(days=d) for d in (2, 7, 14, 30, 90, 365)]
_MARKERS = ("circle", "square", "diamond", "triangle")


@dataclass(frozen=True)
class Series:
    """One line: a name and its (time, value) points."""

    name: str
    points: tuple[tuple[datetime, float], ...]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round values (steps of 1, 2 or 5 × 10ⁿ) covering ``low``..``high``."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0, 1.0]
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 12))
        value += step
    return ticks


def number(value: float) -> str:
    """A compact rendering of a tick or bound: ``0.25``, ``1200``, ``1.2e-05``."""
    if value == 0:
        return "0"
    if abs(value) >= 1e6 or abs(value) < 1e-3:
        return f"{value:.2g}"
    return f"{value:.4g}"


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _frame(title: str, body: str, x_label: str, y_label: str) -> str:
    middle = _TOP + (_H - _TOP - _BOTTOM) / 2
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W:.0f} {_H:.0f}"'
        f' role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>{body}'
        f'<text class="axis-label" x="{_fmt(_LEFT + (_W - _LEFT - _RIGHT) / 2)}"'
        f' y="{_fmt(_H - 6)}" text-anchor="middle">{escape(x_label)}</text>'
        f'<text class="axis-label" transform="translate(14 {_fmt(middle)}) rotate(-90)"'
        f' text-anchor="middle">{escape(y_label)}</text></svg>'
    )


def _y_axis(ticks: list[float], scale: float, low: float) -> str:
    parts = []
    for tick in ticks:
        y = _H - _BOTTOM - (tick - low) * scale
        parts.append(
            f'<line class="grid" x1="{_fmt(_LEFT)}" x2="{_fmt(_W - _RIGHT)}"'
            f' y1="{_fmt(y)}" y2="{_fmt(y)}"/>'
            f'<text class="tick" x="{_fmt(_LEFT - 6)}" y="{_fmt(y + 4)}"'
            f' text-anchor="end">{number(tick)}</text>'
        )
    return "".join(parts)


def histogram(
    buckets: Sequence[tuple[float, float, float]], title: str, x_label: str = "value"
) -> str:
    """Bars of ``(lower bound, upper bound, count)`` over a numeric axis."""
    if not buckets:
        return _frame(title, _empty(), x_label, "count")
    low, high = buckets[0][0], buckets[-1][1]
    width = (high - low) or 1.0
    ticks = nice_ticks(0.0, max(c for _, _, c in buckets) or 1.0)
    y_scale = (_H - _TOP - _BOTTOM) / ticks[-1]
    x_scale = (_W - _LEFT - _RIGHT) / width
    bars = []
    for lower, upper, count in buckets:
        x = _LEFT + (lower - low) * x_scale
        w = max((upper - lower) * x_scale - 1.5, 1.0)
        h = count * y_scale
        bars.append(
            f'<rect class="bar" x="{_fmt(x)}" y="{_fmt(_H - _BOTTOM - h)}" width="{_fmt(w)}"'
            f' height="{_fmt(h)}"><title>{number(lower)} to {number(upper)}: '
            f"{number(count)}</title></rect>"
        )
    x_ticks = "".join(
        f'<text class="tick" x="{_fmt(_LEFT + (t - low) * x_scale)}" y="{_fmt(_H - _BOTTOM + 16)}"'
        f' text-anchor="middle">{number(t)}</text>'
        for t in nice_ticks(low, high)
        if low - 1e-12 <= t <= high + 1e-12
    )
    return _frame(title, _y_axis(ticks, y_scale, 0.0) + "".join(bars) + x_ticks, x_label, "count")


def category_bars(items: Sequence[tuple[str, float]], title: str, limit: int = 12) -> str:
    """Horizontal bars of ``(value, count)``, the most frequent first."""
    shown = sorted(items, key=lambda item: -item[1])[:limit]
    if not shown:
        return _frame(title, _empty(), "count", "")
    top = max(c for _, c in shown) or 1.0
    row = (_H - _TOP - _BOTTOM) / len(shown)
    left = _LEFT + 64
    scale = (_W - left - _RIGHT - 40) / top
    bars = []
    for i, (label, count) in enumerate(shown):
        y = _TOP + i * row
        bars.append(
            f'<text class="tick" x="{_fmt(left - 6)}" y="{_fmt(y + row * 0.65)}" text-anchor="end">'
            f"{escape(label[:18])}</text>"
            f'<rect class="bar" x="{_fmt(left)}" y="{_fmt(y + row * 0.15)}"'
            f' width="{_fmt(max(count * scale, 1.0))}" height="{_fmt(row * 0.7)}">'
            f"<title>{escape(label)}: {number(count)}</title></rect>"
            f'<text class="tick" x="{_fmt(left + count * scale + 4)}" y="{_fmt(y + row * 0.65)}">'
            f"{number(count)}</text>"
        )
    return _frame(title, "".join(bars), "count", "")


def _empty() -> str:
    return (
        f'<text class="tick" x="{_fmt(_W / 2)}" y="{_fmt(_H / 2)}" text-anchor="middle">'
        "no data</text>"
    )


def _time_ticks(start: datetime, end: datetime) -> list[datetime]:
    span = max(end - start, timedelta(seconds=1))
    step = next((s for s in _TIME_STEPS if span / s <= 6), _TIME_STEPS[-1])
    seconds = step.total_seconds()
    first = math.ceil(start.timestamp() / seconds) * seconds
    ticks = []
    value = first
    while value <= end.timestamp():
        ticks.append(datetime.fromtimestamp(value, UTC))
        value += seconds
    return ticks


def _time_label(moment: datetime, span: timedelta) -> str:
    if span <= timedelta(days=1):
        return moment.strftime("%H:%M:%S" if span < timedelta(minutes=5) else "%H:%M")
    return moment.strftime("%m-%d %H:%M" if span <= timedelta(days=7) else "%Y-%m-%d")


def _marker(shape: str, x: float, y: float, tip: str, index: int) -> str:
    title = f"<title>{escape(tip)}</title>"
    if shape == "circle":
        return (
            f'<circle class="mark s{index}" cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.5">{title}</circle>'
        )
    if shape == "square":
        return (
            f'<rect class="mark s{index}" x="{_fmt(x - 3.5)}" y="{_fmt(y - 3.5)}" width="7"'
            f' height="7">{title}</rect>'
        )
    if shape == "diamond":
        corners = [(x, y - 4.5), (x + 4.5, y), (x, y + 4.5), (x - 4.5, y)]
        points = " ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in corners)
    else:
        points = (
            f"{_fmt(x)},{_fmt(y - 4.5)} {_fmt(x + 4.5)},{_fmt(y + 4)} {_fmt(x - 4.5)},{_fmt(y + 4)}"
        )
    return f'<polygon class="mark s{index}" points="{points}">{title}</polygon>'


def line_chart(
    series: Sequence[Series], title: str, y_label: str, threshold: float | None = None
) -> str:
    """Lines of values over time, one per series, with an optional threshold line."""
    points = [p for s in series for p in s.points]
    if not points:
        return _frame(title, _empty(), "time", y_label)
    start = min(t for t, _ in points)
    end = max(t for t, _ in points)
    if end == start:
        start, end = start - timedelta(minutes=1), end + timedelta(minutes=1)
    values = [v for _, v in points] + ([threshold] if threshold is not None else [])
    ticks = nice_ticks(min(0.0, min(values)), max(values))
    low = ticks[0]
    y_scale = (_H - _TOP - _BOTTOM) / ((ticks[-1] - low) or 1.0)
    x_scale = (_W - _LEFT - _RIGHT) / (end - start).total_seconds()

    def xy(moment: datetime, value: float) -> tuple[float, float]:
        return (
            _LEFT + (moment - start).total_seconds() * x_scale,
            _H - _BOTTOM - (value - low) * y_scale,
        )

    body = [_y_axis(ticks, y_scale, low), _time_axis(start, end, xy, low)]
    if threshold is not None:
        body.append(_threshold(xy(start, threshold)[1], threshold))
    for index, one in enumerate(series):
        body.append(_line(one, index, xy))
    return _frame(title, "".join(body), "time (UTC)", y_label)


_Place = Callable[[datetime, float], tuple[float, float]]


def _time_axis(start: datetime, end: datetime, xy: _Place, low: float) -> str:
    span = end - start
    return "".join(
        f'<text class="tick" x="{_fmt(xy(tick, low)[0])}" y="{_fmt(_H - _BOTTOM + 16)}"'
        f' text-anchor="middle">{_time_label(tick, span)}</text>'
        for tick in _time_ticks(start, end)
    )


def _threshold(y: float, value: float) -> str:
    return (
        f'<line class="threshold" x1="{_fmt(_LEFT)}" x2="{_fmt(_W - _RIGHT)}" y1="{_fmt(y)}"'
        f' y2="{_fmt(y)}"><title>threshold {number(value)}</title></line>'
        f'<text class="tick threshold-label" x="{_fmt(_W - _RIGHT)}" y="{_fmt(y - 4)}"'
        f' text-anchor="end">threshold {number(value)}</text>'
    )


def _line(one: Series, index: int, xy: _Place) -> str:
    ordered = sorted(one.points)
    coords = [xy(t, v) for t, v in ordered]
    path = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)
    shape = _MARKERS[index % len(_MARKERS)]
    marks = "".join(
        _marker(
            shape, x, y, f"{one.name} {t.strftime('%Y-%m-%d %H:%M:%S')}: {number(v)}", index % 4
        )
        for (x, y), (t, v) in zip(coords, ordered, strict=True)
    )
    return (
        f'<g class="series s{index % 4}"><polyline class="line" points="{path}">'
        f"<title>{escape(one.name)}</title></polyline>{marks}</g>"
    )
