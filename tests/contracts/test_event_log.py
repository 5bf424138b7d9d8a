"""One suite every EventLog and CacheIndex backend passes (SQLite, PostgreSQL, in-memory)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from dagmaker.records import events as ev
from dagmaker.records.records import CacheEntry, ExecutionRecord
from dagmaker.storage.db.cache_index import SqlCacheIndex
from dagmaker.storage.db.connection import Database, open_database
from dagmaker.storage.db.event_log import SqlEventLog
from dagmaker.storage.db.executions import ExecutionRepository
from dagmaker.storage.db.migrations import migrate
from dagmaker.storage.memory import InMemoryCacheIndex, InMemoryEventLog
from tests.backends.fixtures import database_url_for

ARN = "arn:aws:sagemaker:local:000000000000:pipeline/p/execution/e1"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _sql(db: Database) -> tuple[SqlEventLog, SqlCacheIndex]:
    ExecutionRepository(db).create(
        ExecutionRecord(
            arn=ARN,
            execution_id="e1",
            pipeline_name="p",
            pipeline_arn="arn:p",
            definition={},
            parameters={},
            created_at=NOW,
        )
    )
    return SqlEventLog(db), SqlCacheIndex(db)


@pytest.fixture(params=["sqlite", "postgresql", "memory"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[object, object]]:
    if request.param == "memory":
        yield InMemoryEventLog(), InMemoryCacheIndex()
        return
    db = open_database(database_url_for(request.param, request, tmp_path))
    migrate(db)
    yield _sql(db)
    db.dispose()


def test_events_round_trip_in_order(backend: tuple) -> None:
    log, _ = backend
    sent = [
        ev.ExecutionStarted(NOW),
        ev.StepStarted(NOW, step="A", attempt=1, job_name="job-a"),
        ev.StepSucceeded(
            NOW + timedelta(seconds=1),
            step="A",
            attempt=1,
            properties={"X": [1, {"Y": "z"}]},
            metadata={"M": {"Arn": "a"}},
        ),
        ev.StepFailed(NOW, step="B", reason="bad", failure_kind="SageMaker.CAPACITY_ERROR"),
    ]
    for event in sent:
        log.append(ARN, [event])
    assert log.load(ARN) == sent


def test_stop_requested_follows_the_log(backend: tuple) -> None:
    log, _ = backend
    assert log.stop_requested(ARN) is False
    log.append(ARN, [ev.StopRequested(NOW, by="me")])
    assert log.stop_requested(ARN) is True
    log.append(ARN, [ev.ExecutionRetried(NOW, steps=["A"])])
    assert log.stop_requested(ARN) is False


def test_concurrent_appends_lose_nothing(backend: tuple) -> None:
    log, _ = backend

    def write(thread: int) -> None:
        for i in range(20):
            log.append(ARN, [ev.StepStarted(NOW, step=f"S{thread}", attempt=i + 1)])

    threads = [threading.Thread(target=write, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    loaded = log.load(ARN)
    assert len(loaded) == 80
    for t in range(4):
        attempts = [e.attempt for e in loaded if e.step == f"S{t}"]
        assert attempts == list(range(1, 21))


def _entry(key: str, step: str, at: datetime) -> CacheEntry:
    return CacheEntry(
        pipeline_name="p",
        step_name=step,
        step_type="Processing",
        key=key,
        arguments={"a": key},
        execution_arn=f"arn:{at.isoformat()}",
        properties={"P": key},
        metadata={},
        created_at=at,
    )


def test_cache_lookup_newest_within_window(backend: tuple) -> None:
    _, cache = backend
    cache.record(_entry("k1", "S", NOW))
    cache.record(_entry("k1", "S", NOW + timedelta(hours=1)))
    cache.record(_entry("k2", "S", NOW + timedelta(hours=2)))
    hit = cache.lookup("p", "k1", NOW - timedelta(days=1))
    assert hit is not None and hit.created_at == NOW + timedelta(hours=1)
    assert cache.lookup("p", "k1", NOW + timedelta(hours=3)) is None
    assert cache.lookup("other", "k1", NOW - timedelta(days=1)) is None
    latest = cache.latest("p", "S")
    assert latest is not None and latest.key == "k2"
    assert cache.latest("p", "T") is None


def test_events_keep_non_finite_numbers_and_any_text(backend: tuple) -> None:
    log, _ = backend
    properties = {
        "FinalMetricDataList": [{"MetricName": "loss", "Value": float("inf")}],
        "Text": 'nul\x00 tab\t quote" é ☃',
    }
    log.append(ARN, [ev.StepSucceeded(NOW, step="A", attempt=1, properties=properties)])
    [loaded] = log.load(ARN)
    assert loaded.properties == properties
    log.append(ARN, [ev.StepSucceeded(NOW, step="B", attempt=1, properties={"v": float("nan")})])
    value = log.load(ARN)[1].properties["v"]
    assert value != value  # NaN survives as NaN


def test_event_times_come_back_aware_and_to_the_microsecond(backend: tuple) -> None:
    log, _ = backend
    eastern = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=timezone(timedelta(hours=-5)))
    log.append(ARN, [ev.ExecutionStarted(eastern)])
    [loaded] = log.load(ARN)
    assert loaded.at == eastern and loaded.at.tzinfo is not None
