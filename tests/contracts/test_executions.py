"""The executions repository on every database: records, projection, claims, concurrency.

Workers on several machines share one PostgreSQL database, so claims and appends are
exercised from several processes at once, not only from threads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dagmaker.errors import NotFound
from dagmaker.records import events as ev
from dagmaker.records.records import ExecutionRecord
from dagmaker.records.statuses import ExecutionStatus
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.event_log import SqlEventLog
from dagmaker.storage.db.executions import ExecutionRepository

NOW = datetime(2026, 1, 2, tzinfo=UTC)
HOUR = timedelta(hours=1)


def execution(arn: str = "arn:x/execution/e1", **changes: object) -> ExecutionRecord:
    values: dict[str, object] = {
        "arn": arn,
        "execution_id": arn.rsplit("/", 1)[-1],
        "pipeline_name": "p",
        "pipeline_arn": "arn:p",
        "definition": {"Steps": [{"Name": "A", "Arguments": {"x": [1, 2.5, None, "é"]}}]},
        "parameters": {"A": 1, "B": "two"},
        "created_at": NOW,
    }
    values.update(changes)
    return ExecutionRecord(**values)  # type: ignore[arg-type]


@pytest.fixture
def repo(db: Database) -> ExecutionRepository:
    return ExecutionRepository(db)


def test_create_then_get_by_arn_or_id(repo: ExecutionRepository) -> None:
    created = repo.create(execution(display_name="d", selective={"S": ["A"]}, parallelism=3))
    assert repo.get("e1") == created == repo.get("arn:x/execution/e1")
    assert created.definition["Steps"][0]["Arguments"] == {"x": [1, 2.5, None, "é"]}
    assert created.parameters == {"A": 1, "B": "two"}
    assert (created.display_name, created.selective, created.parallelism) == ("d", {"S": ["A"]}, 3)
    assert created.status == ExecutionStatus.EXECUTING
    assert created.created_at == NOW and created.created_at.tzinfo is not None
    assert created.last_modified_at is not None and created.last_modified_at.tzinfo is not None
    assert created.heartbeat_at is None and created.owner == ""


def test_unknown_execution_is_not_found(repo: ExecutionRepository) -> None:
    with pytest.raises(NotFound, match="'arn:nope' does not exist"):
        repo.get("arn:nope")


def test_create_with_events_sets_the_projection(repo: ExecutionRepository, db: Database) -> None:
    created = repo.create(execution(), [ev.StopRequested(NOW, by="me")])
    assert created.status == ExecutionStatus.STOPPING and created.stop_requested
    assert SqlEventLog(db).load(created.arn) == [ev.StopRequested(NOW, by="me")]


def test_status_projection_follows_appended_events(repo: ExecutionRepository) -> None:
    repo.create(execution())
    repo.append("arn:x/execution/e1", [ev.StopRequested(NOW)])
    record = repo.get("e1")
    assert record.status == ExecutionStatus.STOPPING and record.stop_requested
    later = NOW + timedelta(minutes=5)
    repo.append(record.arn, [ev.ExecutionFinished(later, status="Stopped")])
    record = repo.get(record.arn)
    assert record.status == ExecutionStatus.STOPPED and record.last_modified_at == later
    assert repo.active() == []


def test_list_filters_orders_and_limits(repo: ExecutionRepository) -> None:
    for i in range(4):
        pipeline = "p" if i % 2 == 0 else "q"
        arn = f"arn:x/execution/e{i}"
        repo.create(execution(arn, pipeline_name=pipeline, created_at=NOW + i * HOUR))
    assert [r.execution_id for r in repo.list()] == ["e3", "e2", "e1", "e0"]
    assert [r.execution_id for r in repo.list("p")] == ["e2", "e0"]
    assert [r.execution_id for r in repo.list(newest_first=False, limit=2)] == ["e0", "e1"]


def test_claim_is_exclusive_and_respects_heartbeats(repo: ExecutionRepository) -> None:
    repo.create(execution("arn:x/execution/a"))
    owned = execution("arn:x/execution/b")
    owned.owner = "host:1"  # driven by the process that created it
    repo.create(owned)
    assert repo.claim("w1", timedelta(seconds=30)) == ["arn:x/execution/a"]
    assert repo.claim("w2", timedelta(seconds=30)) == []
    claimed = repo.get("a")
    assert claimed.owner == "w1" and claimed.heartbeat_at is not None
    # A driver that stopped beating is taken over.
    assert sorted(repo.claim("w2", timedelta(seconds=0))) == [
        "arn:x/execution/a",
        "arn:x/execution/b",
    ]
    assert repo.get("b").owner == "w2"


def test_claim_of_one_execution_and_release(repo: ExecutionRepository) -> None:
    for name in ("a", "b"):
        repo.create(execution(f"arn:x/execution/{name}"))
    assert repo.claim("w1", HOUR, arn="arn:x/execution/b") == ["arn:x/execution/b"]
    assert repo.claim("w2", HOUR, arn="arn:x/execution/b") == []
    repo.release("arn:x/execution/b")
    released = repo.get("b")
    assert released.owner == "" and released.heartbeat_at is None
    assert sorted(repo.claim("w2", HOUR)) == ["arn:x/execution/a", "arn:x/execution/b"]


def test_claim_takes_the_oldest_first_up_to_a_limit(repo: ExecutionRepository) -> None:
    for i in (2, 0, 1):
        repo.create(execution(f"arn:x/execution/e{i}", created_at=NOW + i * HOUR))
    assert repo.claim("w1", HOUR, limit=2) == ["arn:x/execution/e0", "arn:x/execution/e1"]
    assert repo.claim("w2", HOUR, limit=2) == ["arn:x/execution/e2"]


def test_finished_executions_are_never_claimed(repo: ExecutionRepository) -> None:
    repo.create(execution(), [ev.ExecutionFinished(NOW, status="Succeeded")])
    assert repo.claim("w", timedelta(0)) == []
    assert repo.active() == []


def test_heartbeat_keeps_a_claim(repo: ExecutionRepository, db: Database) -> None:
    repo.create(execution())
    repo.claim("w1", HOUR)
    before = repo.get("e1").heartbeat_at
    SqlEventLog(db).heartbeat("arn:x/execution/e1")
    after = repo.get("e1").heartbeat_at
    assert before is not None and after is not None and after >= before
    assert repo.claim("w2", timedelta(seconds=30)) == []


def test_set_parallelism_and_active(repo: ExecutionRepository) -> None:
    repo.create(execution("arn:x/execution/a"))
    repo.create(execution("arn:x/execution/b"), [ev.ExecutionFinished(NOW, status="Failed")])
    repo.set_parallelism("arn:x/execution/a", 7)
    assert repo.get("a").parallelism == 7
    assert [r.arn for r in repo.active()] == ["arn:x/execution/a"]


CLAIMER = """
import json, sys, time
from datetime import timedelta
from pathlib import Path
from dagmaker.storage.db.connection import open_database
from dagmaker.storage.db.executions import ExecutionRepository

