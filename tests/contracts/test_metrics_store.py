"""One suite every MetricsStore backend passes (SQLite and in-memory)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dagmaker.records.monitoring import MetricPoint
from dagmaker.storage.db.connection import open_database
from dagmaker.storage.db.metrics import SqlMetricsStore
from dagmaker.storage.db.migrations import migrate
from dagmaker.storage.memory.metrics import InMemoryMetricsStore
from dagmaker.storage.metrics import MetricsStore
from tests.backends.fixtures import DATABASES, database_url_for

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DIMS = {"Endpoint": "ep", "MonitoringSchedule": "s1"}


@pytest.fixture(params=[*DATABASES, "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MetricsStore]:
    if request.param == "memory":
        yield InMemoryMetricsStore()
        return
    db = open_database(database_url_for(request.param, request, tmp_path))
    migrate(db)
    yield SqlMetricsStore(db)
    db.dispose()


def _point(name: str, at: datetime, value: float, schedule: str = "s1") -> MetricPoint:
    return MetricPoint(
        schedule_name=schedule,
        metric_name=name,
        timestamp=at,
        value=value,
        namespace="/aws/sagemaker/Endpoints/data-metric",
        dimensions=dict(DIMS, MonitoringSchedule=schedule),
        endpoint_name="ep",
    )


def test_the_store_is_a_metrics_store(store: MetricsStore) -> None:
    assert isinstance(store, MetricsStore)


def test_points_come_back_oldest_first_with_every_field(store: MetricsStore) -> None:
    stats = {"SampleCount": 3.0, "Sum": 6.0, "Minimum": 1.0, "Maximum": 3.0}
    store.record("run-2", [_point("feature_non_null_a", T0 + HOUR, 0.5)])
    store.record(
        "run-1",
        [
            _point("feature_non_null_a", T0, 1.0),
            MetricPoint("s1", "feature_data_a", T0, statistics=stats, dimensions=DIMS),
        ],
    )
    points = store.query(schedule="s1")
    assert [(p.metric_name, p.timestamp, p.value) for p in points] == [
        ("feature_data_a", T0, None),
        ("feature_non_null_a", T0, 1.0),
        ("feature_non_null_a", T0 + HOUR, 0.5),
    ]
    assert points[0].statistics == stats
    assert points[1].dimensions == DIMS
    assert points[1].namespace == "/aws/sagemaker/Endpoints/data-metric"
    assert {p.job_name for p in points} == {"run-1", "run-2"}


def test_recording_a_run_again_replaces_its_points(store: MetricsStore) -> None:
    store.record("run-1", [_point("mae", T0, 1.0), _point("mse", T0, 2.0)])
    store.record("run-1", [_point("mae", T0, 3.0)])
    assert [(p.metric_name, p.value) for p in store.query()] == [("mae", 3.0)]
    store.record("run-1", [])
    assert store.query() == []


def test_queries_select_by_schedule_metric_and_half_open_window(store: MetricsStore) -> None:
    for hour in range(4):
        at = T0 + hour * HOUR
        store.record(f"a-{hour}", [_point("mae", at, float(hour)), _point("mse", at, 9.0)])
        store.record(f"b-{hour}", [_point("mae", at, 100.0 + hour, schedule="s2")])
    chosen = store.query(schedule="s1", metric="mae", start=T0 + HOUR, end=T0 + 3 * HOUR)
    assert [p.value for p in chosen] == [1.0, 2.0]
    assert [p.value for p in store.query(schedule="s2", limit=2)] == [100.0, 101.0]
    assert len(store.query(metric="mae")) == 8


def test_latest_is_the_newest_point_of_each_series(store: MetricsStore) -> None:
    store.record("r1", [_point("mae", T0, 1.0), _point("mse", T0, 5.0)])
    store.record("r2", [_point("mae", T0 + HOUR, 2.0)])
    store.record("r3", [_point("mae", T0 + 2 * HOUR, 7.0, schedule="s2")])
    facet_a = MetricPoint("s1", "bias_metric_CI", T0, 0.1, dimensions={"Facet": "a"})
    facet_b = MetricPoint("s1", "bias_metric_CI", T0 + HOUR, 0.3, dimensions={"Facet": "b"})
    store.record("r4", [facet_a])
    store.record("r5", [facet_b])
    latest = store.latest(schedule="s1")
    assert [(p.metric_name, p.dimensions.get("Facet"), p.value) for p in latest] == [
        ("bias_metric_CI", "a", 0.1),
        ("bias_metric_CI", "b", 0.3),
        ("mae", None, 2.0),
        ("mse", None, 5.0),
    ]
    assert [p.schedule_name for p in store.latest()].count("s2") == 1
