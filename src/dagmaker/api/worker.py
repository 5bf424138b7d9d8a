"""The background worker: one per ``DAGMAKER_HOME``, started on demand, detached.

It claims executions that nobody drives (new ones, and ones whose driver stopped
heart-beating: a crashed process) and drives each in a thread. It exits after a spell
with nothing to do, and a file lock keeps a second worker from running beside it.
"""

from __future__ import annotations

import argparse
import fcntl
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

from dagmaker.api.executions import (
    STALE_AFTER,
    drive,
    orphaned,
    owner_id,
    release_dead_owners,
)
from dagmaker.api.jobs import run_claimed
from dagmaker.api.services import Services, build_services
from dagmaker.settings import Settings

LOCK_NAME = "worker.lock"
LOG_NAME = "worker.log"
_log = logging.getLogger("dagmaker.worker")


def _lock_path(settings: Settings) -> Path:
    return settings.home / LOCK_NAME


def _try_lock(settings: Settings) -> IO[str] | None:
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
    handle = _try_lock(settings)
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
        os.environ, DAGMAKER_HOME=str(settings.home), DAGMAKER_DATABASE_URL=settings.database_url
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


class Worker:
    """Claims and drives executions until idle for ``idle_exit`` seconds."""

    def __init__(self, services: Services, idle_exit: float, poll: float = 0.2) -> None:
        self.services = services
        self.idle_exit = idle_exit
        self.poll = poll
        self.owner = owner_id()
        self.threads: dict[str, threading.Thread] = {}

    def run(self) -> None:
        """Serve until idle."""
        idle_since = time.monotonic()
        while True:
            self._reap()
            release_dead_owners(self.services)
            claimed = self.services.executions.claim(self.owner, STALE_AFTER)
            for arn in claimed:
                self._start(arn)
            for request in self.services.job_requests.claim(self.owner, orphaned):
                self.threads[f"job:{request.name}"] = run_claimed(self.services, request)
                claimed.append(request.name)
            if self.threads or claimed:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > self.idle_exit:
                return
            time.sleep(self.poll)

    def _start(self, arn: str) -> None:
        thread = threading.Thread(
            target=self._drive, args=(arn,), name=f"exec-{arn[-12:]}", daemon=True
        )
        self.threads[arn] = thread
        thread.start()

    def _drive(self, arn: str) -> None:
        try:
            drive(self.services, arn)
        except Exception:
            _log.exception("driving %s failed", arn)

    def _reap(self) -> None:
        for arn in [a for a, t in self.threads.items() if not t.is_alive()]:
            del self.threads[arn]


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m dagmaker.api.worker``."""
    parser = argparse.ArgumentParser(prog="dagmaker-worker")
    parser.add_argument(
        "--idle-exit",
        type=float,
        default=float(os.environ.get("DAGMAKER_WORKER_IDLE_SECONDS", "120")),
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = Settings.from_env()
    lock = _try_lock(settings)
    if lock is None:
        return 0
    try:
        Worker(build_services(settings), idle_exit=args.idle_exit).run()
    finally:
        lock.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
