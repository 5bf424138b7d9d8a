"""The Lambda function store on every backend: SQLite, PostgreSQL and in memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from dagmaker.errors import Conflict, InvalidRequest, NotFound
from dagmaker.records.lambdas import LambdaFunction
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.lambdas import LambdaRepository
from dagmaker.storage.memory import InMemoryLambdaStore
from dagmaker.storage.ports import LambdaStore
from tests.contracts.parallel import together

Store = LambdaRepository | InMemoryLambdaStore


def package(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("fn.py", source)
    return buffer.getvalue()


@pytest.fixture
def repo(metadata_db: Database | None, tmp_path: Path) -> Store:
    if metadata_db is None:
        return InMemoryLambdaStore(tmp_path / "lambdas")
    return LambdaRepository(metadata_db, tmp_path / "lambdas")


def function(name: str = "fn", **changes: object) -> LambdaFunction:
    values: dict[str, object] = {"name": name, "arn": "", "handler": "fn.handler"}
    values.update(changes)
    return LambdaFunction(**values)  # type: ignore[arg-type]


def test_create_get_by_name_or_arn_and_list(repo: Store) -> None:
    created = repo.create(function(environment={"K": "v"}, timeout=30), package("x = 1"))
    assert created.arn == "arn:aws:lambda:local:000000000000:function:fn"
    assert repo.get(created.arn) == created == repo.get("fn")
    assert created.environment == {"K": "v"} and created.timeout == 30
    assert created.code_size == len(package("x = 1")) and created.code_sha256
    assert created.created_at is not None and created.created_at.tzinfo is not None
    assert (repo.code_dir("fn") / "fn.py").read_text() == "x = 1"
    repo.create(function("another"), package(""))
    assert [f.name for f in repo.list()] == ["another", "fn"]


def test_a_second_create_conflicts_and_keeps_the_code(repo: Store) -> None:
    repo.create(function(), package("first"))
    with pytest.raises(Conflict, match="'fn' already exists"):
        repo.create(function(), package("second"))
    assert (repo.code_dir("fn") / "fn.py").read_text() == "first"


def test_bad_names_and_timeouts_are_refused(repo: Store) -> None:
    with pytest.raises(InvalidRequest, match="function name"):
        repo.create(function("bad name"), package(""))
    with pytest.raises(InvalidRequest, match="timeout"):
        repo.create(function(timeout=901), package(""))
    assert repo.list() == []


def test_updates_of_code_and_configuration(repo: Store) -> None:
    created = repo.create(function(), package("v1"))
    code = repo.update_code("fn", package("v2 longer"))
    assert code.code_size == len(package("v2 longer")) and code.code_sha256 != created.code_sha256
    config = repo.update_config("fn", timeout=60, environment={"A": "b"})
    assert (config.timeout, config.environment, config.handler) == (60, {"A": "b"}, "fn.handler")
    assert config.last_modified_at is not None and created.last_modified_at is not None
    assert config.last_modified_at >= created.last_modified_at


def test_delete_removes_row_and_code(repo: Store) -> None:
    repo.create(function(), package(""))
    repo.delete("fn")
    assert not repo.code_dir("fn").exists()
    with pytest.raises(NotFound, match="'fn' does not exist"):
        repo.get("fn")


def test_concurrent_creates_of_one_name_let_exactly_one_win(repo: Store) -> None:
    results = together([lambda: repo.create(function(), package("same")) for _ in range(5)])
    assert sum(isinstance(r, LambdaFunction) for r in results) == 1
    assert all(isinstance(r, (LambdaFunction, Conflict)) for r in results), results
    assert [f.name for f in repo.list()] == ["fn"]


def test_the_store_is_a_lambda_store(repo: Store) -> None:
    assert isinstance(repo, LambdaStore)


def test_functions_are_found_by_any_arn_and_changed_through_it(repo: Store) -> None:
    repo.create(function(), package("v1"))
    arn = "arn:aws:lambda:us-west-2:012345678910:function:fn"
    assert repo.get(arn).name == repo.get("012345678910:function:fn").name == "fn"
    assert repo.update_config(arn, description="through the ARN").description == "through the ARN"
    assert repo.get("fn").description == "through the ARN"
    assert repo.update_code(arn, package("v2")).code_size == len(package("v2"))
    assert (repo.code_dir("fn") / "fn.py").read_text() == "v2"
    repo.delete(arn)
    assert repo.list() == []


def test_a_configuration_update_changes_only_configuration(repo: Store) -> None:
    repo.create(function(), package(""))
    with pytest.raises(InvalidRequest, match="cannot change arn, code_size"):
        repo.update_config("fn", arn="arn:other", code_size=1)
    with pytest.raises(InvalidRequest, match="timeout"):
        repo.update_config("fn", timeout=0)
    with pytest.raises(NotFound, match="'nope' does not exist"):
        repo.update_config("nope", timeout=3)
    assert repo.get("fn").timeout == function().timeout


def test_a_bad_package_leaves_no_function(repo: Store) -> None:
    with pytest.raises(InvalidRequest, match="zip file"):
        repo.create(function(), b"not a zip")
    assert repo.list() == []
    with pytest.raises(NotFound):
        repo.update_code("fn", package(""))


def test_the_environment_handed_out_is_a_copy(repo: Store) -> None:
    environment = {"K": "v"}
    created = repo.create(function(environment=environment), package(""))
    environment["K"] = "changed"
    created.environment["K"] = "changed too"
    assert repo.get("fn").environment == {"K": "v"}
