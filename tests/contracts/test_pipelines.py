"""The pipelines repository on every database."""

from __future__ import annotations

import pytest

from dagmaker.errors import Conflict, NotFound
from dagmaker.records.records import PipelineRecord
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.pipelines import PipelineRepository
from tests.contracts.parallel import together


@pytest.fixture
def repo(db: Database) -> PipelineRepository:
    return PipelineRepository(db)


def record(name: str = "p", version: int = 1, **changes: object) -> PipelineRecord:
    values: dict[str, object] = {"name": name, "arn": f"arn:{name}", "definition": {"v": version}}
    values.update(changes)
    return PipelineRecord(**values)  # type: ignore[arg-type]


def test_create_and_get_keep_every_field(repo: PipelineRepository) -> None:
    created = repo.create(
        record(role_arn="arn:role", description="d", display_name="D", parallelism=4)
    )
    assert repo.get("p") == created
    assert (created.version, created.parallelism, created.role_arn) == (1, 4, "arn:role")
    assert created.created_at is not None and created.created_at.tzinfo is not None
    assert created.last_modified_at == created.created_at


def test_a_second_create_conflicts(repo: PipelineRepository) -> None:
    repo.create(record())
    with pytest.raises(Conflict, match="'p' already exists") as caught:
        repo.create(record(version=9))
    assert caught.value.pipeline == "p" and caught.value.hint
    assert repo.get("p").definition == {"v": 1}


def test_update_replaces_and_bumps_the_version(repo: PipelineRepository) -> None:
    created = repo.create(record())
    updated = repo.update(record(version=2, description="new"))
    assert updated.definition == {"v": 2} and updated.version == 2
    assert updated.description == "new" and updated.created_at == created.created_at
    assert repo.get("p") == updated


def test_update_of_an_unknown_pipeline_is_not_found(repo: PipelineRepository) -> None:
    with pytest.raises(NotFound, match="'q' does not exist"):
        repo.update(record("q"))
    assert not repo.exists("q")


def test_list_exists_and_delete(repo: PipelineRepository) -> None:
    for name in ("a", "b", "c"):
        repo.create(record(name))
    assert [p.name for p in repo.list()] == ["c", "b", "a"]
    repo.delete("b")
    assert not repo.exists("b") and repo.exists("a")
    with pytest.raises(NotFound):
        repo.delete("b")


def test_concurrent_updates_each_count(repo: PipelineRepository) -> None:
    repo.create(record())
    results = together([lambda i=i: repo.update(record(version=i)) for i in range(8)])
    assert sorted(r.version for r in results) == list(range(2, 10))
    assert repo.get("p").version == 9


def test_concurrent_creates_of_one_name_let_exactly_one_win(repo: PipelineRepository) -> None:
    results = together([lambda i=i: repo.create(record(version=i)) for i in range(6)])
    winners = [r for r in results if isinstance(r, PipelineRecord)]
    assert len(winners) == 1
    assert all(isinstance(r, Conflict) for r in results if r is not winners[0])
    assert repo.get("p").definition == winners[0].definition
