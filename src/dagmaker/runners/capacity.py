"""Job slots: how many job processes this machine runs at once, across every dagmaker process.

Each host process of a job holds one slot, a file lock under ``DAGMAKER_HOME/slots`` (the
kernel releases it if the holder dies). A job that finds too few free slots waits its
turn in a queue shared by every process of the home: first come, first served, whichever
execution the job belongs to, so that a busy machine delays work instead of failing it.
A job that needs more slots than the machine has at all fails at once.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from dagmaker.engine.ports import StepStopped
from dagmaker.errors import JobFailure

POLL_SECONDS = 0.05


def default_slots(configured: int = 0) -> int:
    """``configured`` when positive, else four per CPU."""
    return configured if configured > 0 else 4 * (os.cpu_count() or 1)


class SlotPool:
    """A fixed number of file-lock slots in a directory, handed out in arrival order."""

    def __init__(self, directory: Path, size: int) -> None:
        self.directory = directory
        self.size = size

    def require(self, count: int, job_name: str) -> None:
        """Check that a job of ``count`` hosts can ever run here, before anything is made.

        Raises:
            JobFailure: when the job needs more slots than the machine has.
        """
        if count > self.size:
            raise JobFailure(
                f"CapacityError: job {job_name} needs {count} instance slot(s) but this machine "
                f"runs at most {self.size} job processes at once "
                "(set DAGMAKER_JOB_SLOTS to raise the limit, or lower InstanceCount)"
            )

    def acquire(
        self,
        count: int,
        job_name: str,
        cancel: threading.Event | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> list[IO[str]]:
        """Take ``count`` slots at once, waiting for them in line.

        ``on_wait`` is told once, with a sentence saying what the job waits for.

        Raises:
            JobFailure: when the job needs more slots than the machine has.
            StepStopped: when ``cancel`` is set while waiting.
        """
        self.require(count, job_name)
        queue = self.directory / "queue"
        queue.mkdir(parents=True, exist_ok=True)
        ticket = _Ticket(queue, job_name)
        try:
            return self._wait_in_line(ticket, count, job_name, cancel, on_wait)
        finally:
            ticket.drop()

    def _wait_in_line(
        self,
        ticket: _Ticket,
        count: int,
        job_name: str,
        cancel: threading.Event | None,
        on_wait: Callable[[str], None] | None,
    ) -> list[IO[str]]:
        told = False
        while True:
            if ticket.first_in_line():
                held = self._take(count)
                if held:
                    return held
            if not told and on_wait is not None:
                on_wait(
                    f"waiting for {count} free job slot(s): this machine runs at most "
                    f"{self.size} job processes at once and they are busy"
                )
                told = True
            if cancel is not None:
                if cancel.wait(POLL_SECONDS):
                    raise StepStopped(f"job {job_name} was stopped while waiting for a slot")
            else:
                time.sleep(POLL_SECONDS)

    def _take(self, count: int) -> list[IO[str]]:
        held: list[IO[str]] = []
        for index in range(self.size):
            if len(held) == count:
                break
            handle = (self.directory / f"slot-{index}.lock").open("a+")
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            held.append(handle)
        if len(held) < count:
            release(held)
            return []
        return held


class _Ticket:
    """A place in line: a file named by arrival time, locked while its waiter lives."""

    def __init__(self, queue: Path, job_name: str) -> None:
        self.queue = queue
        name = f"{time.time_ns():020d}-{os.getpid()}-{threading.get_ident()}"
        self.path = queue / name
        # Locked before it is visible, so no other waiter can take it for abandoned.
        hidden = queue / f".{name}"
        self.handle = hidden.open("a+")
        fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX)
        self.handle.write(job_name)
        self.handle.flush()
        hidden.rename(self.path)

    def first_in_line(self) -> bool:
        """Whether every ticket before this one is gone (a dead waiter's is removed)."""
        for other in sorted(self.queue.iterdir()):
            if other.name.startswith("."):
                continue
            if other.name >= self.path.name:
                return True
            if _abandoned(other):
                other.unlink(missing_ok=True)
                continue
            return False
        return True

    def drop(self) -> None:
        """Leave the line."""
        self.path.unlink(missing_ok=True)
        self.handle.close()


def _abandoned(path: Path) -> bool:
    try:
        handle = path.open("a+")
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        handle.close()
    return True


def release(held: list[IO[str]]) -> None:
    """Give slots back."""
    for handle in held:
        handle.close()
