"""``constraints.json`` (data quality): suggested from a baseline profile, read for checks.

Suggestions follow what Model Monitor's container writes (its files, not the
documentation's example): per feature the inferred type, the observed completeness,
``is_non_negative`` for numbers, and for a low-cardinality String column whose values
mostly repeat (Deequ's rule: at most 10 % of the values seen once) the ``domains`` list,
most frequent first; the monitoring config asks for exact types and domains (thresholds
1.0) and Robust drift comparison at 0.1.

Reading accepts the spellings that circulate: ``version`` 0 or 0.0,
``monitoringConfigOverrides`` or ``monitoring_config_overrides`` (at feature level or
inside ``string_constraints``/``num_constraints``), ``Simple``/``Robust`` or
``linf_simple``/``linf_robust``, and ignores keys it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from dagmaker.quality.column import ColumnAccumulator
from dagmaker.quality.dq_errors import DataQualityError
from dagmaker.quality.dq_statistics import HISTOGRAM_LIMIT
from dagmaker.quality.profiler import DatasetProfile
from dagmaker.quality.value_types import NUMERIC_TYPES, STRING, UNKNOWN, reported_type

ENABLED = "Enabled"
DISABLED = "Disabled"
SIMPLE = "Simple"
ROBUST = "Robust"
LINFINITY = "LInfinity"
CHI_SQUARED = "ChiSquared"
_METHODS = {"simple": SIMPLE, "linf_simple": SIMPLE, "robust": ROBUST, "linf_robust": ROBUST}
_DRIFT_METHODS = {"linfinity": LINFINITY, "chisquared": CHI_SQUARED}
# Deequ's CategoricalRangeRule: suggest a domain when at most this share of values is unique.
UNIQUE_VALUE_RATIO = 0.1


def suggest(profile: DatasetProfile, categorical_drift_method: str | None = None) -> dict[str, Any]:
    """The constraints.json document the container suggests for a baseline profile."""
    distribution: dict[str, Any] = {
        "perform_comparison": ENABLED,
        "comparison_threshold": 0.1,
        "comparison_method": ROBUST,
    }
    if categorical_drift_method:
        distribution["categorical_drift_method"] = drift_method(categorical_drift_method)
    return {
        "version": 0.0,
        "features": [_suggest_feature(column, profile.item_count) for column in profile.columns],
        "monitoring_config": {
            "evaluate_constraints": ENABLED,
            "emit_metrics": ENABLED,
            "datatype_check_threshold": 1.0,
            "domain_content_threshold": 1.0,
            "distribution_constraints": distribution,
        },
    }


def _suggest_feature(column: ColumnAccumulator, rows: int) -> dict[str, Any]:
    inferred = reported_type(column.types.column_type())
    feature: dict[str, Any] = {
        "name": column.name,
        "inferred_type": inferred,
        "completeness": column.types.present / rows if rows else 0.0,
    }
    if inferred in NUMERIC_TYPES:
        feature["num_constraints"] = {"is_non_negative": column.moments.minimum >= 0.0}
    elif inferred == STRING:
        domains = suggested_domains(column)
        if domains is not None:
            feature["string_constraints"] = {"domains": domains}
    return feature


def suggested_domains(column: ColumnAccumulator) -> list[str] | None:
    """The values of a categorical column, most frequent first, if Deequ would suggest them."""
    counts = column.categories.counts if column.categories is not None else None
    if not counts or len(counts) > HISTOGRAM_LIMIT:
        return None
    singletons = sum(1 for count in counts.values() if count == 1)
    if singletons / len(counts) > UNIQUE_VALUE_RATIO:
        return None
    return [value for value, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


# -- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckConfig:
    """The monitoring config in force for one feature (global, then its overrides)."""

    evaluate_constraints: bool = True
    emit_metrics: bool = True
    datatype_check_threshold: float = 0.1
    domain_content_threshold: float = 0.1
    perform_comparison: bool = True
    comparison_threshold: float = 0.1
    comparison_method: str = ROBUST
    categorical_comparison_threshold: float | None = None
    categorical_drift_method: str = LINFINITY

    @property
    def categorical_threshold(self) -> float:
        """The categorical threshold, which defaults to the numerical one."""
        if self.categorical_comparison_threshold is None:
            return self.comparison_threshold
        return self.categorical_comparison_threshold


@dataclass(frozen=True)
class FeatureConstraint:
    """One feature's constraints."""

    name: str
    inferred_type: str = UNKNOWN
    completeness: float | None = None
    is_non_negative: bool | None = None
    domains: tuple[str, ...] | None = None
    config: CheckConfig = field(default_factory=CheckConfig)


