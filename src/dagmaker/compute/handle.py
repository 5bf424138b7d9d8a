"""The record of a launched job process, and how it ended."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagmaker.errors import InvalidRequest

HANDLE_VERSION = 1


@dataclass
class JobHandle:
    """Everything needed to find a launched job again, from any process.

    Attributes:
        pid: Process id of the job's wrapper shell (the leader of its process group).
        pgid: Process group of the job; signals go to the whole group.
        started_at: Wall-clock launch time (``time.time()``).
        log_dir: Directory holding ``stdout.log``, ``stderr.log`` and ``exit_code``.
        mode: ``"namespace"`` or ``"rewrite"``.
        warning: Shown to users when the job does not see the real ``/opt/ml`` layout.
        proc_start: Kernel start time of ``pid`` (clock ticks since boot), used to tell
            the job from an unrelated process that later reused its pid.
        timeout_seconds: The job's limit counted from ``started_at``, if any.
    """

    pid: int
    pgid: int
    started_at: float
    log_dir: Path
    mode: str
    warning: str = ""
    proc_start: int | None = None
    timeout_seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form that `LocalSandbox.attach` accepts in another process."""
        return {
            "version": HANDLE_VERSION,
            "pid": self.pid,
            "pgid": self.pgid,
            "started_at": self.started_at,
            "log_dir": str(self.log_dir),
            "mode": self.mode,
            "warning": self.warning,
            "proc_start": self.proc_start,
            "timeout_seconds": self.timeout_seconds,
        }

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> JobHandle:
        """Rebuild a handle from `to_dict` output.

        Raises:
            InvalidRequest: when a field is missing or has the wrong type.
        """
        return cls(
            pid=_field(doc, "pid", int),
            pgid=_field(doc, "pgid", int),
            started_at=float(_field(doc, "started_at", (int, float))),
            log_dir=Path(_field(doc, "log_dir", str)),
            mode=_field(doc, "mode", str),
            warning=str(doc.get("warning") or ""),
            proc_start=_optional(doc, "proc_start", int),
            timeout_seconds=_optional_float(doc, "timeout_seconds"),
        )


@dataclass(frozen=True)
class ExitInfo:
    """How a job process ended.

    ``exit_code`` and ``signal`` are both ``None`` only when the job's wrapper vanished
    without recording a status (for example the whole group was killed with SIGKILL by
    someone else); treat that as a failure with an unknown cause.

    Attributes:
        exit_code: The exit status, or ``None`` when the job was killed by a signal.
        signal: The signal that killed the job, if any.
        timed_out: The job was ended because it ran past its timeout.
        stopped: The job was ended because `LocalSandbox.stop` was called.
        duration_seconds: Wall-clock time from launch to exit.
        lost: Why the backend lost the process without an exit status (say, the
            cluster node running it died); empty otherwise.
    """

    exit_code: int | None
    signal: int | None
    timed_out: bool
    stopped: bool
    duration_seconds: float
    lost: str = ""

    @property
    def succeeded(self) -> bool:
        """Whether the job exited with status 0 on its own."""
        return self.exit_code == 0 and not (self.timed_out or self.stopped or self.lost)


def _field(doc: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = doc.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InvalidRequest(
            "A job handle document is missing a field or has the wrong type; pass the "
            "dictionary that JobHandle.to_dict() returned.",
            field=f"handle.{name}",
            value=value,
        )
    return value


def _optional(doc: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    return None if doc.get(name) is None else _field(doc, name, kind)


def _optional_float(doc: dict[str, Any], name: str) -> float | None:
    value = _optional(doc, name, (int, float))
    return None if value is None else float(value)
