"""Bias drift: a current ``analysis.json`` against a baseline one (the bias "constraints").

A metric violates when its current value is worse than the baseline's, that is farther
from the metric's ideal: 0 for every metric but DI, whose ideal is 1. Values equal up to
rounding (a relative 1e-9) are not worse, so the same data never drifts from itself.
Metrics without a value on either side (``null`` with an ``error``) are not compared.

Facet groups are matched by facet name and configured value; a threshold group
``(t, max]`` is matched on its threshold ``t``, since the maximum moves with the data, and
reported with ``facet_value`` ``t``. The result is Clarify's ``constraint_violations.json``::

    {"version": "1.0", "violations": [{"facet": "Age", "facet_value": "40",
      "metric_name": "CI", "constraint_check_type": "bias_drift_check",
      "description": "Value 0.07 does not meet the constraint requirement"}]}
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

SECTIONS = ("pre_training_bias_metrics", "post_training_bias_metrics")
IDEAL = {"DI": 1.0}
RELATIVE_TOLERANCE = 1e-9


def facet_value(value_or_threshold: str) -> str:
    """The configured value of a facet group: ``t`` for ``(t, max]``, else the text."""
    text = str(value_or_threshold)
    if text.startswith("(") and text.endswith("]") and ", " in text:
        return text[1:].split(", ", 1)[0]
    return text


def check_bias_drift(current: Mapping[str, Any], baseline: Mapping[str, Any]) -> dict[str, Any]:
    """The violations of ``current`` against ``baseline`` (both ``analysis.json``)."""
    violations = []
    for facet, value, name, now, before in _pairs(current, baseline):
        if _worse(name, now, before):
            violations.append(
                {
                    "facet": facet,
                    "facet_value": value,
                    "metric_name": name,
                    "constraint_check_type": "bias_drift_check",
                    "description": f"Value {_spelled(now)} does not meet the constraint "
                    "requirement",
                }
            )
    return {"version": "1.0", "violations": violations}


def _pairs(
    current: Mapping[str, Any], baseline: Mapping[str, Any]
) -> Iterator[tuple[str, str, str, float, float]]:
    for section in SECTIONS:
        before = _values(baseline.get(section) or {})
        for key, now in _values(current.get(section) or {}).items():
            if key in before:
                facet, value, name = key
                yield facet, value, name, now, before[key]


def _values(section: Mapping[str, Any]) -> dict[tuple[str, str, str], float]:
    found = {}
    for facet, groups in (section.get("facets") or {}).items():
        for group in groups or []:
            value = facet_value(group.get("value_or_threshold", ""))
            for metric in group.get("metrics") or []:
                number = _number(metric.get("value"))
                if number is not None:
                    found[(str(facet), value, str(metric.get("name")))] = number
    return found


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        try:
            return float(value)  # "Infinity", "-Infinity"
        except ValueError:
            return None
    if isinstance(value, (int, float)) and not math.isnan(value):
        return float(value)
    return None


def _worse(name: str, now: float, before: float) -> bool:
    ideal = IDEAL.get(name, 0.0)
    distance_now, distance_before = abs(now - ideal), abs(before - ideal)
    if math.isinf(distance_now) and math.isinf(distance_before):
        return False
    close = math.isclose(distance_now, distance_before, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-15)
    return distance_now > distance_before and not close


def _spelled(value: float) -> str:
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)
