"""Fixtures for the sandbox tests: scratch areas, job scripts, and runners.

A runner executes one sandbox operation either in this process (as the invoking user)
or, when the tests run as root, in a child process running as an unprivileged user,
so namespace mode is also exercised through an unprivileged user namespace.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import dagmaker
from dagmaker.compute import ExitInfo, LocalSandbox, ProcessSpec, namespace_available
from tests.backends.fixtures import backend_unavailable

HERE = Path(__file__).parent
DRIVER = HERE / "sandbox_driver.py"
SRC = Path(dagmaker.__file__).parents[1]


@dataclass
class Outcome:
    info: ExitInfo
    handle: dict[str, Any]
    stop_seconds: float = 0.0


def spec_doc(spec: ProcessSpec) -> dict[str, Any]:
    doc = dataclasses.asdict(spec)
    doc["workspace"], doc["log_dir"] = str(spec.workspace), str(spec.log_dir)
    return doc


def wait_for_file(path: Path, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} did not appear within {seconds} s"
        time.sleep(0.01)


class InvokingUser:
    """Runs sandbox operations in this process."""

    name = "invoking-user"
    python: str | None = None
    uid = os.geteuid()

    def run(self, spec: ProcessSpec, mode: str = "namespace", kill_grace: float = 5.0) -> Outcome:
        sandbox = LocalSandbox(mode, kill_grace_seconds=kill_grace)  # type: ignore[arg-type]
        handle = sandbox.launch(spec)
        info = sandbox.wait(handle, timeout=60)
        assert info is not None
        return Outcome(info, handle.to_dict())

    def run_and_stop(self, spec: ProcessSpec, ready: Path, grace: float) -> Outcome:
        sandbox = LocalSandbox("namespace")
        handle = sandbox.launch(spec)
        wait_for_file(ready)
        began = time.monotonic()
        sandbox.stop(handle, grace_seconds=grace)
        stop_seconds = time.monotonic() - began
        info = sandbox.wait(handle, timeout=60)
        assert info is not None
        return Outcome(info, handle.to_dict(), stop_seconds)

    def own(self, area: Path) -> None:
        """Files are already ours."""


class UnprivilegedUser:
    """Runs sandbox operations in a child process as the ``nobody`` user."""

    name = "unprivileged-user"

    def __init__(self, python: str, uid: int, gid: int) -> None:
        self.python = python
        self.uid, self.gid = uid, gid

    def call(self, request: dict[str, Any]) -> dict[str, Any]:
        done = subprocess.run(
            [self.python, str(DRIVER), json.dumps(request)],
            env={"PATH": "/usr/local/bin:/usr/bin:/bin", "PYTHONPATH": str(SRC), "HOME": "/"},
            user=self.uid,
            group=self.gid,
            extra_groups=[],
            cwd="/",
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    def run(self, spec: ProcessSpec, mode: str = "namespace", kill_grace: float = 5.0) -> Outcome:
        request = {"op": "run", "mode": mode, "kill_grace": kill_grace, "spec": spec_doc(spec)}
        return self._outcome(self.call(request))

    def run_and_stop(self, spec: ProcessSpec, ready: Path, grace: float) -> Outcome:
        request = {"op": "stop", "mode": "namespace", "spec": spec_doc(spec)}
        return self._outcome(self.call({**request, "ready": str(ready), "grace": grace}))

    def own(self, area: Path) -> None:
        """Hand the scratch area to the unprivileged user so its jobs can write there."""
        for root, dirs, files in os.walk(area):
            for name in [root, *(Path(root, entry) for entry in dirs + files)]:
                os.chown(name, self.uid, self.gid)

    @staticmethod
    def _outcome(result: dict[str, Any]) -> Outcome:
        return Outcome(ExitInfo(**result["exit"]), result["handle"], result.get("stop_seconds", 0))


def _nobody() -> tuple[int, int]:
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return 65534, 65534
    return entry.pw_uid, entry.pw_gid


def _interpreters() -> list[str]:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    found = [sys.executable, shutil.which(version, path="/usr/local/bin:/usr/bin:/bin")]
    return [candidate for candidate in found if candidate]


def _unprivileged_user() -> UnprivilegedUser | str:
    """A working unprivileged runner, or why there cannot be one."""
    uid, gid = _nobody()
    for python in _interpreters():
        runner = UnprivilegedUser(python, uid, gid)
        try:
            probe = runner.call({"op": "probe"})
        except (AssertionError, OSError):
            continue  # this interpreter is not usable by that user
        if probe["available"]:
            return runner
        return f"unprivileged user namespaces are off: {probe['reason']}"
    return "no Python interpreter here can be run by an unprivileged user"


@pytest.fixture(scope="session")
def unprivileged_runner() -> UnprivilegedUser | str:
    return _unprivileged_user()


@pytest.fixture(params=["invoking-user", "unprivileged-user"])
def runner(
    request: pytest.FixtureRequest, unprivileged_runner: UnprivilegedUser | str
) -> InvokingUser | UnprivilegedUser:
    """Who runs the namespace-mode job: this process, or an unprivileged user."""
    if request.param == "invoking-user":
        return InvokingUser()
    if os.geteuid() != 0:
        # Already unprivileged: the invoking user is the unprivileged user.
        available, reason = namespace_available()
        if not available:
            pytest.skip(f"unprivileged user namespaces are off: {reason}")
        return InvokingUser()
    if isinstance(unprivileged_runner, str):
        pytest.skip(unprivileged_runner)
    return unprivileged_runner


@pytest.fixture
def area() -> Iterator[Path]:
    """A scratch directory every user can reach (unlike pytest's private tmp_path)."""
    path = Path(tempfile.mkdtemp(prefix="dagmaker-compute-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


@pytest.fixture
def script() -> Callable[[Path, str, str], Path]:
    """Write a job script into a workspace: ``script(workspace, "code/x.py", source)``."""

    def write(workspace: Path, relative: str, source: str) -> Path:
        path = workspace / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
        return path

    return write


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[Any]:
    """A head and a worker node on loopback (one CPU each), this process connected to it."""
    if importlib.util.find_spec("ray") is None:
        backend_unavailable("Ray is not installed: pip install 'dagmaker[ray]' (make installs it)")
    from tests.compute.ray_cluster import start_cluster

    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def two_nodes(ray_cluster: Any) -> Any:
    """The session cluster with two live nodes (a test may have killed a worker)."""
    if ray_cluster.alive_nodes() < 2:
        ray_cluster.add_worker()
    return ray_cluster
