"""The model registry store on every backend: SQLite, PostgreSQL and in memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dagmaker.errors import Conflict, NotFound
from dagmaker.records.registry import ApprovalChange
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.registry import RegistryRepository
from dagmaker.storage.memory import InMemoryRegistryStore
from dagmaker.storage.ports import RegistryStore
from tests.contracts.parallel import together

Store = RegistryRepository | InMemoryRegistryStore


@pytest.fixture
def repo(metadata_db: Database | None) -> Store:
    store = InMemoryRegistryStore() if metadata_db is None else RegistryRepository(metadata_db)
    store.create_group("g", "arn:g", "models of g")
    return store


def add(
    repo: Store,
    group: str = "g",
    status: str = "PendingManualApproval",
    token: str = "",
) -> Any:
    def build(version: int) -> dict[str, Any]:
        return {
            "ModelPackageArn": f"arn:{group}/{version}",
            "ModelPackageVersion": version,
            "ModelApprovalStatus": status,
            "CustomerMetadataProperties": {},
        }

    return repo.add_package(group, build, status, by="tester", client_token=token)


def test_a_client_token_registers_once(repo: Store) -> None:
    first = add(repo, token="t-1")
    assert add(repo, token="t-1") == first
    assert add(repo, token="t-2")["ModelPackageVersion"] == 2
    assert add(repo)["ModelPackageVersion"] == 3
    assert len(repo.packages("g")) == 3
    assert len(repo.history(first["ModelPackageArn"])) == 1


def test_groups_create_get_list_and_conflict(repo: Store) -> None:
    group = repo.group("g")
    assert (group["name"], group["arn"], group["description"]) == ("g", "arn:g", "models of g")
    assert group["created_at"].tzinfo is not None
    assert repo.group("arn:g")["name"] == "g"
    with pytest.raises(Conflict, match="'g' already exists"):
        repo.create_group("g", "arn:g")
    assert repo.create_group("g", "arn:g", exist_ok=True)["description"] == "models of g"
    repo.create_group("h", "arn:h")
    assert [g["name"] for g in repo.groups()] == ["h", "g"]
    with pytest.raises(NotFound, match="'x' does not exist"):
        repo.group("x")


def test_packages_get_consecutive_versions_and_a_history(repo: Store) -> None:
    first, second = add(repo), add(repo, status="Approved")
    assert [first["ModelPackageVersion"], second["ModelPackageVersion"]] == [1, 2]
    assert repo.package("arn:g/2") == second == repo.package("g/2")
    [registered] = repo.history("arn:g/1")
    assert (registered.status, registered.changed_by, registered.reason) == (
        "PendingManualApproval",
        "tester",
        "registered",
    )
    with pytest.raises(NotFound, match="'g/3' does not exist"):
        repo.package("g/3")


def test_packages_filter_and_order(repo: Store) -> None:
    repo.create_group("h", "arn:h")
    add(repo)
    add(repo, "h", "Approved")
    add(repo, status="Approved")
    arns = [p["ModelPackageArn"] for p in repo.packages()]
    assert arns == ["arn:g/2", "arn:h/1", "arn:g/1"]
    assert [p["ModelPackageArn"] for p in repo.packages("g", newest_first=False)] == [
        "arn:g/1",
        "arn:g/2",
    ]
    assert [p["ModelPackageArn"] for p in repo.packages(status="Approved")] == [
        "arn:g/2",
        "arn:h/1",
    ]


def test_modify_package_records_the_approval_change(repo: Store) -> None:
    add(repo)
    at = datetime.now(UTC) + timedelta(minutes=1)

    def approve(document: dict[str, Any]) -> tuple[dict[str, Any], ApprovalChange]:
        change = ApprovalChange(
            "arn:g/1", "Approved", document["ModelApprovalStatus"], "me", "ok", at
        )
        return {**document, "ModelApprovalStatus": "Approved"}, change

    assert repo.modify_package("g/1", approve)["ModelApprovalStatus"] == "Approved"
    assert [p["ModelPackageArn"] for p in repo.packages(status="Approved")] == ["arn:g/1"]
    history = repo.history("arn:g/1")
    assert [(h.status, h.previous_status) for h in history] == [
        ("PendingManualApproval", ""),
        ("Approved", "PendingManualApproval"),
    ]
    assert history[1].at == at
    with pytest.raises(NotFound):
        repo.modify_package("g/9", approve)


def test_a_group_with_packages_cannot_be_deleted(repo: Store) -> None:
    add(repo)
    with pytest.raises(Conflict, match="still holds 1 package"):
        repo.delete_group("g")
    repo.create_group("empty", "arn:empty")
    repo.delete_group("empty")
    assert [g["name"] for g in repo.groups()] == ["g"]


def test_concurrent_registrations_get_distinct_versions(repo: Store) -> None:
    results = together([lambda: add(repo) for _ in range(8)])
    assert sorted(r["ModelPackageVersion"] for r in results) == list(range(1, 9))
    assert len(repo.packages("g")) == 8


def test_concurrent_edits_of_one_package_lose_none(repo: Store) -> None:
    add(repo)

    def tag(key: str) -> Any:
        def edit(document: dict[str, Any]) -> tuple[dict[str, Any], None]:
            metadata = {**document["CustomerMetadataProperties"], key: "yes"}
            return {**document, "CustomerMetadataProperties": metadata}, None

        return repo.modify_package("arn:g/1", edit)

    together([lambda k=f"k{i}": tag(k) for i in range(8)])
    metadata = repo.package("arn:g/1")["CustomerMetadataProperties"]
    assert sorted(metadata) == [f"k{i}" for i in range(8)]


def test_concurrent_group_creation_with_exist_ok_never_fails(repo: Store) -> None:
    results = together([lambda: repo.create_group("new", "arn:new", exist_ok=True)] * 6)
    assert all(r["name"] == "new" for r in results)


def test_the_store_is_a_registry_store(repo: Store) -> None:
    assert isinstance(repo, RegistryStore)


def test_a_group_is_deleted_by_its_arn(repo: Store) -> None:
    repo.create_group("h", "arn:h")
    repo.delete_group("arn:h")
    assert [g["name"] for g in repo.groups()] == ["g"]
    with pytest.raises(NotFound, match="'h' does not exist"):
        repo.delete_group("h")


def test_a_package_needs_an_existing_group(repo: Store) -> None:
    with pytest.raises(NotFound, match="group 'nope' does not exist"):
        add(repo, "nope")
    assert repo.packages() == []


def test_documents_and_edits_are_copies(repo: Store) -> None:
    added = add(repo)
    added["CustomerMetadataProperties"]["late"] = "x"
    assert repo.package("g/1")["CustomerMetadataProperties"] == {}
    kept: list[dict[str, Any]] = []

    def keep(document: dict[str, Any]) -> tuple[dict[str, Any], None]:
        kept.append(document)
        return {**document, "ModelPackageDescription": "edited"}, None

    repo.modify_package("g/1", keep)
    kept[0]["CustomerMetadataProperties"]["late"] = "y"
    assert repo.package("arn:g/1")["CustomerMetadataProperties"] == {}
    assert repo.package("arn:g/1")["ModelPackageDescription"] == "edited"


def test_history_times_come_back_in_utc(repo: Store) -> None:
    add(repo)
    naive = datetime(2030, 1, 2, 3, 4, 5)

    def approve(document: dict[str, Any]) -> tuple[dict[str, Any], ApprovalChange]:
        change = ApprovalChange("arn:g/1", "Approved", "PendingManualApproval", "", "", naive)
        return {**document, "ModelApprovalStatus": "Approved"}, change

    repo.modify_package("g/1", approve)
    assert repo.history("arn:g/1")[-1].at == naive.replace(tzinfo=UTC)
