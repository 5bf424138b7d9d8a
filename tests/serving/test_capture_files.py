"""Capture spool files: per variant and hour, completed when old, published to the store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from dagmaker.serving import capture_spool
from dagmaker.serving.capture_writer import PARTIAL, CaptureWriter
from dagmaker.storage.artifacts.memory import InMemoryArtifactStore


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _files(root: Path, pattern: str) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(pattern))


def test_records_go_to_one_file_per_variant_and_hour(tmp_path: Path) -> None:
    clock = FakeClock()
    writer = CaptureWriter(tmp_path, roll_seconds=5, clock=clock)
    ten = datetime(2024, 5, 1, 10, 59, 58, 250000, tzinfo=UTC)
    writer.write("AllTraffic", ten, b'{"n":1}\n')
    writer.write("AllTraffic", ten, b'{"n":2}\n')
    writer.write("Shadow", ten, b'{"n":3}\n')
    # Records are on disk before anything is completed.
    partials = _files(tmp_path, f"*{PARTIAL}")
    assert [p.split("/")[:5] for p in partials] == [
        ["AllTraffic", "2024", "05", "01", "10"],
        ["Shadow", "2024", "05", "01", "10"],
    ]
    assert Path(tmp_path, partials[0]).read_bytes() == b'{"n":1}\n{"n":2}\n'
    assert Path(tmp_path, partials[0]).name.startswith("59-58-250-")
    # The next hour starts a new file and completes the old one.
    writer.write("AllTraffic", datetime(2024, 5, 1, 11, 0, 0, tzinfo=UTC), b'{"n":4}\n')
    done = _files(tmp_path, "*.jsonl")
    assert len(done) == 1 and done[0].startswith("AllTraffic/2024/05/01/10/")
    clock.now += 5
    assert writer.roll_due() == 2
    assert not _files(tmp_path, f"*{PARTIAL}")
    assert len(_files(tmp_path, "*.jsonl")) == 3


def test_publish_moves_completed_files_under_endpoint_and_variant(tmp_path: Path) -> None:
    spool = tmp_path / "capture"
    writer = CaptureWriter(spool / "g1-algo-1-r0", roll_seconds=60)
    when = datetime(2024, 5, 1, 10, 0, 1, tzinfo=UTC)
    writer.write("AllTraffic", when, b'{"n":1}\n')
    store = InMemoryArtifactStore()
    # Open files are not published...
    assert capture_spool.publish(store, spool, "s3://b/capture", "ep") == []
    writer.close()
    written = capture_spool.publish(store, spool, "s3://b/capture/", "ep")
    assert len(written) == 1
    assert written[0].startswith("s3://b/capture/ep/AllTraffic/2024/05/01/10/00-01-000-")
    assert written[0].endswith(".jsonl")
    assert store.read_bytes(written[0]) == b'{"n":1}\n'
    assert not _files(spool, "*.jsonl")


WRITER_SCRIPT = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from dagmaker.serving.capture_writer import CaptureWriter
writer = CaptureWriter(Path(sys.argv[1]), roll_seconds=3600)
n = 0
while True:
    writer.write("AllTraffic", datetime.now(UTC), ('{"n":%d}\\n' % n).encode())
    # The line printed after the write is the "response" the test counts as answered.
    print(n, flush=True)
    n += 1
"""


def test_sigkill_loses_no_answered_record(tmp_path: Path) -> None:
    spool = tmp_path / "proc"
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER_SCRIPT, str(spool)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    answered = []
    deadline = time.monotonic() + 30
    while len(answered) < 500 and time.monotonic() < deadline:
        answered.append(int(process.stdout.readline()))
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    assert capture_spool.complete_partials(spool) == 1
    records = [
        json.loads(line)["n"]
        for path in spool.rglob("*.jsonl")
        for line in path.read_text().splitlines()
    ]
    assert set(answered) <= set(records)
    assert records == sorted(records) == list(range(len(records)))
