"""Re-attaching to jobs from a process that did not launch them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dagmaker.compute import LocalSandbox, ProcessSpec, procs, tail
from dagmaker.errors import InvalidRequest

DRIVER = Path(__file__).parent / "sandbox_driver.py"

# These jobs find their files through DAGMAKER_OPT_ML, so they run in either mode:
# attaching is about process control, not about the /opt/ml view.
SLOW_JOB = """
import os, sys, time
root = os.environ["DAGMAKER_OPT_ML"]
open(f"{root}/started", "w").close()
time.sleep(float(sys.argv[1]))
open(f"{root}/model/done", "w").write("finished")
sys.exit(int(sys.argv[2]))
"""

STUBBORN_JOB = """
import os, signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
open(os.environ["DAGMAKER_OPT_ML"] + "/started", "w").close()
time.sleep(60)
"""


def launch_elsewhere(spec: ProcessSpec, mode: str = "auto") -> dict:
    """Launch from a separate Python process that prints the handle and exits at once."""
    doc = {
        "command": spec.command,
        "workspace": str(spec.workspace),
        "log_dir": str(spec.log_dir),
        "timeout_seconds": spec.timeout_seconds,
    }
    request = {"op": "launch", "mode": mode, "spec": doc}
    done = subprocess.run(
        [sys.executable, str(DRIVER), json.dumps(request)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)["handle"]


def job(tmp_path: Path, source: str, *args: str, timeout: float | None = None) -> ProcessSpec:
    workspace = tmp_path / "ws"
    (workspace / "model").mkdir(parents=True)
    (workspace / "job.py").write_text(source)
    command = ["python3", "/opt/ml/job.py", *args]
    return ProcessSpec(command, workspace, tmp_path / "logs", timeout_seconds=timeout)


def wait_until(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_attach_to_a_running_job_and_wait_for_it(tmp_path):
    spec = job(tmp_path, SLOW_JOB, "1.0", "5")
    doc = launch_elsewhere(spec)
    assert json.loads(json.dumps(doc)) == doc  # JSON-ready

    sandbox = LocalSandbox()
    handle = sandbox.attach(doc)

    assert handle is not None and handle.pid == doc["pid"]
    assert sandbox.poll(handle) is None  # the launcher is gone, the job is not
    info = sandbox.wait(handle, timeout=30)
    assert info is not None
    assert info.exit_code == 5, tail(spec.log_dir / "stderr.log")
    assert not info.stopped and not info.timed_out
    assert 1.0 <= info.duration_seconds < 10.0
    assert (spec.workspace / "model/done").read_text() == "finished"


def test_wait_with_a_short_timeout_returns_none_while_running(tmp_path):
    spec = job(tmp_path, SLOW_JOB, "1.0", "0")
    sandbox = LocalSandbox()
    handle = sandbox.attach(launch_elsewhere(spec))
    assert handle is not None

    began = time.monotonic()
    assert sandbox.wait(handle, timeout=0.2) is None
    assert 0.2 <= time.monotonic() - began < 1.0
    info = sandbox.wait(handle)
    assert info is not None and info.exit_code == 0


def test_attach_to_a_finished_job_reads_its_exit_code(tmp_path):
    spec = job(tmp_path, SLOW_JOB, "0", "4")
    doc = launch_elsewhere(spec)
    wait_until(lambda: (spec.log_dir / "exit_code").exists())
    wait_until(lambda: not procs.is_running(doc["pid"], doc["proc_start"]))

    sandbox = LocalSandbox()
    handle = sandbox.attach(doc)

    assert handle is not None
    info = sandbox.poll(handle)
    assert info is not None
    assert info.exit_code == 4
    assert info.duration_seconds >= 0


def test_attached_job_is_stopped_by_the_new_process(tmp_path):
    spec = job(tmp_path, STUBBORN_JOB)
    sandbox = LocalSandbox()
    handle = sandbox.attach(launch_elsewhere(spec))
    assert handle is not None
    wait_until(lambda: (spec.workspace / "started").exists())

    sandbox.stop(handle, grace_seconds=0.3)

    info = sandbox.poll(handle)
    assert info is not None
    assert info.stopped and info.signal == signal.SIGKILL
    assert not procs.is_running(handle.pid, handle.proc_start)


def test_attached_job_times_out_from_its_recorded_start(tmp_path):
    spec = job(tmp_path, STUBBORN_JOB, timeout=0.5)
    sandbox = LocalSandbox(kill_grace_seconds=0.3)
    handle = sandbox.attach(launch_elsewhere(spec))
    assert handle is not None and handle.timeout_seconds == 0.5

    info = sandbox.wait(handle, timeout=30)

    assert info is not None
    assert info.timed_out and not info.stopped
    assert info.signal == signal.SIGKILL
    assert 0.8 <= info.duration_seconds < 5.0


def test_attach_with_a_stale_pid_returns_none(tmp_path):
    gone = subprocess.Popen(["true"])
    gone.wait()
    (tmp_path / "logs").mkdir()
    doc = {
        "pid": gone.pid,
        "pgid": gone.pid,
        "started_at": time.time() - 5,
        "log_dir": str(tmp_path / "logs"),
        "mode": "namespace",
    }

    assert LocalSandbox().attach(doc) is None


def test_attach_detects_a_reused_pid(tmp_path):
    # This test process is alive, but it is not the process the handle recorded.
    ticks = procs.start_ticks(os.getpid())
    assert ticks is not None
    (tmp_path / "logs").mkdir()
    doc = {
        "pid": os.getpid(),
        "pgid": os.getpgid(0),
        "started_at": time.time(),
        "log_dir": str(tmp_path / "logs"),
        "mode": "namespace",
        "proc_start": ticks + 1,
    }

    assert LocalSandbox().attach(doc) is None
    assert LocalSandbox().attach({**doc, "proc_start": ticks}) is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pid": "12"}, "handle.pid"),
        ({"log_dir": None}, "handle.log_dir"),
        ({"mode": "docker"}, "handle.mode"),
        ({"started_at": True}, "handle.started_at"),
    ],
)
def test_attach_rejects_documents_that_are_not_handles(tmp_path, change, field):
    doc = {
        "pid": 1,
        "pgid": 1,
        "started_at": 0.0,
        "log_dir": str(tmp_path),
        "mode": "namespace",
        **change,
    }
    with pytest.raises(InvalidRequest) as caught:
        LocalSandbox().attach(doc)
    assert caught.value.field == field


def test_handle_round_trips_through_to_dict_in_the_same_process(tmp_path):
    spec = job(tmp_path, SLOW_JOB, "0", "2")
    sandbox = LocalSandbox()
    launched = sandbox.launch(spec)

    again = sandbox.attach(json.loads(json.dumps(launched.to_dict())))

    assert again == launched
    info = sandbox.wait(again)
    assert info is not None and info.exit_code == 2
