"""Run job processes on this machine, each seeing its workspace as ``/opt/ml``.

Jobs are detached (own session and process group) and record their own exit status,
so they outlive the engine that launched them: a later engine re-attaches with
`LocalSandbox.attach` and can wait for, time out or stop the job as if it had
launched it.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from typing import IO, Any, Literal

from dagmaker.compute import children, procs
from dagmaker.compute.exit_status import (
    clear_previous,
    ending,
    exit_info,
    mark_ending,
    recorded_status,
)
from dagmaker.compute.handle import ExitInfo, JobHandle
from dagmaker.compute.logs import STDERR_LOG, STDOUT_LOG, tail
from dagmaker.compute.namespace import namespace_available, namespace_support, rewrite_warning
from dagmaker.compute.plan import LaunchPlan, plan_launch
from dagmaker.compute.spec import ProcessSpec
from dagmaker.errors import InternalError, InvalidRequest

__all__ = ["ExitInfo", "JobHandle", "LocalSandbox", "namespace_available", "tail"]

Mode = Literal["auto", "namespace", "rewrite"]
_MODES = ("auto", "namespace", "rewrite")
# How long a wrapper may take to record the status once its job is gone.
_WRAPPER_GRACE_SECONDS = 2.0
# How often to re-check a job that was sent SIGKILL but is not gone yet.
_RECHECK_SECONDS = 0.05
# Waiting without a limit still wakes up now and then, in case a pidfd is unavailable.
_LONG_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class _Resolved:
    mode: str
    warning: str
    unshare: tuple[str, ...] | None


class LocalSandbox:
    """Launches, watches and stops job processes on the local machine.

    Args:
        mode: ``"namespace"`` runs each job in its own mount namespace where its
            workspace is ``/opt/ml``; ``"rewrite"`` rewrites ``/opt/ml`` in argv and
            environment instead; ``"auto"`` uses namespaces when the probe succeeds.
        kill_grace_seconds: After a timeout's SIGTERM, how long a job may take to exit
            before it gets SIGKILL.

    Raises:
        InvalidRequest: for an unknown mode.
    """

    def __init__(self, mode: Mode = "auto", *, kill_grace_seconds: float = 5.0) -> None:
        if mode not in _MODES:
            raise InvalidRequest(
                f"Unknown sandbox mode; use one of {', '.join(_MODES)}.",
                field="mode",
                value=mode,
            )
        self._requested: Mode = mode
        self._kill_grace = kill_grace_seconds
        self._resolved: _Resolved | None = None
        self._lock = threading.Lock()
        # Write ends of the pipes that held jobs wait on, by wrapper pid.
        self._gates: dict[int, IO[bytes]] = {}

    @property
    def mode(self) -> str:
        """The mode jobs run in: ``"namespace"`` or ``"rewrite"`` (probed once).

        Raises:
            InvalidRequest: when ``"namespace"`` was requested but is unavailable.
        """
        return self._resolve().mode

    def launch(self, spec: ProcessSpec, *, held: bool = False) -> JobHandle:
        """Start a job and return at once.

        With ``held`` the job's wrapper starts but the job waits until `let_run` (or, after
        `discard` or the death of this process, never runs): a launcher that must record
        the handle first can never leave a job running that nobody knows of.

        Raises:
            InvalidRequest: when the spec's directories are unusable.
            InternalError: when the wrapper process cannot be started.
        """
        resolved = self._resolve()
        plan = plan_launch(spec, resolved.unshare, held=held)
        clear_previous(plan.log_dir)
        started_at = time.time()
        process = _start(plan)
        proc_start = procs.start_ticks(process.pid)
        children.register(process, proc_start)
        if process.stdin is not None:
            with self._lock:
                self._gates[process.pid] = process.stdin
        return JobHandle(
            pid=process.pid,
            pgid=process.pid,
            started_at=started_at,
            log_dir=plan.log_dir,
            mode=resolved.mode,
            warning=resolved.warning,
            proc_start=proc_start,
            timeout_seconds=spec.timeout_seconds,
        )

    def launch_job(
        self,
        specs: list[ProcessSpec],
        cancel: threading.Event | None = None,
        *,
        held: bool = False,
    ) -> list[JobHandle]:
        """Start every host process of one job; on a failure stop those already started.

        ``cancel`` is unused: local capacity is taken before launching (job slots). With
        ``held`` the jobs wait for `let_run` (see `launch`).

        Raises:
            InvalidRequest: when a spec's directories are unusable.
            InternalError: when a wrapper process cannot be started.
        """
        handles: list[JobHandle] = []
        try:
            for spec in specs:
                handles.append(self.launch(spec, held=held))
        except BaseException:
            for handle in handles:
                self.stop(handle, grace_seconds=1.0)
            raise
        return handles

    def let_run(self, handles: list[JobHandle]) -> None:
        """Let jobs launched ``held`` run."""
        for handle in handles:
            gate = self._gate(handle)
            if gate is None:
                continue
            # A wrapper that is already gone (killed meanwhile) cannot read it: nothing to do.
            with contextlib.suppress(OSError):
                gate.write(b"run\n")
            with contextlib.suppress(OSError):
                gate.close()

    def discard(self, handles: list[JobHandle]) -> None:
        """Let jobs launched ``held`` go without running them, and wait for their wrappers."""
        for handle in handles:
            gate = self._gate(handle)
            if gate is None:
                continue
            with contextlib.suppress(OSError):
                gate.close()
            self.wait(handle, timeout=_WRAPPER_GRACE_SECONDS)

    def release(self, handles: list[JobHandle]) -> None:
        """Nothing to give back: local processes hold no reservation."""

    def _gate(self, handle: JobHandle) -> IO[bytes] | None:
        with self._lock:
            return self._gates.pop(handle.pid, None)

    def wait(self, handle: JobHandle, timeout: float | None = None) -> ExitInfo | None:
        """Wait for the job to end, enforcing its own timeout meanwhile.

        Args:
            handle: The job.
            timeout: How long to wait; ``None`` waits until the job ends.

        Returns:
            How the job ended, or ``None`` if it still runs when ``timeout`` is up.
        """
        give_up = None if timeout is None else time.monotonic() + timeout
        while True:
            info = self.poll(handle)
            if info is not None:
                return info
            due = self._until_enforcement(handle)
            pause = _LONG_WAIT_SECONDS if due is None else max(due, _RECHECK_SECONDS)
            if give_up is not None:
                remaining = give_up - time.monotonic()
                if remaining <= 0:
                    return None
                pause = min(pause, remaining)
            procs.wait_for_exit(handle.pid, handle.proc_start, pause)

    def poll(self, handle: JobHandle) -> ExitInfo | None:
        """Return how the job ended, or ``None`` while it runs (enforcing its timeout)."""
        running, returncode = self._state(handle)
        if not running:
            return exit_info(handle.log_dir, handle.started_at, returncode)
        self._enforce_timeout(handle)
        return None

    def stop(self, handle: JobHandle, grace_seconds: float = 10.0) -> None:
        """End the job: SIGTERM to its process group, SIGKILL after ``grace_seconds``.

        Returns once the job has ended; a job that already ended is left alone.
        """
        gate = self._gate(handle)
        if gate is not None:
            # A held job that was never let run ends at once, without running.
            with contextlib.suppress(OSError):
                gate.close()
        if self.poll(handle) is not None:
            return
        if mark_ending(handle.log_dir, "stop"):
            procs.signal_group(handle.pgid, signal.SIGTERM)
        if procs.wait_for_exit(handle.pid, handle.proc_start, grace_seconds):
            self.poll(handle)
            return
        self._kill_job(handle)
        if not procs.wait_for_exit(handle.pid, handle.proc_start, _WRAPPER_GRACE_SECONDS):
            procs.signal_group(handle.pgid, signal.SIGKILL)
            procs.wait_for_exit(handle.pid, handle.proc_start, _WRAPPER_GRACE_SECONDS)
        self.poll(handle)

    def attach(self, handle_doc: dict[str, Any]) -> JobHandle | None:
        """Rebuild a handle from `JobHandle.to_dict`, typically in a restarted engine.

        Returns:
            The handle when the job still runs or has recorded its exit status;
            ``None`` when its process is gone without a record (or its pid now
            belongs to another process).

        Raises:
            InvalidRequest: when the document is not a job handle.
        """
        handle = JobHandle.from_dict(handle_doc)
        if handle.mode not in ("namespace", "rewrite"):
            raise InvalidRequest(
                "A job handle's mode must be 'namespace' or 'rewrite'.",
                field="handle.mode",
                value=handle.mode,
            )
        # Checked in this order because the wrapper records the status before exiting.
        if self._state(handle)[0] or recorded_status(handle.log_dir) is not None:
            return handle
        return None

    def _resolve(self) -> _Resolved:
        if self._resolved is None:
            self._resolved = self._decide()
        return self._resolved

    def _decide(self) -> _Resolved:
        if self._requested == "rewrite":
            return _Resolved("rewrite", rewrite_warning("rewrite mode was requested"), None)
        support = namespace_support()
        if support.unshare is not None:
            return _Resolved("namespace", "", support.unshare)
        if self._requested == "namespace":
            raise InvalidRequest(
                "Sandbox mode 'namespace' was requested, but mount namespaces are "
                f"unavailable here: {support.reason}",
                field="mode",
                value="namespace",
                hint=rewrite_warning(support.reason),
            )
        return _Resolved("rewrite", rewrite_warning(support.reason), None)

    def _state(self, handle: JobHandle) -> tuple[bool, int | None]:
        """(running, returncode if this process is the parent and reaped it)."""
        is_child, returncode = children.poll_child(handle.pid, handle.proc_start)
        if is_child:
            return returncode is None, returncode
        return procs.is_running(handle.pid, handle.proc_start), None

    def _enforce_timeout(self, handle: JobHandle) -> None:
        """Past the deadline: SIGTERM once, then SIGKILL once the grace has passed."""
        if handle.timeout_seconds is None:
            return
        now = time.time()
        if now < handle.started_at + handle.timeout_seconds:
            return
        if mark_ending(handle.log_dir, "timeout"):
            procs.signal_group(handle.pgid, signal.SIGTERM)
            return
        requested = ending(handle.log_dir)
        asked_at = now if requested is None else requested[1]
        if now >= asked_at + self._kill_grace + _WRAPPER_GRACE_SECONDS:
            procs.signal_group(handle.pgid, signal.SIGKILL)
        elif requested is None or now >= asked_at + self._kill_grace:
            self._kill_job(handle)

    def _until_enforcement(self, handle: JobHandle) -> float | None:
        """Seconds until `_enforce_timeout` has something to do (<= 0: now; ``None``: never)."""
        if handle.timeout_seconds is None:
            return None
        now = time.time()
        deadline = handle.started_at + handle.timeout_seconds
        if now < deadline:
            return deadline - now
        requested = ending(handle.log_dir)
        if requested is None:
            return 0.0
        return requested[1] + self._kill_grace - now

    def _kill_job(self, handle: JobHandle) -> None:
        """SIGKILL the job's processes but not its wrapper, which then records the status."""
        members = procs.group_members(handle.pgid)
        if members is None:
            procs.signal_group(handle.pgid, signal.SIGKILL)
            return
        procs.signal_pids([pid for pid in members if pid != handle.pid], signal.SIGKILL)


def _start(plan: LaunchPlan) -> subprocess.Popen[bytes]:
    """Start the wrapper detached, with its output appended to the job's logs."""
    try:
        with (
            (plan.log_dir / STDOUT_LOG).open("ab") as stdout,
            (plan.log_dir / STDERR_LOG).open("ab") as stderr,
        ):
            return subprocess.Popen(
                plan.argv,
                cwd=plan.log_dir,
                env=plan.env,
                stdin=subprocess.PIPE if plan.held else subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                start_new_session=True,
            )
    except OSError as error:
        raise InternalError(
            f"Could not start the job's wrapper process ({plan.argv[0]}): {error}",
            field="ProcessSpec.log_dir",
            value=str(plan.log_dir),
        ) from error
