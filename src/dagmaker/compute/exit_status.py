"""The files in ``log_dir`` that say how a job ended, readable from any process.

``exit_code`` is written by the job's wrapper shell. ``ended_by`` is written by whoever
asked the job to end (``stop`` or ``timeout``) before the first signal is sent, so a
later reader can tell a stopped job from one that failed on its own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from pathlib import Path
from typing import Literal

from dagmaker.compute.handle import ExitInfo
from dagmaker.compute.wrapper import EXIT_FILE, EXIT_TEMP

ENDED_BY_FILE = "ended_by"
EndReason = Literal["stop", "timeout"]
_SIGNAL_BASE = 128
_MAX_SIGNAL = int(signal.SIGRTMAX)


def clear_previous(log_dir: Path) -> None:
    """Remove the status files of an earlier run that used the same ``log_dir``."""
    for name in (EXIT_FILE, EXIT_TEMP, ENDED_BY_FILE):
        (log_dir / name).unlink(missing_ok=True)


def recorded_status(log_dir: Path) -> tuple[int, float] | None:
    """The wrapper's recorded exit status and when it was written, if it was."""
    path = log_dir / EXIT_FILE
    try:
        text = path.read_text()
        written = path.stat().st_mtime
    except OSError:
        return None
    try:
        return int(text.strip()), written
    except ValueError:
        return None


def mark_ending(log_dir: Path, reason: EndReason) -> bool:
    """Record why the job is being ended; the first request wins.

    Returns:
        Whether this call recorded it (``False`` when a reason was already recorded).
    """
    temp = log_dir / f"{ENDED_BY_FILE}.{uuid.uuid4().hex}"
    temp.write_text(reason + "\n")
    try:
        # link() fails if the target exists: an atomic "create only if absent".
        os.link(temp, log_dir / ENDED_BY_FILE)
    except FileExistsError:
        return False
    finally:
        temp.unlink()
    return True


def ending(log_dir: Path) -> tuple[str, float] | None:
    """The recorded reason for ending the job and when it was recorded, if any."""
    path = log_dir / ENDED_BY_FILE
    with contextlib.suppress(OSError):
        return path.read_text().strip(), path.stat().st_mtime
    return None


def exit_info(log_dir: Path, started_at: float, returncode: int | None) -> ExitInfo:
    """Assemble how a finished job ended.

    Args:
        log_dir: The job's log directory.
        started_at: Wall-clock launch time.
        returncode: The wrapper's status as seen by its parent (negative for a
            signal), when this process is the parent; used only if the wrapper died
            before recording a status.
    """
    recorded = recorded_status(log_dir)
    if recorded is not None:
        code, ended_at = recorded
        exit_code, sig = split_status(code)
    else:
        ended_at = time.time()
        exit_code, sig = _from_returncode(returncode)
    reason = ending(log_dir)
    why = reason[0] if reason else ""
    return ExitInfo(
        exit_code=exit_code,
        signal=sig,
        timed_out=why == "timeout",
        stopped=why == "stop",
        duration_seconds=max(0.0, ended_at - started_at),
    )


def split_status(code: int) -> tuple[int | None, int | None]:
    """Split a shell status into (exit code, signal): the shell reports signal N as 128+N.

    A program that itself exits with 129..128+SIGRTMAX is indistinguishable from one
    killed by a signal; shells and container runtimes make the same call.
    """
    if _SIGNAL_BASE < code <= _SIGNAL_BASE + _MAX_SIGNAL:
        return None, code - _SIGNAL_BASE
    return code, None


def _from_returncode(returncode: int | None) -> tuple[int | None, int | None]:
    if returncode is None:
        return None, None
    if returncode < 0:
        return None, -returncode
    return split_status(returncode)
