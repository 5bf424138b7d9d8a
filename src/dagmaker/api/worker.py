"""The background worker: one per ``DAGMAKER_HOME``, started on demand, detached.

It claims executions that nobody drives (new ones, and ones whose driver stopped
heart-beating: a crashed process) and drives each in a thread. It exits after a spell
with nothing to do, and a file lock keeps a second worker from running beside it.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading
import time

from dagmaker.api.driving import drive
from dagmaker.api.ownership import STALE_AFTER, owner_id, release_dead_owners
from dagmaker.api.services import Services, build_services
from dagmaker.api.worker_process import try_lock
from dagmaker.settings import Settings

_log = logging.getLogger("dagmaker.worker")


class Worker:
    """Claims executions nobody drives and drives each in a thread, until idle.

    Pipeline executions, jobs started on their own and everything else durable are all
    executions here: one claim, one heartbeat, one loop.
    """

    def __init__(self, services: Services, idle_exit: float, poll: float = 0.2) -> None:
        self.services = services
        self.idle_exit = idle_exit
        self.poll = poll
        self.owner = owner_id()
        self.handoff = threading.Event()
        self.threads: dict[str, threading.Thread] = {}

    def run(self) -> None:
        """Serve until idle for ``idle_exit`` seconds, or until :meth:`shut_down`."""
        idle_since = time.monotonic()
        while not self.handoff.is_set():
            self._reap()
            release_dead_owners(self.services)
            claimed = self.services.executions.claim(self.owner, STALE_AFTER)
            for arn in claimed:
                self._start(arn)
            if self.threads or claimed:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > self.idle_exit:
                return
            self.handoff.wait(self.poll)
        for thread in list(self.threads.values()):
            thread.join(5.0)

    def shut_down(self) -> None:
        """Stop claiming and let every execution go (another worker carries on)."""
        self.handoff.set()

    def _start(self, arn: str) -> None:
        thread = threading.Thread(
            target=drive, args=(self.services, arn, self.handoff), name=f"exec-{arn[-12:]}"
        )
        thread.daemon = True
        self.threads[arn] = thread
        thread.start()

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
    lock = try_lock(settings)
    if lock is None:
        return 0
    worker = Worker(build_services(settings), idle_exit=args.idle_exit)
    signal.signal(signal.SIGTERM, lambda *_: worker.shut_down())
    try:
        worker.run()
    finally:
        lock.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
