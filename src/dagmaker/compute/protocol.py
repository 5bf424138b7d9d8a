"""The sandbox port: what the job runners need from wherever a job's processes run.

Two backends satisfy it: `LocalSandbox` (processes on this machine) and `RaySandbox`
(Ray work on a cluster). A handle is whatever the backend needs to find a host process
again; its ``to_dict()`` form is recorded in the event log and given back to ``attach``
by a restarted engine.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol, TypeVar, runtime_checkable

from dagmaker.compute.handle import ExitInfo
from dagmaker.compute.spec import ProcessSpec


class SandboxHandle(Protocol):
    """One launched host process, as a backend knows it."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form that the same backend's ``attach`` accepts in another process."""
        ...


HandleT = TypeVar("HandleT", bound=SandboxHandle)


@runtime_checkable
class Sandbox(Protocol[HandleT]):
    """Launches, follows, stops and re-attaches to the host processes of jobs."""

    @property
    def mode(self) -> str:
        """How a job sees ``/opt/ml``: ``"rewrite"`` when specs must name host paths.

        Any other value (``"namespace"``, ``"ray"``) means the job sees the container
        paths, so a spec's environment may name ``/opt/ml`` directly.
        """
        ...

    def launch_job(
        self,
        specs: list[ProcessSpec],
        cancel: threading.Event | None = None,
        *,
        held: bool = False,
    ) -> list[HandleT]:
        """Start every host process of one job at once, or none of them.

        With ``held`` the processes wait for `let_run` before the job runs, and never run
        after `discard` or once the launching process has died: a launcher records the
        handles first, so no job ever runs unknown to whoever carries on after it.

        Raises:
            InternalError: when a process cannot be started (nothing is left running).
            JobFailure: when the backend can never hold a job this wide.
            StepStopped: when ``cancel`` is set while the job waits for capacity.
        """
        ...

    def wait(self, handle: HandleT, timeout: float | None = None) -> ExitInfo | None:
        """Wait up to ``timeout`` seconds for the process to end; ``None`` if it still runs."""
        ...

    def stop(self, handle: HandleT, grace_seconds: float = 10.0) -> None:
        """End the process (SIGTERM, then SIGKILL after the grace); returns once it ended."""
        ...

    def attach(self, handle_doc: dict[str, Any]) -> HandleT | None:
        """The handle recorded as ``handle_doc``; ``None`` when its process is gone unrecorded."""
        ...

    def let_run(self, handles: list[HandleT]) -> None:
        """Let the processes of a job launched ``held`` run (their handles are recorded)."""
        ...

    def discard(self, handles: list[HandleT]) -> None:
        """Give up a job launched ``held`` without running it (nothing recorded it).

        What the job held is given back as by `release`.
        """
        ...

    def release(self, handles: list[HandleT]) -> None:
        """Give back what the job held once every one of its host processes has ended."""
        ...
