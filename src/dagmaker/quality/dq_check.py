"""Checking a dataset's profile against baseline constraints (and baseline statistics).

Each check is Deequ's constraint as Model Monitor applies it; the metric in a failure's
description is the value Deequ asserted on (``Value: 0.987 does not meet the constraint
requirement! ``):

- ``data_type_check``: share of non-null values whose type is the baseline's
  ``inferred_type`` must reach ``datatype_check_threshold`` (an Integral value does not
  count for a Fractional baseline, as in Deequ);
- ``completeness_check``: share of non-null rows must reach the feature's completeness;
- ``categorical_values_check``: share of rows null or inside ``domains`` must reach
  ``domain_content_threshold``;
- ``baseline_drift_check``: distance to the baseline distribution must not exceed
  ``comparison_threshold`` (``categorical_comparison_threshold`` for String features);
  with ``ChiSquared`` the p-value must not fall below it;
- ``missing_column_check`` / ``extra_column_check``: a constrained feature absent from
  the data, a column of the data without constraints.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from dagmaker.quality.column import ColumnAccumulator
from dagmaker.quality.distance import (
    categorical_distance,
    categorical_p_value,
    numerical_distance,
)
from dagmaker.quality.dq_constraints import CHI_SQUARED, ROBUST, Constraints, FeatureConstraint
from dagmaker.quality.dq_statistics import BaselineFeature
from dagmaker.quality.jackson import java_double
from dagmaker.quality.kll import KllSketch
from dagmaker.quality.profiler import DatasetProfile
from dagmaker.quality.value_types import BOOLEAN, NUMERIC_TYPES, STRING, UNKNOWN

DATA_TYPE = "data_type_check"
COMPLETENESS = "completeness_check"
BASELINE_DRIFT = "baseline_drift_check"
MISSING_COLUMN = "missing_column_check"
EXTRA_COLUMN = "extra_column_check"
CATEGORICAL_VALUES = "categorical_values_check"


@dataclass(frozen=True)
class Violation:
    """One entry of constraint_violations.json."""

    feature_name: str
    constraint_check_type: str
    description: str

    def to_dict(self) -> dict[str, str]:
        """The JSON entry."""
        return {
            "feature_name": self.feature_name,
            "constraint_check_type": self.constraint_check_type,
            "description": self.description,
        }


@dataclass(frozen=True)
class CheckResult:
    """Violations found, and the drift distance measured per feature (for metrics)."""

    violations: tuple[Violation, ...]
    drift: dict[str, float]

    def document(self) -> dict[str, Any]:
        """The constraint_violations.json document."""
        return {"violations": [v.to_dict() for v in self.violations]}


def deequ_failure(value: float) -> str:
    """Deequ's failure message for an assertion on ``value``."""
    return f"Value: {java_double(value)} does not meet the constraint requirement! "


def check(
    profile: DatasetProfile,
    constraints: Constraints,
    baseline: dict[str, BaselineFeature] | None = None,
) -> CheckResult:
    """Every violation of ``constraints`` by the profiled data."""
    violations: list[Violation] = []
    drift: dict[str, float] = {}
    if not constraints.config.evaluate_constraints:
        return CheckResult((), drift)
    for feature in constraints.features:
        column = profile.column(feature.name)
        if column is None:
            violations.append(_missing(feature, profile, constraints))
            continue
        if not feature.config.evaluate_constraints:
            continue
        violations += _feature_checks(feature, column, profile.item_count)
        base = (baseline or {}).get(feature.name)
        if base is not None and feature.config.perform_comparison:
            found = _drift(feature, column, base)
            if found is not None:
                distance, violation = found
                drift[feature.name] = distance
                if violation is not None:
                    violations.append(violation)
    violations += _extra_columns(profile, constraints)
    return CheckResult(tuple(violations), drift)


def _feature_checks(
    feature: FeatureConstraint, column: ColumnAccumulator, rows: int
) -> list[Violation]:
    found = []
    types = column.types
    if feature.completeness is not None and rows:
        completeness = types.present / rows
        if completeness < feature.completeness:
            found.append(Violation(feature.name, COMPLETENESS, deequ_failure(completeness)))
    if feature.inferred_type != UNKNOWN and types.present:
        share = _type_share(column, feature.inferred_type)
        if share < feature.config.datatype_check_threshold:
            found.append(Violation(feature.name, DATA_TYPE, deequ_failure(share)))
    if feature.domains is not None and rows:
        inside = _domain_share(column, feature.domains, rows)
        if inside is not None and inside < feature.config.domain_content_threshold:
            found.append(Violation(feature.name, CATEGORICAL_VALUES, deequ_failure(inside)))
    return found


