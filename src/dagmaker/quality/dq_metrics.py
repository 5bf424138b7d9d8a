"""The CloudWatch metrics a data-quality monitoring run publishes, as PutMetricData entries.

Per numeric feature ``feature_data_<name>`` (a statistic set: SampleCount, Sum, Minimum,
Maximum — CloudWatch derives Average); per feature ``feature_non_null_<name>``
(completeness) and, when a baseline comparison ran, ``feature_baseline_drift_<name>``
(the distance). Dimensions follow the container contract: ``Endpoint`` and
``MonitoringSchedule`` for endpoints, ``MonitoringSchedule`` alone for batch transform.
"""

from __future__ import annotations

import math
from typing import Any

from dagmaker.quality.column import ColumnAccumulator
from dagmaker.quality.dq_check import CheckResult
from dagmaker.quality.profiler import DatasetProfile
from dagmaker.quality.value_types import NUMERIC_TYPES

ENDPOINT_NAMESPACE = "/aws/sagemaker/Endpoints/data-metric"
BATCH_NAMESPACE = "/aws/sagemaker/ModelMonitoring/data-metric"


def metric_entries(
    profile: DatasetProfile,
    result: CheckResult | None,
    timestamp: str,
    schedule: str | None = None,
    endpoint: str | None = None,
) -> list[dict[str, Any]]:
    """One entry per metric, in feature order."""
    dimensions = []
    if endpoint:
        dimensions.append({"Name": "Endpoint", "Value": endpoint})
    if schedule:
        dimensions.append({"Name": "MonitoringSchedule", "Value": schedule})
    drift = result.drift if result is not None else {}
    entries = []
    for column in profile.columns:
        for name, value in _column_metrics(column, profile.item_count, drift.get(column.name)):
            entries.append(
                {"MetricName": name, "Timestamp": timestamp, "Dimensions": dimensions, **value}
            )
    return entries


def _column_metrics(
    column: ColumnAccumulator, rows: int, distance: float | None
) -> list[tuple[str, dict[str, Any]]]:
    metrics: list[tuple[str, dict[str, Any]]] = []
    moments = column.moments
    if column.types.column_type() in NUMERIC_TYPES and moments.count:
        statistics = {
            "SampleCount": float(moments.count),
            "Sum": moments.sum,
            "Minimum": moments.minimum,
            "Maximum": moments.maximum,
        }
        metrics.append((f"feature_data_{column.name}", {"StatisticValues": statistics}))
    if rows:
        completeness = column.types.present / rows
        metrics.append((f"feature_non_null_{column.name}", {"Value": completeness, "Unit": "None"}))
    if distance is not None and not math.isnan(distance):
        metrics.append(
            (f"feature_baseline_drift_{column.name}", {"Value": distance, "Unit": "None"})
        )
    return metrics


def namespace(endpoint: str | None) -> str:
    """The namespace the metrics go to: endpoint or batch-transform monitoring."""
    return ENDPOINT_NAMESPACE if endpoint else BATCH_NAMESPACE
