"""The metadata database: migrations, projections, claims, concurrency across processes."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dagmaker.errors import Conflict, NotFound
from dagmaker.records import events as ev
from dagmaker.records.records import ExecutionRecord, PipelineRecord
from dagmaker.records.statuses import ExecutionStatus
from dagmaker.storage.db.connection import open_database
from dagmaker.storage.db.executions import ExecutionRepository
from dagmaker.storage.db.migrations import migrate
from dagmaker.storage.db.pipelines import PipelineRepository

NOW = datetime(2026, 1, 2, tzinfo=UTC)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'meta.db'}"


def _execution(arn: str = "arn:x/execution/e1") -> ExecutionRecord:
    return ExecutionRecord(
        arn=arn,
        execution_id=arn.rsplit("/", 1)[-1],
        pipeline_name="p",
        pipeline_arn="arn:p",
        definition={"Steps": []},
        parameters={"A": 1},
        created_at=NOW,
    )


def test_migrations_apply_once(url: str) -> None:
    db = open_database(url)
    applied = migrate(db)
    assert applied[0] == "0001_initial" and applied == sorted(applied)
    assert migrate(db) == []
    with db.reader.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == "wal"


def test_pipeline_create_conflict_update_and_not_found(url: str) -> None:
    db = open_database(url)
    migrate(db)
    repo = PipelineRepository(db)
    repo.create(PipelineRecord(name="p", arn="arn:p", definition={"v": 1}))
    with pytest.raises(Conflict, match="already exists"):
        repo.create(PipelineRecord(name="p", arn="arn:p", definition={"v": 1}))
    updated = repo.update(PipelineRecord(name="p", arn="arn:p", definition={"v": 2}))
    assert updated.definition == {"v": 2} and updated.version == 2
    with pytest.raises(NotFound, match="'q' does not exist"):
        repo.get("q")


def test_execution_status_projection_follows_events(url: str) -> None:
    db = open_database(url)
    migrate(db)
    repo = ExecutionRepository(db)
    repo.create(_execution())
    repo.append("arn:x/execution/e1", [ev.StopRequested(NOW)])
    record = repo.get("e1")
    assert record.status == ExecutionStatus.STOPPING and record.stop_requested
    repo.append(record.arn, [ev.ExecutionFinished(NOW, status="Stopped")])
    assert repo.get(record.arn).status == ExecutionStatus.STOPPED


def test_claim_is_exclusive_and_respects_heartbeats(url: str) -> None:
    db = open_database(url)
    migrate(db)
    repo = ExecutionRepository(db)
    repo.create(_execution("arn:x/execution/a"))
    owned = _execution("arn:x/execution/b")
    owned.owner = "host:1"
    repo.create(owned)
    assert repo.claim("w1", timedelta(seconds=30)) == ["arn:x/execution/a"]
    assert repo.claim("w2", timedelta(seconds=30)) == []
    # A driver that stopped beating is taken over.
    assert sorted(repo.claim("w2", timedelta(seconds=0))) == [
        "arn:x/execution/a",
        "arn:x/execution/b",
    ]


_WRITER = """
import sys
from datetime import UTC, datetime
from dagmaker.records import events as ev
from dagmaker.storage.db.connection import open_database
from dagmaker.storage.db.event_log import SqlEventLog
log = SqlEventLog(open_database(sys.argv[1]))
for i in range(40):
    log.append(sys.argv[2], [ev.StepStarted(datetime.now(UTC), step=sys.argv[3], attempt=i + 1)])
"""


def test_four_processes_append_without_locking_errors(url: str) -> None:
    db = open_database(url)
    migrate(db)
    repo = ExecutionRepository(db)
    arns = [f"arn:x/execution/c{i}" for i in range(2)]
    for arn in arns:
        repo.create(_execution(arn))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, url, arns[i % 2], f"S{i}"], stderr=subprocess.PIPE
        )
        for i in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    from dagmaker.storage.db.event_log import SqlEventLog

    log = SqlEventLog(db)
    for i, arn in enumerate(arns):
        events = log.load(arn)
        assert len(events) == 80
        for step in (f"S{i}", f"S{i + 2}"):
            assert [e.attempt for e in events if e.step == step] == list(range(1, 41))
