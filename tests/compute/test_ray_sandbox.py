"""RaySandbox on a two-node loopback cluster: hosts spread, logs, stop, timeout, re-attach."""

from __future__ import annotations

import functools
import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from dagmaker.compute import ProcessSpec
from dagmaker.compute.protocol import Sandbox
from dagmaker.compute.ray_backend import RaySandbox
from dagmaker.compute.ray_handle import RayHandle
from dagmaker.errors import JobFailure
from dagmaker.storage.artifacts.local import LocalArtifactStore
from tests.compute.ray_cluster import LocalRayCluster

pytestmark = pytest.mark.slow

STAGING = "s3://staging-bucket/ray"


@pytest.fixture
def make_sandbox(two_nodes: LocalRayCluster, tmp_path: Path) -> Callable[[], RaySandbox]:
    root = tmp_path / "store"

    def build() -> RaySandbox:
        return RaySandbox(
            LocalArtifactStore(root),
            functools.partial(LocalArtifactStore, root),
            STAGING,
            address=two_nodes.address,
        )

    return build


def _spec(tmp_path: Path, job: str, host: str, source: str, **extra: object) -> ProcessSpec:
    base = tmp_path / "jobs" / job / host
    code = base / "ml" / "code" / "job.py"
    code.parent.mkdir(parents=True, exist_ok=True)
    code.write_text(textwrap.dedent(source))
    (base / "ml" / "input.txt").write_text("staged by the engine\n")
    return ProcessSpec(
        command=["python3", "/opt/ml/code/job.py"],
        workspace=base / "ml",
        log_dir=base / "logs",
        hostname=host,
        **extra,  # type: ignore[arg-type]
    )


WRITER = """
    import json, os
    with open("/opt/ml/input.txt") as handle:
        staged = handle.read()
    os.makedirs("/opt/ml/output", exist_ok=True)
    with open("/opt/ml/output/seen.json", "w") as handle:
        json.dump({"staged": staged, "host": os.environ["DAGMAKER_HOST"],
                   "addresses": json.loads(os.environ["DAGMAKER_HOST_ADDRESSES"])}, handle)
    print("wrote", os.environ["DAGMAKER_HOST"])
"""


def test_the_sandbox_satisfies_the_protocol(make_sandbox: Callable[[], RaySandbox]) -> None:
    assert isinstance(make_sandbox(), Sandbox)


def test_two_hosts_run_on_two_nodes_and_send_back_logs_and_outputs(
    make_sandbox: Callable[[], RaySandbox], tmp_path: Path
) -> None:
    sandbox = make_sandbox()
    specs = [_spec(tmp_path, "spread", f"algo-{i}", WRITER) for i in (1, 2)]
    handles = sandbox.launch_job(specs)
    try:
        infos = [sandbox.wait(handle, timeout=120) for handle in handles]
    finally:
        sandbox.release(handles)
    assert [info.succeeded for info in infos if info] == [True, True]
    assert len({handle.node_id for handle in handles}) == 2
    for spec, handle in zip(specs, handles, strict=True):
        seen = json.loads((spec.workspace / "output" / "seen.json").read_text())
        assert seen["staged"] == "staged by the engine\n"
        assert seen["host"] == spec.hostname
        assert set(seen["addresses"]) == {"algo-1", "algo-2"}
        log = (spec.log_dir / "stdout.log").read_text().splitlines()
        assert log[0].startswith("dagmaker: backend ray, node 127.0.0.1 (")
        assert handle.node_id[:12] in log[0] and spec.hostname in log[0]
        assert log[-1] == f"wrote {spec.hostname}"
    # Staged workspaces and results are removed once the job is released.
    assert LocalArtifactStore(tmp_path / "store").list(STAGING) == []


