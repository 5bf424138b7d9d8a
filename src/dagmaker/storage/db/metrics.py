"""The metrics store on the metadata database (one row per metric point)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from dagmaker.records.monitoring import MetricPoint
from dagmaker.storage.db.codec import Row, document, encoded, instant
from dagmaker.storage.db.connection import Database
from dagmaker.storage.metrics import newest_per_series, series_key

_COLUMNS = (
    "schedule_name, metric_name, series, timestamp, value, statistics, namespace, dimensions, "
    "endpoint_name, job_name"
)
_INSERT = (
    f"INSERT INTO monitoring_metrics ({_COLUMNS}) VALUES (:schedule_name, :metric_name, "
    ":series, :timestamp, :value, :statistics, :namespace, :dimensions, :endpoint_name, "
    ":job_name)"
)
# The newest timestamp of every series, joined back to its points.
_LATEST = (
    "SELECT m.schedule_name, m.metric_name, m.series, m.timestamp, m.value, m.statistics, "
    "m.namespace, m.dimensions, m.endpoint_name, m.job_name FROM monitoring_metrics m "
    "JOIN (SELECT schedule_name, series, MAX(timestamp) AS at FROM monitoring_metrics "
    "GROUP BY schedule_name, series) newest ON m.schedule_name = newest.schedule_name "
    "AND m.series = newest.series AND m.timestamp = newest.at"
)


class SqlMetricsStore:
    """Implements the ``MetricsStore`` port on the monitoring metrics table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, job_name: str, points: Sequence[MetricPoint]) -> None:
        """Replace every point of the run ``job_name`` (in one transaction)."""
        with self.db.writing() as sql:
            sql.run(
                "DELETE FROM monitoring_metrics WHERE job_name = :job_name", {"job_name": job_name}
            )
            for point in points:
                sql.run(_INSERT, _row(job_name, point))

    def query(
        self,
        schedule: str | None = None,
        metric: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = 10_000,
    ) -> list[MetricPoint]:
        """Points in ``[start, end)``, oldest first (then by metric name)."""
        conditions = []
        if schedule is not None:
            conditions.append("schedule_name = :schedule")
        if metric is not None:
            conditions.append("metric_name = :metric")
        if start is not None:
            conditions.append("timestamp >= :start")
        if end is not None:
            conditions.append("timestamp < :end")
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        query = (
            f"SELECT {_COLUMNS} FROM monitoring_metrics{where} "
            "ORDER BY timestamp, metric_name, id LIMIT :limit"
        )
        params = {
            "schedule": schedule,
            "metric": metric,
            "start": start,
            "end": end,
            "limit": limit,
        }
        with self.db.reading() as sql:
            return [_point(r) for r in sql.rows(query, params)]

    def latest(self, schedule: str | None = None) -> list[MetricPoint]:
        """The newest point of every series, by schedule and metric name."""
        query = _LATEST + (" WHERE m.schedule_name = :schedule" if schedule is not None else "")
        with self.db.reading() as sql:
            points = [_point(r) for r in sql.rows(query, {"schedule": schedule})]
        # Two runs with the same timestamp (a run now beside a scheduled one) both match.
        return newest_per_series(points)


def _row(job_name: str, point: MetricPoint) -> dict[str, Any]:
    return {
        "schedule_name": point.schedule_name,
        "metric_name": point.metric_name,
        "series": series_key(point),
        "timestamp": point.timestamp,
        "value": point.value,
        "statistics": encoded(point.statistics),
        "namespace": point.namespace,
        "dimensions": encoded(dict(point.dimensions)),
        "endpoint_name": point.endpoint_name,
        "job_name": job_name,
    }


def _point(m: Row) -> MetricPoint:
    return MetricPoint(
        schedule_name=m["schedule_name"],
        metric_name=m["metric_name"],
        timestamp=instant(m["timestamp"]),
        value=m["value"],
        statistics=document(m["statistics"]),
        namespace=m["namespace"],
        dimensions=dict(document(m["dimensions"]) or {}),
        endpoint_name=m["endpoint_name"],
        job_name=m["job_name"],
    )
