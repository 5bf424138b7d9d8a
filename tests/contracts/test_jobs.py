"""The job store on every backend: SQLite, PostgreSQL and in memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dagmaker.errors import NotFound
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import JobStatus
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.jobs import JobRepository
from dagmaker.storage.memory import InMemoryJobStore
from dagmaker.storage.ports import JobStore
from tests.contracts.parallel import together

NOW = datetime(2026, 1, 2, tzinfo=UTC)
Store = JobRepository | InMemoryJobStore


@pytest.fixture
def repo(metadata_db: Database | None) -> Store:
    return InMemoryJobStore() if metadata_db is None else JobRepository(metadata_db)


def job(name: str = "Job-1", kind: str = "Processing", **changes: object) -> JobRecord:
    values: dict[str, object] = {
        "name": name,
        "kind": kind,
        "arn": f"arn:aws:sagemaker:local:000000000000:{kind.lower()}-job/{name.lower()}",
        "status": JobStatus.IN_PROGRESS,
        "describe": {"ProcessingJobName": name, "Inputs": [{"S3Uri": "s3://b/k"}]},
        "created_at": NOW,
    }
    values.update(changes)
    return JobRecord(**values)  # type: ignore[arg-type]


def test_put_then_get_by_name_any_case_or_arn(repo: Store) -> None:
    repo.put(job(execution_arn="arn:e", step_name="S"))
    got = repo.get("job-1")
    assert got == repo.get(got.arn) == repo.get("Job-1", kind="Processing")
    assert got.describe == {"ProcessingJobName": "Job-1", "Inputs": [{"S3Uri": "s3://b/k"}]}
    assert (got.execution_arn, got.step_name, got.created_at) == ("arn:e", "S", NOW)
    assert got.last_modified_at is not None and got.last_modified_at.tzinfo is not None


def test_a_second_put_replaces_the_document_and_keeps_created_at(repo: Store) -> None:
    repo.put(job())
    repo.put(job(status=JobStatus.COMPLETED, describe={"v": 2}, created_at=NOW + timedelta(1)))
    got = repo.get("Job-1")
    assert got.status == JobStatus.COMPLETED and got.describe == {"v": 2}
    assert got.created_at == NOW
    assert len(repo.list()) == 1


def test_unknown_or_wrong_kind_is_not_found(repo: Store) -> None:
    repo.put(job())
    with pytest.raises(NotFound, match="training job 'Job-1' does not exist"):
        repo.get("Job-1", kind="Training")
    with pytest.raises(NotFound, match="job 'nope' does not exist"):
        repo.get("nope")


def test_list_newest_first_by_kind_with_a_limit(repo: Store) -> None:
    for i in range(5):
        kind = "Training" if i % 2 else "Processing"
        repo.put(job(f"j{i}", kind, created_at=NOW + timedelta(minutes=i)))
    assert [j.name for j in repo.list()] == ["j4", "j3", "j2", "j1", "j0"]
    assert [j.name for j in repo.list("Training")] == ["j3", "j1"]
    assert [j.name for j in repo.list(limit=2)] == ["j4", "j3"]


def test_concurrent_puts_of_one_job_leave_one_whole_row(repo: Store) -> None:
    results = together(
        [lambda i=i: repo.put(job(describe={"writer": i, "pad": "x" * 1000})) for i in range(8)]
    )
    assert results == [None] * 8
    [only] = repo.list()
    assert only.describe["writer"] in range(8) and only.describe["pad"] == "x" * 1000


def test_the_store_is_a_job_store(repo: Store) -> None:
    assert isinstance(repo, JobStore)


def test_records_handed_out_are_copies(repo: Store) -> None:
    record = job()
    repo.put(record)
    record.describe["Inputs"].append({"S3Uri": "s3://b/later"})
    got = repo.get("Job-1")
    got.describe["ProcessingJobName"] = "changed"
    assert repo.get("Job-1").describe == {
        "ProcessingJobName": "Job-1",
        "Inputs": [{"S3Uri": "s3://b/k"}],
    }


def test_documents_come_back_as_json_and_times_as_utc(repo: Store) -> None:
    naive = datetime(2026, 1, 2, 3, 4, 5, 678901)
    repo.put(job(describe={"Ranges": (1, 2), "Sizes": {3: "x"}, "Loss": 0.5}, created_at=naive))
    got = repo.get("Job-1")
    assert got.describe == {"Ranges": [1, 2], "Sizes": {"3": "x"}, "Loss": 0.5}
    assert got.created_at == naive.replace(tzinfo=UTC)
    assert got.status is JobStatus.IN_PROGRESS
