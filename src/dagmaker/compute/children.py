"""Job wrappers that this process started, so they are reaped and not left as zombies.

A child is a child of the process, not of one sandbox object, hence one registry per
process. Entries are keyed by pid and kernel start time, so an unrelated process that
later reuses a pid is never mistaken for a finished child.
"""

from __future__ import annotations

import subprocess
import threading

_Key = tuple[int, int | None]
# Finished children are remembered only for their return code, which matters just when
# a wrapper died without writing its exit file; the oldest are forgotten beyond this.
_MAX_FINISHED = 4096

_lock = threading.Lock()
_running: dict[_Key, subprocess.Popen[bytes]] = {}
_finished: dict[_Key, int] = {}


def register(process: subprocess.Popen[bytes], proc_start: int | None) -> None:
    """Remember a freshly started wrapper process."""
    with _lock:
        _running[(process.pid, proc_start)] = process


def poll_child(pid: int, proc_start: int | None) -> tuple[bool, int | None]:
    """Reap the child if it has exited.

    Returns:
        ``(is_child, returncode)``: ``is_child`` is ``False`` for processes this one did
        not start; ``returncode`` is ``None`` while the child runs.
    """
    key = (pid, proc_start)
    with _lock:
        if key in _finished:
            return True, _finished[key]
        process = _running.get(key)
        if process is None:
            return False, None
        returncode = process.poll()
        if returncode is not None:
            del _running[key]
            _finished[key] = returncode
            if len(_finished) > _MAX_FINISHED:
                del _finished[next(iter(_finished))]
        return True, returncode
