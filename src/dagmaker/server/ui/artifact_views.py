"""What a JSON artifact is, and the parts of it a page shows.

Model Monitor's and Clarify's files are recognised by their shape
(``statistics.json`` with per-feature distributions, ``constraints.json``,
``constraint_violations.json``); any other JSON document (an evaluation report, a
model-quality statistics file) is shown as its numeric leaves, ``a.b.value → 3.2``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from dagmaker.server.ui import charts

_MAX_LEAVES = 200


@dataclass(frozen=True)
class FeatureView:
    """One feature of a data-quality ``statistics.json``: its numbers and its chart."""

    name: str
    inferred_type: str
    facts: list[tuple[str, str]]
    chart: str
    buckets: list[tuple[str, str]] = field(default_factory=list)


def kind_of(document: Any) -> str:
    """``statistics``, ``constraints``, ``violations`` or ``json``."""
    if not isinstance(document, dict):
        return "json"
    features = document.get("features")
    if isinstance(document.get("violations"), list):
        return "violations"
    if isinstance(features, list) and any(
        isinstance(f, dict) and ("numerical_statistics" in f or "string_statistics" in f)
        for f in features
    ):
        return "statistics"
    if isinstance(features, list) and "monitoring_config" in document:
        return "constraints"
    return "json"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def _fact(label: str, value: Any) -> tuple[str, str] | None:
    number = _number(value)
    if number is not None:
        return label, charts.number(number)
    return (label, str(value)) if value not in (None, "") else None


_Shape = tuple[list[tuple[str, Any]], str, list[tuple[str, str]]]


def _numeric(name: str, stats: dict[str, Any]) -> _Shape:
    facts = [(k, stats.get(k)) for k in ("mean", "std_dev", "min", "max", "sum")]
    raw = (((stats.get("distribution") or {}).get("kll") or {}).get("buckets")) or []
    buckets = [
        (float(b["lower_bound"]), float(b["upper_bound"]), float(b["count"]))
        for b in raw
        if isinstance(b, dict)
        and all(_number(b.get(k)) is not None for k in ("lower_bound", "upper_bound", "count"))
    ]
    chart = charts.histogram(buckets, f"Distribution of {name}", name)
    rows = [
        (f"{charts.number(lo)} to {charts.number(hi)}", charts.number(c)) for lo, hi, c in buckets
    ]
    return facts, chart, rows


def _categorical(name: str, stats: dict[str, Any]) -> _Shape:
    facts = [("distinct values", stats.get("distinct_count"))]
    raw = (((stats.get("distribution") or {}).get("categorical") or {}).get("buckets")) or []
    items = [
        (str(b.get("value")), float(b["count"]))
        for b in raw
        if isinstance(b, dict) and _number(b.get("count")) is not None
    ]
    chart = charts.category_bars(items, f"Values of {name}")
    rows = [(label, charts.number(count)) for label, count in items]
    return facts, chart, rows


def features(document: dict[str, Any]) -> list[FeatureView]:
    """Every feature of a data-quality ``statistics.json``, with its histogram."""
    views = []
    for feature in document.get("features") or []:
        if not isinstance(feature, dict):
            continue
        name = str(feature.get("name", ""))
        numeric = feature.get("numerical_statistics")
        stats = numeric if isinstance(numeric, dict) else feature.get("string_statistics") or {}
        common = stats.get("common") or {}
        shape = _numeric if isinstance(numeric, dict) else _categorical
        own, chart, rows = shape(name, stats)
        listed = [("present", common.get("num_present")), ("missing", common.get("num_missing"))]
        facts = [f for f in (_fact(k, v) for k, v in [*listed, *own]) if f is not None]
        views.append(FeatureView(name, str(feature.get("inferred_type", "")), facts, chart, rows))
    return views


def leaves(document: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every scalar in a JSON document with its dotted path (lists by index)."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield from leaves(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from leaves(value, f"{prefix}[{index}]")
    else:
        yield prefix, document


def numeric_leaves(document: Any) -> list[tuple[str, str]]:
    """The numbers of a metrics document (``regression_metrics.mse.value → 3.3``)."""
    found = []
    for path, value in leaves(document):
        number = _number(value)
        if number is not None:
            found.append((path, f"{number:.6g}"))
        if len(found) >= _MAX_LEAVES:
            break
    return found
