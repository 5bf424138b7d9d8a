"""The metrics store in memory, for tests and dry runs."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from dagmaker.records.monitoring import MetricPoint
from dagmaker.storage.metrics import newest_per_series


class InMemoryMetricsStore:
    """The ``MetricsStore`` port over a dict of runs; thread-safe."""

    def __init__(self) -> None:
        self._runs: dict[str, list[MetricPoint]] = {}
        self._lock = threading.Lock()

    def record(self, job_name: str, points: Sequence[MetricPoint]) -> None:
        """Replace every point of the run ``job_name``."""
        with self._lock:
            self._runs[job_name] = [replace(p, job_name=job_name) for p in points]

    def query(
        self,
        schedule: str | None = None,
        metric: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = 10_000,
    ) -> list[MetricPoint]:
        """Points in ``[start, end)``, oldest first (then by metric name)."""
        with self._lock:
            points = [p for run in self._runs.values() for p in run]
        chosen = [
            p
            for p in points
            if (schedule is None or p.schedule_name == schedule)
            and (metric is None or p.metric_name == metric)
            and (start is None or p.timestamp >= start)
            and (end is None or p.timestamp < end)
        ]
        chosen.sort(key=lambda p: (p.timestamp, p.metric_name))
        return chosen[:limit]

    def latest(self, schedule: str | None = None) -> list[MetricPoint]:
        """The newest point of every series."""
        return newest_per_series(self.query(schedule=schedule, limit=10**9))
