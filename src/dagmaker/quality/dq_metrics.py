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
    entries: list[dict[str, Any]] = []

    def add(name: str, **value: Any) -> None:
        entries.append(
            {"MetricName": name, "Timestamp": timestamp, "Dimensions": dimensions, **value}
        )

    for column in profile.columns:
        types = column.types
        if types.column_type() in NUMERIC_TYPES and column.moments.count:
            moments = column.moments
            add(
                f"feature_data_{column.name}",
                StatisticValues={
                    "SampleCount": float(moments.count),
                    "Sum": moments.sum,
                    "Minimum": moments.minimum,
                    "Maximum": moments.maximum,
                },
            )
        if profile.item_count:
            add(
                f"feature_non_null_{column.name}",
                Value=types.present / profile.item_count,
                Unit="None",
            )
        distance = drift.get(column.name)
        if distance is not None and not math.isnan(distance):
            add(f"feature_baseline_drift_{column.name}", Value=distance, Unit="None")
    return entries


def namespace(endpoint: str | None) -> str:
    """The namespace the metrics go to: endpoint or batch-transform monitoring."""
    return ENDPOINT_NAMESPACE if endpoint else BATCH_NAMESPACE
