"""`make demo-monitor` finds the drift it injects, and cleans up after itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dagmaker.api import connect
from tests.e2e.endpoint_support import wait_gone

DEMO = Path(__file__).resolve().parents[2] / "examples" / "monitoring" / "run_demo.py"
pytestmark = pytest.mark.slow


def test_the_monitoring_demo_finds_the_heavier_shells(home: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(DEMO)], cwd=tmp_path, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Run finished: CompletedWithViolations" in done.stdout
    assert "shell_weight     baseline_drift_check" in done.stdout
    assert "I'm a processing record:" in done.stdout
    assert "Hello from post-proc script!" in done.stdout
    client = connect()
    assert client.list_monitoring_schedules()["MonitoringScheduleSummaries"] == []
    wait_gone(client, "abalone-monitored")
