"""The endpoint and endpoint-configuration stores on every backend: SQLite, PostgreSQL, memory."""

from __future__ import annotations

import pytest

from dagmaker.errors import Conflict
from dagmaker.records.endpoints import EndpointNotFound, EndpointRecord, EndpointStatus
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.endpoints import EndpointConfigRepository, EndpointRepository
from dagmaker.storage.memory import InMemoryEndpointConfigStore, InMemoryEndpointStore
from dagmaker.storage.ports import EndpointConfigStore, EndpointStore
from tests.contracts.parallel import together

Configs = EndpointConfigRepository | InMemoryEndpointConfigStore
Endpoints = EndpointRepository | InMemoryEndpointStore
ARN = "arn:aws:sagemaker:local:000000000000:endpoint/ep"
IN_SERVICE, UPDATING = EndpointStatus.IN_SERVICE, EndpointStatus.UPDATING


@pytest.fixture
def configs(metadata_db: Database | None) -> Configs:
    if metadata_db is None:
        return InMemoryEndpointConfigStore()
    return EndpointConfigRepository(metadata_db)


@pytest.fixture
def endpoints(metadata_db: Database | None) -> Endpoints:
    return InMemoryEndpointStore() if metadata_db is None else EndpointRepository(metadata_db)


def endpoint(name: str = "Ep", **changes: object) -> EndpointRecord:
    values: dict[str, object] = {"name": name, "arn": f"arn:endpoint/{name.lower()}"}
    values.update({"config_name": "c1", "tags": [{"Key": "k", "Value": "v"}]}, **changes)
    return EndpointRecord(**values)  # type: ignore[arg-type]


def test_the_stores_satisfy_their_ports(configs: Configs, endpoints: Endpoints) -> None:
    assert isinstance(configs, EndpointConfigStore) and isinstance(endpoints, EndpointStore)


def test_configs_create_describe_list_delete(configs: Configs) -> None:
    configs.create("Config-A", "arn:config/config-a", {"EndpointConfigName": "Config-A"})
    configs.create("b", "arn:config/b", {"EndpointConfigName": "b", "ProductionVariants": []})
    assert configs.describe("config-a") == {"EndpointConfigName": "Config-A"}
    assert configs.describe("arn:config/b")["ProductionVariants"] == []
    assert [c["EndpointConfigName"] for c in configs.list()] == ["b", "Config-A"]
    with pytest.raises(Conflict, match='existing endpoint configuration "arn:c"'):
        configs.create("CONFIG-a", "arn:c", {})
    configs.delete("arn:config/config-a")
    configs.delete("B")
    assert configs.list() == []
    with pytest.raises(EndpointNotFound, match='Could not find endpoint configuration "b"'):
        configs.delete("b")


def test_concurrent_config_creates_let_exactly_one_win(configs: Configs) -> None:
    results = together([lambda i=i: configs.create("c", "arn:c", {"i": i}) for i in range(5)])
    assert results.count(None) == 1
    assert all(isinstance(r, Conflict) for r in results if r is not None), results


def test_endpoints_create_get_list(endpoints: Endpoints) -> None:
    created = endpoints.create(endpoint())
    assert (created.status, created.config_name, created.tags) == (
        EndpointStatus.CREATING,
        "c1",
        [{"Key": "k", "Value": "v"}],
    )
    assert created.created_at is not None and created.created_at.tzinfo is not None
    assert endpoints.get("ep") == endpoints.get("arn:endpoint/ep") == created
    endpoints.create(endpoint("Other"))
    assert [e.name for e in endpoints.list()] == ["Other", "Ep"]
    with pytest.raises(Conflict, match='existing endpoint "arn:x"'):
        endpoints.create(endpoint("EP", arn="arn:x"))
    with pytest.raises(EndpointNotFound, match='Could not find endpoint "nope"'):
        endpoints.get("nope")


def test_concurrent_endpoint_creates_let_exactly_one_win(endpoints: Endpoints) -> None:
    results = together([lambda: endpoints.create(endpoint()) for _ in range(5)])
    assert sum(isinstance(r, EndpointRecord) for r in results) == 1
    assert all(isinstance(r, EndpointRecord | Conflict) for r in results), results


def test_an_update_needs_an_endpoint_in_service(endpoints: Endpoints) -> None:
    endpoints.create(endpoint())
    with pytest.raises(Conflict, match="it is Creating"):
        endpoints.request_update("Ep", "c2")
    endpoints.report("Ep", IN_SERVICE, "c1", "")
    updating = endpoints.request_update("arn:endpoint/ep", "c2")
    assert (updating.status, updating.pending_config) == (UPDATING, "c2")


def test_reports_settle_pending_updates(endpoints: Endpoints) -> None:
    endpoints.create(endpoint())
    endpoints.report("Ep", IN_SERVICE, "c1", "")
    endpoints.request_update("Ep", "c2")
    endpoints.report("Ep", IN_SERVICE, "c1", "")
    assert endpoints.get("Ep").status == UPDATING  # c2 is still pending
    endpoints.report("Ep", IN_SERVICE, "c2", "", resolved="c2")
    served = endpoints.get("Ep")
    assert (served.status, served.config_name, served.pending_config) == (IN_SERVICE, "c2", "")
    endpoints.request_update("Ep", "c3")
    endpoints.report("Ep", IN_SERVICE, "", "c3 failed", resolved="c3")
    failed = endpoints.get("Ep")
    assert (failed.status, failed.config_name, failed.failure_reason) == (
        IN_SERVICE,
        "c2",
        "c3 failed",
    )


def test_deleting_is_never_replaced_and_reports_of_gone_endpoints_do_nothing(
    endpoints: Endpoints,
) -> None:
    endpoints.create(endpoint())
    assert endpoints.mark_deleting("ep").status == EndpointStatus.DELETING
    endpoints.report("Ep", IN_SERVICE, "c1", "")
    assert endpoints.get("Ep").status == EndpointStatus.DELETING
    endpoints.delete("EP")
    endpoints.report("Ep", EndpointStatus.FAILED, "", "late")
    endpoints.set_port("Ep", 8080)
    endpoints.delete("Ep")
    assert endpoints.list() == []


def test_port_and_runtime_are_kept_as_given(endpoints: Endpoints) -> None:
    endpoints.create(endpoint())
    runtime = {"processes": [{"pid": 12, "restarts": 0}]}
    endpoints.set_port("Ep", 8123)
    endpoints.set_runtime("Ep", runtime)
    runtime["processes"].clear()
    got = endpoints.get("Ep")
    assert (got.port, got.runtime) == (8123, {"processes": [{"pid": 12, "restarts": 0}]})
    got.runtime["processes"].clear()
    assert endpoints.get("Ep").runtime["processes"]