@dataclass(frozen=True)
class Constraints:
    """A constraints.json document, normalised."""

    features: tuple[FeatureConstraint, ...]
    config: CheckConfig

    def feature(self, name: str) -> FeatureConstraint | None:
        """The constraint for ``name``, if any."""
        return next((f for f in self.features if f.name == name), None)


def read_constraints(document: Any, source: str = "constraints") -> Constraints:
    """Normalise a constraints.json document.

    Raises:
        DataQualityError: naming the field when the document is not usable.
    """
    if not isinstance(document, dict) or not isinstance(document.get("features", []), list):
        raise DataQualityError(
            f"{source} is not a constraints.json document: it needs a 'features' list",
            field="features",
        )
    config = _config(document.get("monitoring_config") or {}, CheckConfig(), source)
    features = []
    for index, item in enumerate(document.get("features", [])):
        where = f"{source}: features[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise DataQualityError(f"{where} needs a 'name'", field=f"features[{index}]")
        features.append(_feature(item, config, where))
    return Constraints(tuple(features), config)


def _feature(item: dict[str, Any], config: CheckConfig, where: str) -> FeatureConstraint:
    numbers = item.get("num_constraints") or {}
    strings = item.get("string_constraints") or {}
    overrides: dict[str, Any] = {}
    for holder in (numbers, strings, item):
        for key in ("monitoringConfigOverrides", "monitoring_config_overrides"):
            if isinstance(holder.get(key), dict):
                overrides.update(holder[key])
    domains = strings.get("domains")
    if domains is not None and not isinstance(domains, list):
        raise DataQualityError(f"{where}: string_constraints.domains must be a list")
    completeness = item.get("completeness")
    return FeatureConstraint(
        name=item["name"],
        inferred_type=str(item.get("inferred_type", UNKNOWN)),
        completeness=None if completeness is None else _float(completeness, where, "completeness"),
        is_non_negative=numbers.get("is_non_negative"),
        domains=None if domains is None else tuple(str(d) for d in domains),
        config=_config(overrides, config, where) if overrides else config,
    )


def _config(raw: dict[str, Any], base: CheckConfig, where: str) -> CheckConfig:
    if not isinstance(raw, dict):
        raise DataQualityError(f"{where}: monitoring_config must be an object")
    distribution = raw.get("distribution_constraints") or {}
    flat = {**raw, **distribution}
    changes: dict[str, Any] = {}
    for key in ("evaluate_constraints", "emit_metrics", "perform_comparison"):
        if key in flat:
            changes[key] = _switch(flat[key], where, key)
    if "enable_comparisons" in flat and "perform_comparison" not in flat:
        changes["perform_comparison"] = bool(flat["enable_comparisons"])
    for key in (
        "datatype_check_threshold",
        "domain_content_threshold",
        "comparison_threshold",
        "categorical_comparison_threshold",
    ):
        if key in flat:
            changes[key] = _float(flat[key], where, key)
    if "comparison_method" in flat:
        changes["comparison_method"] = comparison_method(str(flat["comparison_method"]))
    if "categorical_drift_method" in flat:
        changes["categorical_drift_method"] = drift_method(str(flat["categorical_drift_method"]))
    return replace(base, **changes)


def comparison_method(name: str) -> str:
    """``Simple`` or ``Robust`` from any accepted spelling."""
    method = _METHODS.get(name.lower())
    if method is None:
        raise DataQualityError(
            f"unknown comparison_method {name!r}",
            field="comparison_method",
            hint="Use Simple or Robust (linf_simple / linf_robust).",
        )
    return method


def drift_method(name: str) -> str:
    """``LInfinity`` or ``ChiSquared`` from any letter case."""
    method = _DRIFT_METHODS.get(name.lower())
    if method is None:
        raise DataQualityError(
            f"unknown categorical_drift_method {name!r}",
            field="categorical_drift_method",
            hint="Use LInfinity or ChiSquared.",
        )
    return method


def _switch(value: Any, where: str, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("enabled", "true"):
        return True
    if str(value).lower() in ("disabled", "false"):
        return False
    raise DataQualityError(f"{where}: {key} must be Enabled or Disabled, got {value!r}")


def _float(value: Any, where: str, key: str) -> float:
    try:
        if isinstance(value, bool):
            raise ValueError
        return float(value)
    except (TypeError, ValueError) as error:
        raise DataQualityError(f"{where}: {key} must be a number, got {value!r}") from error