def _type_share(column: ColumnAccumulator, inferred_type: str) -> float:
    types = column.types
    if inferred_type == STRING:
        # A Boolean column is reported as String, so its values count as such.
        matching = types.string + (types.boolean if types.column_type() == BOOLEAN else 0)
    else:
        matching = types.of(inferred_type) if inferred_type in NUMERIC_TYPES else 0
    return matching / types.present


def _domain_share(column: ColumnAccumulator, domains: tuple[str, ...], rows: int) -> float | None:
    counts = column.categories.counts if column.categories is not None else None
    if column.categories is None:
        counts = {}  # a numeric column: none of its values is a category string
    if counts is None:
        return None  # too many distinct values were seen to tell
    allowed = set(domains)
    inside = sum(count for value, count in counts.items() if value in allowed)
    # Deequ's isContainedIn lets nulls pass.
    return (inside + column.types.unknown) / rows


def _drift(
    feature: FeatureConstraint, column: ColumnAccumulator, base: BaselineFeature
) -> tuple[float, Violation | None] | None:
    """The distance to the baseline and the violation it makes, if any; None if unmeasured."""
    if base.sketch is not None and not column.is_text and column.sketch.total_weight:
        return _numeric_drift(feature, column, base.sketch)
    counts = column.categories.counts if column.categories is not None else None
    if base.categories is None or not counts:
        return None
    return _categorical_drift(feature, counts, base.categories)


def _numeric_drift(
    feature: FeatureConstraint, column: ColumnAccumulator, baseline: KllSketch
) -> tuple[float, Violation | None]:
    config = feature.config
    distance = numerical_distance(baseline, column.sketch, config.comparison_method == ROBUST)
    threshold = config.comparison_threshold
    if math.isnan(distance) or distance <= threshold:
        return distance, None
    text = (
        f"Numerical distance: {java_double(distance)} exceeds numerical threshold: "
        f"{java_double(threshold)}"
    )
    return distance, Violation(feature.name, BASELINE_DRIFT, text)


def _categorical_drift(
    feature: FeatureConstraint, counts: dict[str, int], baseline: dict[str, int]
) -> tuple[float, Violation | None]:
    config = feature.config
    threshold = config.categorical_threshold
    if config.categorical_drift_method == CHI_SQUARED:
        p_value = categorical_p_value(baseline, counts)
        if math.isnan(p_value) or p_value >= threshold:
            return p_value, None
        text = (
            f"Categorical p-value: {java_double(p_value)} is below categorical threshold: "
            f"{java_double(threshold)}"
        )
        return p_value, Violation(feature.name, BASELINE_DRIFT, text)
    distance = categorical_distance(baseline, counts, config.comparison_method == ROBUST)
    if math.isnan(distance) or distance <= threshold:
        return distance, None
    text = (
        f"Categorical distance: {java_double(distance)} exceeds categorical threshold: "
        f"{java_double(threshold)}"
    )
    return distance, Violation(feature.name, BASELINE_DRIFT, text)


def _column_counts(profile: DatasetProfile, constraints: Constraints) -> str:
    return (
        f"Number of columns in current dataset: {len(profile.columns)}, "
        f"Number of columns in baseline constraints: {len(constraints.features)}"
    )


def _missing(
    feature: FeatureConstraint, profile: DatasetProfile, constraints: Constraints
) -> Violation:
    text = "There are missing columns in current dataset. " + _column_counts(profile, constraints)
    return Violation(feature.name, MISSING_COLUMN, text)


def _extra_columns(profile: DatasetProfile, constraints: Constraints) -> list[Violation]:
    known = {feature.name for feature in constraints.features}
    text = "There are extra columns in current dataset. " + _column_counts(profile, constraints)
    return [Violation(c.name, EXTRA_COLUMN, text) for c in profile.columns if c.name not in known]
