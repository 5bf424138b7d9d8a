"""One job host on a Ray node: the actor that runs it there (node side of `RaySandbox`).

The actor fetches the host's workspace from the artifact store into a directory on its
node, runs the job with that node's `LocalSandbox` (so the job sees ``/opt/ml`` exactly
as locally), and a watcher thread enforces the job's timeout and, once the job ended,
stores what it wrote. The engine long-polls the actor for new log bytes and the end.
The actor is detached and named, so a restarted engine finds it again.

This module does not import Ray: `ray_backend` wraps `HostActor` with ``ray.remote``.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dagmaker.compute.handle import ExitInfo, JobHandle
from dagmaker.compute.logs import STDERR_LOG, STDOUT_LOG
from dagmaker.compute.ray_transfer import Manifest, download_tree, manifest, upload_tree
from dagmaker.compute.sandbox import LocalSandbox
from dagmaker.compute.spec import ProcessSpec
from dagmaker.storage.artifacts.protocol import ArtifactStore

# Each read of the logs returns at most this much, so one reply stays small.
MAX_LOG_CHUNK = 1 << 20


def spec_document(spec: ProcessSpec) -> dict[str, Any]:
    """What of a spec travels to the node (paths are chosen there)."""
    return {
        "command": list(spec.command),
        "env": dict(spec.env),
        "cwd": spec.cwd,
        "timeout_seconds": spec.timeout_seconds,
        "python": spec.python,
        "hostname": spec.hostname,
    }


class HostActor:
    """Runs one host process of one job on the node the actor was placed on.

    Args:
        store_factory: Builds the artifact store on the node (it must be picklable).
        job_name: The job, for directory names and the log header.
        node_label: How the log header names this node (address and id).
    """

    def __init__(
        self, store_factory: Callable[[], ArtifactStore], job_name: str, node_label: str
    ) -> None:
        self._store = store_factory()
        self._job_name = job_name
        self._node_label = node_label
        self._sandbox = LocalSandbox()
        self._root = Path(tempfile.mkdtemp(prefix=f"dagmaker-{job_name[:40]}-"))
        self._handle: JobHandle | None = None
        self._before: Manifest = {}
        self._result: dict[str, Any] | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._spec: ProcessSpec | None = None
        self._result_uri = ""

    def start(
        self, spec_doc: dict[str, Any], workspace_uri: str, result_uri: str, held: bool = False
    ) -> str:
        """Fetch the workspace, write the log header, launch the job; returns the node dir.

        With ``held`` the job is launched only by `go` (once the launcher recorded it).
        """
        workspace, logs = self._root / "ml", self._root / "logs"
        download_tree(self._store, workspace_uri, workspace)
        logs.mkdir(parents=True, exist_ok=True)
        self._before = manifest(workspace)
        header = (
            f"dagmaker: backend ray, node {self._node_label}, host {spec_doc['hostname']} "
            f"of job {self._job_name}\n"
        )
        (logs / STDOUT_LOG).write_text(header)
        self._spec = ProcessSpec(workspace=workspace, log_dir=logs, **spec_doc)
        self._result_uri = result_uri
        if not held:
            self.go()
        return str(self._root)

    def go(self) -> None:
        """Launch the job (once; a second call does nothing)."""
        with self._lock:
            if self._handle is not None or self._spec is None:
                return
            self._handle = self._sandbox.launch(self._spec)
        watcher = threading.Thread(target=self._watch, args=(self._result_uri,), daemon=True)
        watcher.start()

    def poll(self, offsets: tuple[int, int], wait_seconds: float) -> dict[str, Any]:
        """New log bytes from ``offsets`` on, and how the job ended once it has.

        Waits up to ``wait_seconds`` for the end, so a watcher need not ask often.
        """
        self._done.wait(wait_seconds)
        logs = self._root / "logs"
        return {
            "stdout": _read_from(logs / STDOUT_LOG, offsets[0]),
            "stderr": _read_from(logs / STDERR_LOG, offsets[1]),
            "result": self._result if self._done.is_set() else None,
        }

    def stop(self, grace_seconds: float) -> None:
        """End the job (SIGTERM, then SIGKILL after the grace) and wait for its result."""
        with self._lock:
            if self._handle is None:
                # Held and never let run: it never will; it ends stopped, with no output.
                self._spec = None
                ended = ExitInfo(None, None, timed_out=False, stopped=True, duration_seconds=0.0)
                self._result = {"exit": dataclasses.asdict(ended), "ran": False}
                self._done.set()
                return
            self._sandbox.stop(self._handle, grace_seconds=grace_seconds)
        self._done.wait(grace_seconds + 60.0)

    def cleanup(self) -> None:
        """Remove the node's copy of the job once the engine has collected it."""
        shutil.rmtree(self._root, ignore_errors=True)

    def _watch(self, result_uri: str) -> None:
        """Wait for the end (enforcing the timeout), then store what the job wrote."""
        assert self._handle is not None  # start() sets it before starting this thread
        info = self._sandbox.wait(self._handle)
        assert info is not None  # waiting without a limit returns only at the end
        result: dict[str, Any] = {"exit": dataclasses.asdict(info)}
        try:
            result["files"] = upload_tree(
                self._store, self._root / "ml", result_uri, since=self._before
            )
            result["uri"] = result_uri
        except Exception as exc:  # the job's exit still counts; its outputs are lost
            result["upload_error"] = f"{type(exc).__name__}: {exc}"
        self._result = result
        self._done.set()


def exit_from(result: dict[str, Any]) -> ExitInfo:
    """The `ExitInfo` carried in an actor's result."""
    return ExitInfo(**result["exit"])


def _read_from(path: Path, offset: int) -> bytes:
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(MAX_LOG_CHUNK)
    except FileNotFoundError:
        return b""
