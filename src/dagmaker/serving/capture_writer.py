"""Capture files written by a serving process, in a spool directory on its own disk.

Each record is appended with one ``write(2)`` on a file opened ``O_APPEND`` before the
response is sent, so a record that was answered is in the file even if the process is
killed a moment later (the kernel keeps it; ``fsync`` additionally survives a power
loss, at a cost per request). A file is open for one variant and one UTC hour:

    <spool>/<variant>/<yyyy>/<mm>/<dd>/<hh>/<MM-SS-mmm>-<uuid>.jsonl.partial

and is closed and renamed to drop ``.partial`` when it is ``roll_seconds`` old, when the
hour changes, or when the process ends. Only complete files are published (see
`capture_spool`); the supervisor completes the files of a process that died.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

PARTIAL = ".partial"
SUFFIX = ".jsonl"


@dataclass
class _OpenFile:
    fd: int
    path: Path
    hour: str
    opened: float


def file_name(when: datetime) -> str:
    """``MM-SS-mmm-<uuid>.jsonl``: the minute, second and millisecond of the first record."""
    return f"{when:%M-%S}-{when.microsecond // 1000:03d}-{uuid.uuid4()}{SUFFIX}"


class CaptureWriter:
    """Appends capture records to per-variant, per-hour spool files.

    Args:
        spool: This process's spool directory.
        roll_seconds: How long a file stays open before it is completed.
        fsync: Flush every record to the disk before answering.
        clock: Monotonic seconds (injected by tests).
    """

    def __init__(
        self,
        spool: Path,
        roll_seconds: float = 5.0,
        *,
        fsync: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spool = spool
        self.roll_seconds = roll_seconds
        self.fsync = fsync
        self._clock = clock
        self._files: dict[str, _OpenFile] = {}
        self._lock = threading.Lock()
        self._closed = False

    def write(self, variant: str, when: datetime, data: bytes) -> None:
        """Append one record (one line) for ``variant``, received at ``when`` (UTC)."""
        hour = f"{when:%Y/%m/%d/%H}"
        with self._lock:
            current = self._files.get(variant)
            if current is not None and (current.hour != hour or self._expired(current)):
                self._complete(variant)
                current = None
            if current is None:
                current = self._open(variant, when, hour)
            _write_all(current.fd, data)
            if self.fsync:
                os.fsync(current.fd)

    def roll_due(self) -> int:
        """Complete the files that have been open for ``roll_seconds``; returns how many."""
        with self._lock:
            due = [v for v, f in self._files.items() if self._expired(f)]
            for variant in due:
                self._complete(variant)
        return len(due)

    def close(self) -> None:
        """Complete every open file; later writes open new ones."""
        with self._lock:
            for variant in list(self._files):
                self._complete(variant)

    def start_rolling(self, interval: float = 0.5) -> threading.Thread:
        """Complete due files from a background thread every ``interval`` seconds."""

        def loop() -> None:
            while not self._closed:
                time.sleep(interval)
                self.roll_due()

        thread = threading.Thread(target=loop, name="capture-roll", daemon=True)
        thread.start()
        return thread

    def stop_rolling(self) -> None:
        """End the background thread (after its current pause) and complete every file."""
        self._closed = True
        self.close()

    def _expired(self, handle: _OpenFile) -> bool:
        return self._clock() - handle.opened >= self.roll_seconds

    def _open(self, variant: str, when: datetime, hour: str) -> _OpenFile:
        directory = self.spool / variant / hour
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / file_name(when)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC
        fd = os.open(path.with_name(path.name + PARTIAL), flags, 0o644)
        handle = _OpenFile(fd, path, hour, self._clock())
        self._files[variant] = handle
        return handle

    def _complete(self, variant: str) -> None:
        handle = self._files.pop(variant)
        os.close(handle.fd)
        handle.path.with_name(handle.path.name + PARTIAL).replace(handle.path)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
