"""Starting the background worker: one per ``DAGMAKER_HOME``, detached, started on demand.

A file lock keeps a second worker from running beside the first.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path
from typing import IO

from dagmaker.settings import Settings

LOCK_NAME = "worker.lock"
LOG_NAME = "worker.log"


def _lock_path(settings: Settings) -> Path:
    return settings.home / LOCK_NAME


def try_lock(settings: Settings) -> IO[str] | None:
    """The worker lock of this home, taken; None when another worker holds it."""
    settings.home.mkdir(parents=True, exist_ok=True)
    handle = _lock_path(settings).open("a+")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def worker_running(settings: Settings) -> bool:
    """Whether a worker holds the lock for this home."""
    handle = try_lock(settings)
    if handle is None:
        return True
    handle.close()
    return False


def ensure_worker(settings: Settings) -> None:
    """Start a detached worker for this home unless one is running."""
    if worker_running(settings):
        return
    log = (settings.home / LOG_NAME).open("ab")
    env = dict(
        os.environ,
        DAGMAKER_HOME=str(settings.home),
        DAGMAKER_DATABASE_URL=settings.database_url,
        DAGMAKER_BACKEND=settings.backend,
    )
    # A throw-away shell starts the worker in the background and exits at once, so the
    # worker is nobody's child: it outlives this process and leaves no zombie behind.
    launcher = subprocess.Popen(
        ["/bin/sh", "-c", 'exec "$@" &', "sh", sys.executable, "-m", "dagmaker.api.worker"],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        env=env,
        start_new_session=True,
        cwd=str(settings.home),
    )
    launcher.wait()
    log.close()