def test_a_host_is_found_again_by_another_sandbox(
    make_sandbox: Callable[[], RaySandbox], tmp_path: Path
) -> None:
    source = "import time\ntime.sleep(1.5)\n" + textwrap.dedent(WRITER)
    [spec] = [_spec(tmp_path, "again", "algo-1", source)]
    first = make_sandbox()
    [handle] = first.launch_job([spec])
    document = json.loads(json.dumps(handle.to_dict()))
    second = make_sandbox()
    found = second.attach(document)
    assert isinstance(found, RayHandle)
    info = second.wait(found, timeout=120)
    second.release([found])
    assert info is not None and info.succeeded
    assert (spec.workspace / "output" / "seen.json").is_file()
    assert second.attach(document) is None  # released: the actor is gone


def test_stop_and_timeout_end_the_process_on_its_node(
    make_sandbox: Callable[[], RaySandbox], tmp_path: Path
) -> None:
    sleeper = "import time\nprint('sleeping', flush=True)\ntime.sleep(60)\n"
    sandbox = make_sandbox()
    stopped_spec = _spec(tmp_path, "stopped", "algo-1", sleeper)
    timed_spec = _spec(tmp_path, "timed", "algo-1", sleeper, timeout_seconds=1.0)
    [stopped] = sandbox.launch_job([stopped_spec])
    [timed] = sandbox.launch_job([timed_spec])
    try:
        sandbox.stop(stopped, grace_seconds=1.0)
        stop_info = sandbox.wait(stopped, timeout=60)
        timeout_info = sandbox.wait(timed, timeout=60)
    finally:
        sandbox.release([stopped, timed])
    assert stop_info is not None and stop_info.stopped and not stop_info.succeeded
    assert timeout_info is not None and timeout_info.timed_out
    assert timeout_info.duration_seconds < 30


def test_a_held_host_runs_only_once_let_run_and_never_if_stopped_first(
    make_sandbox: Callable[[], RaySandbox], tmp_path: Path
) -> None:
    sandbox = make_sandbox()
    let_spec = _spec(tmp_path, "held", "algo-1", WRITER)
    stopped_spec = _spec(tmp_path, "held-stopped", "algo-1", WRITER)
    [let] = sandbox.launch_job([let_spec], held=True)
    [stopped] = sandbox.launch_job([stopped_spec], held=True)
    try:
        assert sandbox.wait(let, timeout=1.0) is None
        sandbox.let_run([let])
        info = sandbox.wait(let, timeout=120)
        sandbox.stop(stopped, grace_seconds=1.0)
        stop_info = sandbox.wait(stopped, timeout=60)
    finally:
        sandbox.release([let, stopped])
    assert info is not None and info.succeeded
    assert (let_spec.workspace / "output" / "seen.json").is_file()
    assert stop_info is not None and stop_info.stopped and not stop_info.lost
    assert not (stopped_spec.workspace / "output" / "seen.json").exists()


def test_a_job_wider_than_the_cluster_fails_at_once(
    make_sandbox: Callable[[], RaySandbox], tmp_path: Path
) -> None:
    specs = [_spec(tmp_path, "wide", f"algo-{i}", WRITER) for i in (1, 2, 3)]
    with pytest.raises(JobFailure) as caught:
        make_sandbox().launch_job(specs)
    assert caught.value.kind == "SageMaker.CAPACITY_ERROR"
    assert "needs 3 instance(s)" in caught.value.message


def test_a_held_launch_whose_launcher_died_is_cleared_when_the_job_launches_again(
    make_sandbox: Callable[[], RaySandbox], tmp_path: Path
) -> None:
    import ray

    spec = _spec(tmp_path, "orphaned", "algo-1", WRITER)
    [orphan] = make_sandbox().launch_job([spec], held=True)  # its launcher then "dies"
    successor = make_sandbox()
    [handle] = successor.launch_job([spec], held=True)
    try:
        assert handle.placement_group != orphan.placement_group
        groups = {info["name"]: info["state"] for info in ray.util.placement_group_table().values()}
        assert groups[orphan.placement_group] == "REMOVED"
        named = {a["name"] for a in ray.util.list_named_actors(all_namespaces=True)}
        assert orphan.actor not in named and handle.actor in named
        successor.let_run([handle])
        info = successor.wait(handle, timeout=120)
    finally:
        successor.release([handle])
    assert info is not None and info.succeeded
