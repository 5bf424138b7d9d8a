"""Model-quality ``constraints.json``: suggested from statistics, and checked against them.

A suggested threshold is the baseline metric itself, with ``GreaterThanThreshold`` for
error metrics (mae, mse, rmse, the false positive and negative rates) and
``LessThanThreshold`` for the rest (r2, accuracy, precision, recall, F-scores, auc).
Best-constant-classifier metrics are reference points, not constrained.

A violation record names the metric and its operator:
``{"metric_name": "mse", "constraint_check_type": "GreaterThanThreshold",
"description": "Metric mse with 0.33 was GreaterThanThreshold '0.03'"}`` (the
description adds ``+/- <standard deviation>`` when the statistics have one).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from dagmaker.quality.model_quality_json import plain_number
from dagmaker.quality.model_quality_problem import ModelQualityInputError, ProblemType

GREATER = "GreaterThanThreshold"
LESS = "LessThanThreshold"
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    GREATER: lambda value, threshold: value > threshold,
    LESS: lambda value, threshold: value < threshold,
    "GreaterThanOrEqualToThreshold": lambda value, threshold: value >= threshold,
    "LessThanOrEqualToThreshold": lambda value, threshold: value <= threshold,
}
SUGGESTED: dict[ProblemType, dict[str, str]] = {
    ProblemType.REGRESSION: {"mae": GREATER, "mse": GREATER, "rmse": GREATER, "r2": LESS},
    ProblemType.BINARY: {
        "recall": LESS,
        "precision": LESS,
        "accuracy": LESS,
        "true_positive_rate": LESS,
        "true_negative_rate": LESS,
        "false_positive_rate": GREATER,
        "false_negative_rate": GREATER,
        "auc": LESS,
        "f0_5": LESS,
        "f1": LESS,
        "f2": LESS,
    },
    ProblemType.MULTICLASS: {
        name: LESS
        for name in (
            "accuracy",
            "weighted_recall",
            "weighted_precision",
            "weighted_f0_5",
            "weighted_f1",
            "weighted_f2",
        )
    },
}


def problem_of(document: Mapping[str, Any], suffix: str, what: str) -> ProblemType:
    """The problem type whose ``*_metrics`` / ``*_constraints`` section a document holds.

    Raises:
        ModelQualityInputError: when it holds none of them.
    """
    for problem in ProblemType:
        key = problem.metrics_key if suffix == "metrics" else problem.constraints_key
        if key in document:
            return problem
    expected = ", ".join(
        (p.metrics_key if suffix == "metrics" else p.constraints_key) for p in ProblemType
    )
    raise ModelQualityInputError(f"the {what} have none of the sections {expected}")


def suggest_constraints(statistics: Mapping[str, Any]) -> dict[str, Any]:
    """Constraints at the baseline's own values."""
    problem = problem_of(statistics, "metrics", "statistics")
    section = statistics[problem.metrics_key]
    suggested = {
        name: {"threshold": section[name]["value"], "comparison_operator": operator}
        for name, operator in SUGGESTED[problem].items()
        if name in section and _finite(section[name].get("value"))
    }
    return {"version": 0.0, problem.constraints_key: suggested}


def check(statistics: Mapping[str, Any], constraints: Mapping[str, Any]) -> dict[str, Any]:
    """The ``constraint_violations.json`` document of statistics against constraints.

    Raises:
        ModelQualityInputError: when the two are of different problem types, a constraint
            names a metric the statistics lack, or an operator is unknown.
    """
    problem = problem_of(statistics, "metrics", "statistics")
    bound = problem_of(constraints, "constraints", "constraints")
    if bound is not problem:
        raise ModelQualityInputError(
            f"the constraints are for a {bound.value} problem but the statistics for "
            f"{problem.value}; use constraints suggested from the same kind of model"
        )
    section = statistics[problem.metrics_key]
    violations = []
    for name, rule in (constraints[problem.constraints_key] or {}).items():
        violation = _violation(name, rule, section)
        if violation is not None:
            violations.append(violation)
    return {"violations": violations}


def _violation(name: str, rule: Any, section: Mapping[str, Any]) -> dict[str, str] | None:
    if name not in section or not isinstance(section[name], dict) or "value" not in section[name]:
        known = ", ".join(k for k, v in section.items() if isinstance(v, dict) and "value" in v)
        raise ModelQualityInputError(
            f"constraint {name!r} names a metric the statistics do not have; known: {known}"
        )
    operator = str((rule or {}).get("comparison_operator", ""))
    compare = OPERATORS.get(operator)
    if compare is None:
        raise ModelQualityInputError(
            f"constraint {name!r} has comparison_operator {operator!r}; use one of "
            f"{', '.join(OPERATORS)}"
        )
    threshold = _number(rule.get("threshold"), f"the threshold of constraint {name!r}")
    value = _number(section[name]["value"], f"metric {name!r}")
    if not compare(value, threshold):
        return None
    spread = section[name].get("standard_deviation")
    with_spread = f" +/- {plain_number(spread)}" if _finite(spread) else ""
    return {
        "metric_name": name,
        "constraint_check_type": operator,
        "description": f"Metric {name} with {plain_number(value)}{with_spread} was {operator} "
        f"'{plain_number(threshold)}'",
    }


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _number(value: Any, what: str) -> float:
    if isinstance(value, str) and value in ("NaN", "Infinity", "-Infinity"):
        return float(value.replace("Infinity", "inf"))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ModelQualityInputError(f"{what} must be a number, got {value!r}")
    return float(value)
