"""The metrics store on the metadata database (one row per metric point)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select

from dagmaker.records.monitoring import MetricPoint
from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import Database
from dagmaker.storage.metrics import newest_per_series, series_key

_M = schema.monitoring_metrics


class SqlMetricsStore:
    """Implements the ``MetricsStore`` port on the monitoring metrics table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, job_name: str, points: Sequence[MetricPoint]) -> None:
        """Replace every point of the run ``job_name`` (in one transaction)."""
        with self.db.writer.begin() as conn:
            conn.execute(_M.delete().where(_M.c.job_name == job_name))
            if points:
                conn.execute(_M.insert(), [_row(job_name, p) for p in points])

    def query(
        self,
        schedule: str | None = None,
        metric: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = 10_000,
    ) -> list[MetricPoint]:
        """Points in ``[start, end)``, oldest first (then by metric name)."""
        query = select(_M)
        if schedule is not None:
            query = query.where(_M.c.schedule_name == schedule)
        if metric is not None:
            query = query.where(_M.c.metric_name == metric)
        if start is not None:
            query = query.where(_M.c.timestamp >= start)
        if end is not None:
            query = query.where(_M.c.timestamp < end)
        query = query.order_by(_M.c.timestamp, _M.c.metric_name, _M.c.id).limit(limit)
        with self.db.reader.connect() as conn:
            return [_point(r) for r in conn.execute(query).all()]

    def latest(self, schedule: str | None = None) -> list[MetricPoint]:
        """The newest point of every series, by schedule and metric name."""
        newest = (
            select(_M.c.schedule_name, _M.c.series, func.max(_M.c.timestamp).label("at"))
            .group_by(_M.c.schedule_name, _M.c.series)
            .subquery()
        )
        query = select(_M).join(
            newest,
            (_M.c.schedule_name == newest.c.schedule_name)
            & (_M.c.series == newest.c.series)
            & (_M.c.timestamp == newest.c.at),
        )
        if schedule is not None:
            query = query.where(_M.c.schedule_name == schedule)
        with self.db.reader.connect() as conn:
            points = [_point(r) for r in conn.execute(query).all()]
        # Two runs with the same timestamp (a run now beside a scheduled one) both match.
        return newest_per_series(points)


def _row(job_name: str, point: MetricPoint) -> dict[str, Any]:
    return {
        "schedule_name": point.schedule_name,
        "metric_name": point.metric_name,
        "series": series_key(point),
        "timestamp": point.timestamp,
        "value": point.value,
        "statistics": point.statistics,
        "namespace": point.namespace,
        "dimensions": dict(point.dimensions),
        "endpoint_name": point.endpoint_name,
        "job_name": job_name,
    }


def _point(row: Row[Any]) -> MetricPoint:
    m = row._mapping
    return MetricPoint(
        schedule_name=m["schedule_name"],
        metric_name=m["metric_name"],
        timestamp=m["timestamp"],
        value=m["value"],
        statistics=m["statistics"],
        namespace=m["namespace"],
        dimensions=dict(m["dimensions"] or {}),
        endpoint_name=m["endpoint_name"],
        job_name=m["job_name"],
    )
