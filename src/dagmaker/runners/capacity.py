"""Job slots: how many job processes this machine runs at once, across every dagmaker process.

Each host process of a job holds one slot, a file lock under ``DAGMAKER_HOME/slots`` (the
kernel releases it if the holder dies). When no slot is free the job fails to start
with ``SageMaker.CAPACITY_ERROR`` — the local form of "insufficient capacity" — so a
``SageMakerJobStepRetryPolicy`` can retry it later.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from dagmaker.errors import JobFailure
from dagmaker.records.statuses import FailureKind


def default_slots(configured: int = 0) -> int:
    """``configured`` when positive, else four per CPU."""
    return configured if configured > 0 else 4 * (os.cpu_count() or 1)


class SlotPool:
    """A fixed number of file-lock slots in a directory."""

    def __init__(self, directory: Path, size: int) -> None:
        self.directory = directory
        self.size = size

    def acquire(self, count: int, job_name: str) -> list[IO[str]]:
        """Take ``count`` slots at once, or none.

        Raises:
            JobFailure: kind CAPACITY_ERROR when fewer than ``count`` are free.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
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
            raise JobFailure(
                f"CapacityError: job {job_name} needs {count} instance slot(s) but this machine "
                f"runs at most {self.size} job processes at once and they are busy "
                "(set DAGMAKER_JOB_SLOTS to change the limit)",
                kind=FailureKind.CAPACITY_ERROR,
            )
        return held


def release(held: list[IO[str]]) -> None:
    """Give slots back."""
    for handle in held:
        handle.close()
