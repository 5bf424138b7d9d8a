"""The local sandbox as the runners see it: through the Sandbox port."""

from __future__ import annotations

import pytest

from dagmaker.compute import LocalSandbox, ProcessSpec
from dagmaker.compute.exit_status import ENDED_BY_FILE
from dagmaker.compute.protocol import Sandbox
from dagmaker.errors import InvalidRequest


def test_the_local_sandbox_is_a_sandbox():
    assert isinstance(LocalSandbox("rewrite"), Sandbox)


def test_launch_job_starts_every_host_and_release_gives_nothing_back(tmp_path):
    box = LocalSandbox("rewrite")
    specs = [
        ProcessSpec(["sh", "-c", f"exit {i}"], tmp_path / f"ws{i}", tmp_path / f"logs{i}")
        for i in range(2)
    ]
    handles = box.launch_job(specs)
    exits = [box.wait(h, timeout=60) for h in handles]
    box.release(handles)
    assert [e.exit_code if e else None for e in exits] == [0, 1]
    assert [h.log_dir for h in handles] == [s.log_dir for s in specs]


def test_a_host_that_cannot_start_stops_the_hosts_already_started(tmp_path):
    box = LocalSandbox("rewrite")
    first = ProcessSpec(["sleep", "60"], tmp_path / "ws0", tmp_path / "logs0")
    unusable = ProcessSpec(["true"], tmp_path / "ws1", tmp_path / "ws1" / "logs")
    with pytest.raises(InvalidRequest, match="outside its workspace"):
        box.launch_job([first, unusable])
    # The started host was asked to stop (how a stop ends a job is tested elsewhere).
    assert (first.log_dir / ENDED_BY_FILE).read_text().startswith("stop")


def test_a_held_job_waits_for_let_run_and_a_discarded_one_never_runs(tmp_path):
    box = LocalSandbox("rewrite")
    specs = [
        ProcessSpec(["sh", "-c", "touch ran"], tmp_path / f"ws{i}", tmp_path / f"logs{i}")
        for i in range(2)
    ]
    let, dropped = box.launch_job(specs[:1], held=True), box.launch_job(specs[1:], held=True)
    assert box.wait(let[0], timeout=0.3) is None
    box.let_run(let)
    box.discard(dropped)
    ran, gone = box.wait(let[0], timeout=60), box.wait(dropped[0], timeout=60)
    assert ran is not None and ran.succeeded and (specs[0].workspace / "ran").is_file()
    assert gone is not None and not gone.succeeded
    assert not (specs[1].workspace / "ran").exists()
