"""Finding the chaos test's processes in /proc: the background worker, and leftovers."""

from __future__ import annotations

import os
from pathlib import Path


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _processes() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _mentions(pid: int, needle: bytes) -> bool:
    proc = Path(f"/proc/{pid}")
    if needle in _read(proc / "cmdline") or needle in _read(proc / "environ"):
        return True
    try:
        return needle in str((proc / "cwd").readlink()).encode()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    # A zombie has ended; only its parent's wait is missing.
    status = _read(Path(f"/proc/{pid}/stat"))
    return bool(status) and status.rsplit(b")", 1)[-1].split()[:1] != [b"Z"]


def workers(home: Path) -> list[int]:
    """Pids of the background workers of ``home``."""
    needle = f"DAGMAKER_HOME={home}".encode()
    found = []
    for pid in _processes():
        if b"dagmaker.api.worker" in _read(Path(f"/proc/{pid}/cmdline")) and _mentions(pid, needle):
            found.append(pid)
    return [pid for pid in found if _alive(pid)]


def leftovers(root: Path, exclude: set[int]) -> list[str]:
    """Live processes (other than ``exclude``) whose command, environment or cwd names ``root``."""
    needle = str(root).encode()
    found = []
    for pid in _processes():
        if pid in exclude or pid == os.getpid() or not _mentions(pid, needle) or not _alive(pid):
            continue
        command = _read(Path(f"/proc/{pid}/cmdline")).replace(b"\0", b" ").decode(errors="replace")
        found.append(f"{pid}: {command[:200]}")
    return found
