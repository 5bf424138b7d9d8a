"""The Ray backend's parts that need no cluster: handles, workspace transfer, wiring."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dagmaker.compute.ray_handle import RayHandle
from dagmaker.compute.ray_transfer import download_tree, manifest, upload_tree
from dagmaker.errors import InvalidRequest
from dagmaker.settings import Settings
from dagmaker.storage.artifacts.memory import InMemoryArtifactStore


def _handle(tmp_path: Path) -> RayHandle:
    return RayHandle(
        actor="dagmaker-job-1a2b3c4d-algo-1",
        placement_group="dagmaker-job-1a2b3c4d",
        host="algo-1",
        node_id="f" * 56,
        node_address="10.1.2.3",
        log_dir=tmp_path / "logs",
        workspace=tmp_path / "ml",
        workspace_uri="s3://b/ray/job/algo-1/workspace.tar",
        result_uri="s3://b/ray/job/algo-1/result.tar",
        started_at=1700000000.5,
        timeout_seconds=30.0,
    )


def test_a_handle_survives_its_json_form(tmp_path: Path) -> None:
    handle = _handle(tmp_path)
    assert RayHandle.from_dict(handle.to_dict()) == handle


def test_a_local_handle_or_a_broken_one_is_refused_with_the_field(tmp_path: Path) -> None:
    with pytest.raises(InvalidRequest) as caught:
        RayHandle.from_dict({"pid": 12, "pgid": 12})
    assert caught.value.field == "handle.backend"
    assert "DAGMAKER_BACKEND" in caught.value.message
    broken = _handle(tmp_path).to_dict()
    del broken["actor"]
    with pytest.raises(InvalidRequest) as caught:
        RayHandle.from_dict(broken)
    assert caught.value.field == "handle.actor"


def test_a_workspace_goes_out_whole_and_comes_back_with_only_what_changed(tmp_path: Path) -> None:
    store = InMemoryArtifactStore()
    engine, node = tmp_path / "engine", tmp_path / "node"
    (engine / "processing" / "input").mkdir(parents=True)
    (engine / "processing" / "input" / "data.csv").write_text("1,2\n")
    (engine / "processing" / "output" / "o").mkdir(parents=True)
    assert upload_tree(store, engine, "s3://stage/ws.tar") == 1
    download_tree(store, "s3://stage/ws.tar", node)
    assert (node / "processing" / "input" / "data.csv").read_text() == "1,2\n"
    assert (node / "processing" / "output" / "o").is_dir()

    before = manifest(node)
    (node / "processing" / "output" / "o" / "result.json").write_text("{}")
    changed = node / "processing" / "input" / "data.csv"
    changed.write_text("1,2,3\n")
    os.utime(changed, ns=(before["processing/input/data.csv"][1] + 10**9,) * 2)
    assert upload_tree(store, node, "s3://stage/result.tar", since=before) == 2
    download_tree(store, "s3://stage/result.tar", engine)
    assert (engine / "processing" / "output" / "o" / "result.json").read_text() == "{}"
    assert changed.read_text() == (engine / "processing" / "input" / "data.csv").read_text()


def test_the_backend_is_read_from_the_environment() -> None:
    assert Settings.from_env({"DAGMAKER_HOME": "/tmp/x"}).backend == "local"
    assert (
        Settings.from_env({"DAGMAKER_HOME": "/tmp/x", "DAGMAKER_BACKEND": "ray"}).backend == "ray"
    )


def test_an_unknown_backend_is_refused_when_jobs_are_wired(tmp_path: Path) -> None:
    from dagmaker.api.services import build_services
    from dagmaker.api.wiring import runner_context

    settings = Settings.from_env(
        {"DAGMAKER_HOME": str(tmp_path / "home"), "DAGMAKER_BACKEND": "kubernetes"}
    )
    with pytest.raises(InvalidRequest) as caught:
        runner_context(build_services(settings))
    assert caught.value.field == "DAGMAKER_BACKEND"
    assert "local, ray" in caught.value.message
