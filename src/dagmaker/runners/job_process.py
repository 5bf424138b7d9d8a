"""Launch a job's host processes, follow them, stop them, re-attach to them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from dagmaker.compute import ExitInfo, ProcessSpec, tail
from dagmaker.compute.protocol import Sandbox
from dagmaker.engine.ports import StepStopped
from dagmaker.errors import InternalError, JobFailure
from dagmaker.records.statuses import FailureKind
from dagmaker.runners.capacity import SlotPool, release

POLL_SECONDS = 0.05
STOP_GRACE_SECONDS = 10.0


@dataclass
class JobRun:
    """The processes of one job attempt and how they ended."""

    handles: list[Any]
    exits: list[ExitInfo] = field(default_factory=list)
    reattached: bool = False
    slots: list[IO[str]] = field(default_factory=list)

    def handle_doc(self, arn: str) -> dict[str, Any]:
        """What ``JobLaunched`` records to re-attach later."""
        return {"Arn": arn, "hosts": [h.to_dict() for h in self.handles]}


def launch(
    sandbox: Sandbox[Any],
    specs: list[ProcessSpec],
    pool: SlotPool | None,
    job_name: str,
    cancel: threading.Event | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> JobRun:
    """Take a slot per host (waiting in line for them), then start every host's process.

    Without a slot pool the backend keeps its own line (a Ray cluster's placement groups).
    The processes are held: the job runs once :func:`let_run` is called, after its handle
    has been recorded, and never if this process dies first (see :func:`discard`).

    Raises:
        JobFailure: when the job needs more slots than the machine has; kind
            ``Step.SERVICE_FAULT`` when the sandbox cannot start a process.
        StepStopped: when ``cancel`` is set while the job waits for slots.
    """
    slots = pool.acquire(len(specs), job_name, cancel, on_wait) if pool is not None else []
    try:
        handles = sandbox.launch_job(specs, cancel, held=True)
    except BaseException as exc:
        release(slots)
        if not isinstance(exc, OSError | InternalError):
            raise
        raise JobFailure(
            f"InternalServerError: the job sandbox could not start a process: {exc}",
            kind=FailureKind.SERVICE_FAULT,
        ) from exc
    return JobRun(handles, slots=slots)


def let_run(sandbox: Sandbox[Any], run: JobRun) -> None:
    """Let the held processes of a launched job run (its handle is recorded now)."""
    sandbox.let_run(run.handles)


def discard(sandbox: Sandbox[Any], run: JobRun) -> None:
    """Give up a launched job whose handle could not be recorded: it never runs."""
    release(run.slots)
    sandbox.discard(run.handles)


def reattach(sandbox: Sandbox[Any], doc: dict[str, Any]) -> JobRun | None:
    """Re-attach to processes launched by an engine that died; None if they are gone."""
    handles = []
    for host in doc.get("hosts", []):
        handle = sandbox.attach(host)
        if handle is None:
            return None
        handles.append(handle)
    return JobRun(handles, reattached=True) if handles else None


def follow(
    sandbox: Sandbox[Any], run: JobRun, cancel: Any, grace: float = STOP_GRACE_SECONDS
) -> list[ExitInfo]:
    """Wait for every host; on ``cancel`` stop them all and raise StepStopped.

    The job's slots and the sandbox's hold on its hosts are given back however this ends.
    """
    try:
        return _follow(sandbox, run, cancel, grace)
    finally:
        _release(sandbox, run)


def _follow(sandbox: Sandbox[Any], run: JobRun, cancel: Any, grace: float) -> list[ExitInfo]:
    pending = dict(enumerate(run.handles))
    exits: dict[int, ExitInfo] = {}
    while pending:
        if cancel.is_set():
            for handle in pending.values():
                sandbox.stop(handle, grace_seconds=grace)
            raise StepStopped()
        for index, handle in list(pending.items()):
            info = sandbox.wait(handle, timeout=POLL_SECONDS / max(len(pending), 1))
            if info is not None:
                exits[index] = info
                del pending[index]
                if not info.succeeded:
                    # The others are stopped now; their exits are still collected (they
                    # come last in the failure's explanation).
                    _stop_rest(sandbox, pending)
    run.exits = [exits[i] for i in sorted(exits)]
    return run.exits


def _release(sandbox: Sandbox[Any], run: JobRun) -> None:
    release(run.slots)
    sandbox.release(run.handles)


def _stop_rest(sandbox: Sandbox[Any], pending: dict[int, Any]) -> None:
    for handle in pending.values():
        sandbox.stop(handle, grace_seconds=1.0)


def failure_of(
    exits: list[ExitInfo],
    log_dirs: list[Path],
    failure_files: list[Path],
    limit_seconds: float | None,
) -> JobFailure | None:
    """The job's failure (SageMaker-style FailureReason), or None if every host succeeded."""
    for info, log_dir, failure_file in zip(exits, log_dirs, failure_files, strict=False):
        if info.succeeded:
            continue
        if info.timed_out:
            return JobFailure(
                f"MaxRuntimeExceeded: the job ran longer than MaxRuntimeInSeconds="
                f"{int(limit_seconds or 0)} and was stopped",
            )
        return JobFailure(_reason(info, log_dir, failure_file), kind=_kind(info))
    return None


def _kind(info: ExitInfo) -> str:
    if info.lost:
        return FailureKind.JOB_INTERNAL_ERROR
    # SIGKILL that nobody asked for is how the kernel's OOM killer ends a process.
    if info.signal == 9 and not info.stopped:
        return FailureKind.RESOURCE_LIMIT
    if info.exit_code is None and info.signal is None:
        return FailureKind.JOB_INTERNAL_ERROR
    return FailureKind.USER


def _reason(info: ExitInfo, log_dir: Path, failure_file: Path) -> str:
    message = ""
    if failure_file.is_file():
        message = failure_file.read_text(errors="replace").strip()
    if info.lost:
        return f"InternalServerError: {info.lost}"
    if info.exit_code is None and info.signal is None:
        return (
            "InternalServerError: the job's process vanished without recording an exit "
            "status (its supervisor was killed)"
        )
    how = f"exit code {info.exit_code}" if info.exit_code is not None else f"signal {info.signal}"
    if info.signal == 9 and not info.stopped:
        how += " (killed: out of memory?)"
    last = tail(log_dir / "stderr.log", 10).strip() or tail(log_dir / "stdout.log", 10).strip()
    text = f"AlgorithmError: {message}\n" if message else "AlgorithmError: "
    text += f"the job's process ended with {how}"
    if last:
        text += f"; last lines of its log:\n{last}"
    return text
