"""SVG charts: tick values, bars from buckets, lines over time, empty data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from dagmaker.server.ui.charts import (
    Series,
    category_bars,
    histogram,
    line_chart,
    nice_ticks,
    number,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_nice_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0, 55) == [0, 20, 40, 60]
    assert nice_ticks(1.0, 3.0) == [1.0, 1.5, 2.0, 2.5, 3.0]
    assert nice_ticks(0, 0) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert nice_ticks(float("nan"), 1) == [0.0, 1.0]


def test_numbers_are_short() -> None:
    assert [number(v) for v in (0, 0.25, 1200, 1.23456789, 0.0000123)] == [
        "0",
        "0.25",
        "1200",
        "1.235",
        "1.2e-05",
    ]


def test_histogram_has_one_bar_per_bucket_with_heights_by_count() -> None:
    svg = histogram([(1.0, 1.2, 24.0), (1.2, 2.0, 0.0), (2.0, 3.0, 48.0)], "Distribution of x")
    root = ET.fromstring(svg)
    bars = root.findall(f".//{SVG}rect")
    assert len(bars) == 3
    heights = [float(b.get("height")) for b in bars]
    assert heights[1] == 0.0 and abs(heights[2] - 2 * heights[0]) < 0.2
    titles = [b.find(f"{SVG}title").text for b in bars]
    assert titles == ["1 to 1.2: 24", "1.2 to 2: 0", "2 to 3: 48"]
    assert root.get("aria-label") == "Distribution of x"


def test_category_bars_show_the_most_frequent_first() -> None:
    svg = category_bars([("b", 1.0), ("a", 5.0), ("c", 3.0)], "Values")
    labels = [t.find(f"{SVG}title").text for t in ET.fromstring(svg).iter(f"{SVG}rect")]
    assert labels == ["a: 5", "c: 3", "b: 1"]


def test_line_chart_draws_each_series_and_the_threshold() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    series = [
        Series("age", tuple((start + timedelta(hours=h), 0.1 * h) for h in range(4))),
        Series("income", tuple((start + timedelta(hours=h), 0.05) for h in range(4))),
    ]
    svg = line_chart(series, "Drift per feature", "distance", threshold=0.2)
    root = ET.fromstring(svg)
    lines = root.findall(f".//{SVG}polyline")
    assert [line.find(f"{SVG}title").text for line in lines] == ["age", "income"]
    first = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    assert [x for x, _ in first] == sorted(x for x, _ in first)
    assert first[0][1] > first[-1][1]  # rising values go up the page
    assert "threshold 0.2" in svg
    assert re.search(r">01:00<", svg)


def test_empty_charts_say_so() -> None:
    for svg in (histogram([], "h"), category_bars([], "c"), line_chart([], "l", "y")):
        assert "no data" in svg
        ET.fromstring(svg)
