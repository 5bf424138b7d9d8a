"""The Lambda functions repository on every database."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from dagmaker.errors import Conflict, InvalidRequest, NotFound
from dagmaker.records.lambdas import LambdaFunction
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.lambdas import LambdaRepository
from tests.contracts.parallel import together


def package(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("fn.py", source)
    return buffer.getvalue()


@pytest.fixture
def repo(db: Database, tmp_path: Path) -> LambdaRepository:
    return LambdaRepository(db, tmp_path / "lambdas")


def function(name: str = "fn", **changes: object) -> LambdaFunction:
    values: dict[str, object] = {"name": name, "arn": "", "handler": "fn.handler"}
    values.update(changes)
    return LambdaFunction(**values)  # type: ignore[arg-type]


def test_create_get_by_name_or_arn_and_list(repo: LambdaRepository) -> None:
    created = repo.create(function(environment={"K": "v"}, timeout=30), package("x = 1"))
    assert created.arn == "arn:aws:lambda:local:000000000000:function:fn"
    assert repo.get(created.arn) == created == repo.get("fn")
    assert created.environment == {"K": "v"} and created.timeout == 30
    assert created.code_size == len(package("x = 1")) and created.code_sha256
    assert created.created_at is not None and created.created_at.tzinfo is not None
    assert (repo.code_dir("fn") / "fn.py").read_text() == "x = 1"
    repo.create(function("another"), package(""))
    assert [f.name for f in repo.list()] == ["another", "fn"]


def test_a_second_create_conflicts_and_keeps_the_code(repo: LambdaRepository) -> None:
    repo.create(function(), package("first"))
    with pytest.raises(Conflict, match="'fn' already exists"):
        repo.create(function(), package("second"))
    assert (repo.code_dir("fn") / "fn.py").read_text() == "first"


def test_bad_names_and_timeouts_are_refused(repo: LambdaRepository) -> None:
    with pytest.raises(InvalidRequest, match="function name"):
        repo.create(function("bad name"), package(""))
    with pytest.raises(InvalidRequest, match="timeout"):
        repo.create(function(timeout=901), package(""))
    assert repo.list() == []


def test_updates_of_code_and_configuration(repo: LambdaRepository) -> None:
    created = repo.create(function(), package("v1"))
    code = repo.update_code("fn", package("v2 longer"))
    assert code.code_size == len(package("v2 longer")) and code.code_sha256 != created.code_sha256
    config = repo.update_config("fn", timeout=60, environment={"A": "b"})
    assert (config.timeout, config.environment, config.handler) == (60, {"A": "b"}, "fn.handler")
    assert config.last_modified_at is not None and created.last_modified_at is not None
    assert config.last_modified_at >= created.last_modified_at


def test_delete_removes_row_and_code(repo: LambdaRepository) -> None:
    repo.create(function(), package(""))
    repo.delete("fn")
    assert not repo.code_dir("fn").exists()
    with pytest.raises(NotFound, match="'fn' does not exist"):
        repo.get("fn")


def test_concurrent_creates_of_one_name_let_exactly_one_win(repo: LambdaRepository) -> None:
    results = together([lambda: repo.create(function(), package("same")) for _ in range(5)])
    assert sum(isinstance(r, LambdaFunction) for r in results) == 1
    assert all(isinstance(r, (LambdaFunction, Conflict)) for r in results), results
    assert [f.name for f in repo.list()] == ["fn"]
