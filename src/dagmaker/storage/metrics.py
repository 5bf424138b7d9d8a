"""The monitoring metrics store port: what monitoring runs emit, kept over time.

Every monitoring run's metrics (the values Model Monitor publishes to CloudWatch:
``feature_baseline_drift_<f>``, ``feature_non_null_<f>``, model-quality, bias and
explainability metrics) are recorded per run, so they can be listed over time by the
client and the CLI, and served by a server (e.g. in Prometheus' text format).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from dagmaker.records.monitoring import MetricPoint


@runtime_checkable
class MetricsStore(Protocol):
    """Stores metric points per monitoring run and answers queries over them."""

    def record(self, job_name: str, points: Sequence[MetricPoint]) -> None:
        """Replace every point of the run ``job_name`` with ``points`` (idempotent)."""
        ...

    def query(
        self,
        schedule: str | None = None,
        metric: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = 10_000,
    ) -> list[MetricPoint]:
        """Points in ``[start, end)``, oldest first (then by metric name).

        ``metric`` selects one metric by name; ``schedule`` one schedule's points.
        """
        ...

    def latest(self, schedule: str | None = None) -> list[MetricPoint]:
        """The newest point of every series (schedule, metric, dimensions), by name."""
        ...


def series_key(point: MetricPoint) -> str:
    """What identifies a series within a schedule: the metric name and its dimensions."""
    dimensions = json.dumps(point.dimensions, sort_keys=True, separators=(",", ":"))
    return f"{point.metric_name} {dimensions}"


def newest_per_series(points: Sequence[MetricPoint]) -> list[MetricPoint]:
    """The newest point of each series among ``points``, ordered by schedule and series."""
    newest: dict[tuple[str, str], MetricPoint] = {}
    for point in points:
        key = (point.schedule_name, series_key(point))
        if key not in newest or point.timestamp >= newest[key].timestamp:
            newest[key] = point
    return [newest[k] for k in sorted(newest)]
