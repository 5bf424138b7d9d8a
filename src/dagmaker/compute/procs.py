"""Process facts from the kernel: identity, liveness, group members, and exit waiting.

A job may be watched by a process that did not start it (after an engine restart), so
nothing here relies on being the parent. A pid is only trusted together with the
kernel start time recorded at launch, which tells the job from a later process that
reused its pid.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import select
import signal
import time
from dataclasses import dataclass
from pathlib import Path

_PROC = Path("/proc")
_FALLBACK_POLL_SECONDS = 0.02


@dataclass(frozen=True)
class ProcStat:
    """The fields of ``/proc/<pid>/stat`` that job control needs.

    Attributes:
        state: One-letter state; ``Z`` is a zombie (exited, not yet reaped).
        pgrp: Process group id.
        start_ticks: Start time in clock ticks since boot.
    """

    state: str
    pgrp: int
    start_ticks: int


def read_stat(pid: int) -> ProcStat | None:
    """Read a process's stat line; ``None`` when there is no such process (or no /proc)."""
    try:
        raw = (_PROC / str(pid) / "stat").read_bytes()
    except OSError:
        return None
    # The command name may contain spaces and parentheses; fields resume after the last ")".
    fields = raw[raw.rindex(b")") + 2 :].split()
    return ProcStat(state=fields[0].decode(), pgrp=int(fields[2]), start_ticks=int(fields[19]))


def start_ticks(pid: int) -> int | None:
    """The kernel start time of ``pid``, or ``None`` when unknown."""
    stat = read_stat(pid)
    return None if stat is None else stat.start_ticks


def is_running(pid: int, proc_start: int | None) -> bool:
    """Whether ``pid`` is still the recorded process and has not exited."""
    if not _has_proc():
        return _signal_zero(pid)
    stat = read_stat(pid)
    if stat is None or stat.state in ("Z", "X"):
        return False
    return proc_start is None or stat.start_ticks == proc_start


def group_members(pgid: int) -> list[int] | None:
    """Pids of live processes in group ``pgid``; ``None`` when /proc cannot tell."""
    if not _has_proc():
        return None
    members = []
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            stat = read_stat(int(entry.name))
            if stat is not None and stat.pgrp == pgid and stat.state not in ("Z", "X"):
                members.append(int(entry.name))
    return members


def signal_group(pgid: int, sig: signal.Signals) -> None:
    """Send ``sig`` to a process group, ignoring a group that is already gone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def signal_pids(pids: list[int], sig: signal.Signals) -> None:
    """Send ``sig`` to each pid, ignoring those that are already gone."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def wait_for_exit(pid: int, proc_start: int | None, seconds: float) -> bool:
    """Block up to ``seconds`` until the process exits; return whether it has.

    Uses a pidfd where the kernel offers one, so the wake-up is immediate and works
    for processes this one did not start; otherwise polls.
    """
    if seconds <= 0:
        return not is_running(pid, proc_start)
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    except (AttributeError, OSError):
        return _poll_until_exit(pid, proc_start, seconds)
    try:
        # Checked after the pidfd pins the process, so a reused pid cannot slip in.
        if not is_running(pid, proc_start):
            return True
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(math.ceil(seconds * 1000)))
    finally:
        os.close(fd)


def _poll_until_exit(pid: int, proc_start: int | None, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while is_running(pid, proc_start):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        time.sleep(min(_FALLBACK_POLL_SECONDS, remaining))
    return True


@functools.cache
def _has_proc() -> bool:
    return (_PROC / "self" / "stat").exists()


def _signal_zero(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
