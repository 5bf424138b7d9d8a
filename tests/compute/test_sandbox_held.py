"""Held jobs: launched, but running only once the launcher lets them (after recording).

A launcher that dies between starting a job's process and recording its handle must not
leave the job running unknown to anyone: whoever carries on would start it a second time.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dagmaker.compute import LocalSandbox, ProcessSpec, procs

JOB = """
import os
open(os.environ["DAGMAKER_OPT_ML"] + "/started", "w").close()
"""

# Launches a held job, prints its handle, then waits to be killed.
LAUNCHER = """
import json, sys, time
from pathlib import Path
from dagmaker.compute import LocalSandbox, ProcessSpec
spec = ProcessSpec(["python3", "/opt/ml/job.py"], Path(sys.argv[1]), Path(sys.argv[2]))
handle = LocalSandbox(sys.argv[3]).launch(spec, held=True)
print(json.dumps(handle.to_dict()), flush=True)
time.sleep(60)
"""


def _spec(tmp_path: Path) -> ProcessSpec:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "job.py").write_text(JOB)
    return ProcessSpec(["python3", "/opt/ml/job.py"], workspace, tmp_path / "logs")


@pytest.mark.parametrize("mode", ["rewrite", "auto"])
def test_a_held_job_runs_only_once_released(tmp_path: Path, mode: str) -> None:
    spec = _spec(tmp_path)
    sandbox = LocalSandbox(mode)  # type: ignore[arg-type]
    handle = sandbox.launch(spec, held=True)
    time.sleep(0.3)
    assert not (spec.workspace / "started").exists()
    assert sandbox.poll(handle) is None

    sandbox.let_run([handle])
    info = sandbox.wait(handle, timeout=30)

    assert info is not None and info.succeeded
    assert (spec.workspace / "started").exists()


def test_a_discarded_job_never_runs(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    sandbox = LocalSandbox("rewrite")
    handle = sandbox.launch(spec, held=True)

    sandbox.discard([handle])

    info = sandbox.poll(handle)
    assert info is not None and not info.succeeded
    assert not (spec.workspace / "started").exists()


def test_a_held_job_stops_at_once(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    sandbox = LocalSandbox("rewrite")
    handle = sandbox.launch(spec, held=True)
    began = time.monotonic()

    sandbox.stop(handle, grace_seconds=10.0)

    assert time.monotonic() - began < 5.0
    assert not (spec.workspace / "started").exists()


def test_a_held_job_never_runs_when_its_launcher_dies(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(spec.workspace), str(spec.log_dir), "auto"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert launcher.stdout is not None
    doc = json.loads(launcher.stdout.readline())
    launcher.stdout.close()

    os.kill(launcher.pid, signal.SIGKILL)
    launcher.wait()

    deadline = time.monotonic() + 10
    while procs.is_running(doc["pid"], doc["proc_start"]):
        assert time.monotonic() < deadline, "the orphaned wrapper did not leave"
        time.sleep(0.02)
    time.sleep(0.2)
    assert not (spec.workspace / "started").exists()
