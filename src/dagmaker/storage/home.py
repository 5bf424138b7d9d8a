"""``DAGMAKER_HOME``: made private to its owner, and checked before anything is stored in it.

The home holds the metadata database (with callback tokens) and every artifact, so it is
created readable by its owner only (0700) and the database file 0600.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from dagmaker.errors import StorageProblem

_FIX = "Set DAGMAKER_HOME to a directory you can write, or fix this one's permissions."


def prepare_home(home: Path) -> None:
    """Create the home (0700) or check the existing one.

    Raises:
        StorageProblem: naming the path, when it is a file, cannot be created, or is not
            writable.
    """
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError:
        raise StorageProblem(
            f"DAGMAKER_HOME {home} exists but is not a directory", hint=_FIX
        ) from None
    except OSError as exc:
        raise StorageProblem(
            f"cannot create DAGMAKER_HOME {home}: {exc.strerror or exc}", hint=_FIX
        ) from None
    if not home.is_dir():
        raise StorageProblem(f"DAGMAKER_HOME {home} is not a directory", hint=_FIX)
    if not os.access(home, os.W_OK | os.X_OK):
        raise StorageProblem(f"DAGMAKER_HOME {home} is not writable", hint=_FIX)
    _private(home, 0o700)


def prepare_database_file(path: Path) -> None:
    """Create the SQLite file readable and writable by its owner only (0600)."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise StorageProblem(
            f"cannot create the database {path}: {exc.strerror or exc}", hint=_FIX
        ) from None
    os.close(descriptor)
    _private(path, 0o600)


def _private(path: Path, mode: int) -> None:
    # Homes made by earlier versions were readable by others; tighten what we own.
    info = path.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        path.chmod(mode)


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) says the disk is full."""
    current: BaseException | None = exc
    while current is not None:
        if isinstance(current, OSError) and current.errno == errno.ENOSPC:
            return True
        if "database or disk is full" in str(current):
            return True
        current = current.__cause__ or current.__context__
    return False
