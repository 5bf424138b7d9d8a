"""What the monitoring pages draw from Model Monitor's documents: series and baselines.

Monitoring runs emit CloudWatch-style metrics (``list_monitoring_metrics``): per feature
``feature_baseline_drift_<name>`` (the distance from the baseline), and per problem
type the model-quality metrics (``mae``, ``f1``, …). These become one time series per
metric; drift series are keyed by feature.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from dagmaker.server.ui.charts import Series

DRIFT_PREFIX = "feature_baseline_drift_"
# Per-feature statistics the data-quality runs also emit; the statistics page shows them.
_NOT_CHARTED = ("feature_data_", "feature_non_null_")
DEFAULT_THRESHOLD = 0.1
_BASELINE_KEYS = {
    "DataQuality": ("describe_data_quality_job_definition", "DataQualityBaselineConfig"),
    "ModelQuality": ("describe_model_quality_job_definition", "ModelQualityBaselineConfig"),
    "ModelBias": ("describe_model_bias_job_definition", "ModelBiasBaselineConfig"),
    "ModelExplainability": (
        "describe_model_explainability_job_definition",
        "ModelExplainabilityBaselineConfig",
    ),
}


def _moment(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def series(metrics: Iterable[Mapping[str, Any]]) -> tuple[list[Series], list[Series]]:
    """Drift series (one per feature, named by the feature) and the other charted metrics.

    Points without a single ``Value`` (statistic sets) and per-feature statistics are left
    out; each series is in time order.
    """
    points: dict[str, list[tuple[datetime, float]]] = {}
    for entry in metrics:
        name, value, moment = entry.get("MetricName"), entry.get("Value"), entry.get("Timestamp")
        at = _moment(moment)
        if not isinstance(name, str) or at is None or name.startswith(_NOT_CHARTED):
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        points.setdefault(name, []).append((at, float(value)))
    drift, other = [], []
    for name in sorted(points):
        ordered = tuple(sorted(points[name]))
        if name.startswith(DRIFT_PREFIX):
            drift.append(Series(name[len(DRIFT_PREFIX) :], ordered))
        else:
            other.append(Series(name, ordered))
    return drift, other


def baseline_config(client: Any, schedule: Mapping[str, Any]) -> dict[str, Any]:
    """The schedule's ``BaselineConfig`` (inline, or from its named job definition)."""
    config = schedule.get("MonitoringScheduleConfig") or {}
    inline = config.get("MonitoringJobDefinition")
    if isinstance(inline, dict):
        return dict(inline.get("BaselineConfig") or {})
    name = config.get("MonitoringJobDefinitionName")
    kind = config.get("MonitoringType") or schedule.get("MonitoringType") or "DataQuality"
    method, key = _BASELINE_KEYS.get(str(kind), _BASELINE_KEYS["DataQuality"])
    if not name or not hasattr(client, method):
        return {}
    return dict(getattr(client, method)(JobDefinitionName=name).get(key) or {})


def drift_threshold(constraints: Any) -> float:
    """``comparison_threshold`` of a constraints.json (the documented 0.1 when absent)."""
    if not isinstance(constraints, dict):
        return DEFAULT_THRESHOLD
    distribution = (constraints.get("monitoring_config") or {}).get("distribution_constraints")
    value = (distribution or {}).get("comparison_threshold")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return DEFAULT_THRESHOLD
    return float(value)


def output_uris(job: Mapping[str, Any]) -> list[str]:
    """Where a monitoring run's processing job wrote its reports."""
    outputs = (job.get("ProcessingOutputConfig") or {}).get("Outputs") or []
    return [
        str(o["S3Output"]["S3Uri"]).rstrip("/")
        for o in outputs
        if isinstance(o, dict)
        and isinstance(o.get("S3Output"), dict)
        and o["S3Output"].get("S3Uri")
    ]