url, owner, go, arns = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4:]
repo = ExecutionRepository(open_database(url))
repo.get(arns[0])  # connected before the start signal
while not go.exists():
    time.sleep(0.002)
won = []
for arn in arns:
    won += repo.claim(owner, timedelta(hours=1), arn=arn)
won += repo.claim(owner, timedelta(hours=1))
print(json.dumps(won))
"""


def test_workers_in_four_processes_never_claim_the_same_execution(
    repo: ExecutionRepository, database_url: str, tmp_path: Path
) -> None:
    arns = [f"arn:x/execution/c{i:02d}" for i in range(40)]
    for arn in arns:
        repo.create(execution(arn))
    go = tmp_path / "go"
    workers = []
    for w in range(4):
        order = arns[w * 10 :] + arns[: w * 10]  # each starts on a different execution
        workers.append(
            subprocess.Popen(
                [sys.executable, "-c", CLAIMER, database_url, f"w{w}", str(go), *order],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    go.touch()
    won: dict[str, list[str]] = {}
    for w, proc in enumerate(workers):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        won[f"w{w}"] = json.loads(out)
    everything = [arn for arns_ in won.values() for arn in arns_]
    assert sorted(everything) == arns  # each claimed exactly once
    for owner, claimed in won.items():
        assert all(repo.get(arn).owner == owner for arn in claimed)


APPENDER = """
import sys
from datetime import UTC, datetime
from dagmaker.records import events as ev
from dagmaker.storage.db.connection import open_database
from dagmaker.storage.db.event_log import SqlEventLog
log = SqlEventLog(open_database(sys.argv[1]))
for i in range(40):
    log.append(sys.argv[2], [ev.StepStarted(datetime.now(UTC), step=sys.argv[3], attempt=i + 1)])
"""


def test_four_processes_append_without_losing_or_reordering_events(
    repo: ExecutionRepository, db: Database, database_url: str
) -> None:
    arns = [f"arn:x/execution/c{i}" for i in range(2)]
    for arn in arns:
        repo.create(execution(arn))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", APPENDER, database_url, arns[i % 2], f"S{i}"],
            stderr=subprocess.PIPE,
        )
        for i in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    log = SqlEventLog(db)
    for i, arn in enumerate(arns):
        events = log.load(arn)
        assert len(events) == 80
        for step in (f"S{i}", f"S{i + 2}"):
            assert [e.attempt for e in events if e.step == step] == list(range(1, 41))
