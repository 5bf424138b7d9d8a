"""The background worker: who it takes over from, and when it may leave."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect, worker
from dagmaker.records.records import ExecutionRecord

DEFINITION: dict[str, Any] = {
    "Version": "2020-12-01",
    "Parameters": [],
    "Steps": [
        {
            "Name": "Check",
            "Type": "Condition",
            "Arguments": {
                "Conditions": [{"Type": "Equals", "LeftValue": 1, "RightValue": 1}],
                "IfSteps": [],
                "ElseSteps": [],
            },
        }
    ],
}


def _execution(client: Any, name: str, owner: str) -> str:
    arn = f"arn:aws:sagemaker:local:000000000000:pipeline/p/execution/{name}"
    client.services.executions.create(
        ExecutionRecord(
            arn=arn,
            execution_id=name,
            pipeline_name="p",
            pipeline_arn="arn:aws:sagemaker:local:000000000000:pipeline/p",
            definition=DEFINITION,
            parameters={},
            created_at=datetime.now(UTC),
            owner=owner,
        )
    )
    return arn


def _wait_for(predicate: Any, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_worker_stays_while_another_process_drives_and_takes_over_at_its_death(
    home: Path,
) -> None:
    client = connect()
    with subprocess.Popen(["sleep", "60"]) as driver:
        arn = _execution(client, "e1", f"{socket.gethostname()}:{driver.pid}")
        serving = worker.Worker(client.services, idle_exit=0.3, poll=0.05)
        thread = threading.Thread(target=serving.run, daemon=True)
        thread.start()
        try:
            time.sleep(1.5)
            assert thread.is_alive(), "the worker left while another process drove an execution"
            assert client.services.executions.status(arn).value == "Executing"
        finally:
            driver.kill()
    _wait_for(lambda: client.services.executions.status(arn).value == "Succeeded")
    thread.join(10)
    assert not thread.is_alive(), "the worker stays idle for ever"


def test_work_that_arrives_as_the_worker_leaves_is_taken_on(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = connect()
    leaving = worker.Worker.run
    arns: list[str] = []

    def run_then_work_arrives(self: worker.Worker) -> None:
        leaving(self)
        if not arns:
            # A client starts work now and, finding the lock still held, starts no worker.
            assert worker.try_lock(client.services.settings) is None
            arns.append(_execution(client, "late", ""))

    monkeypatch.setattr(worker.Worker, "run", run_then_work_arrives)
    monkeypatch.setattr(worker.signal, "signal", lambda *_: None)

    assert worker.main(["--idle-exit", "0.2"]) == 0

    assert client.services.executions.status(arns[0]).value == "Succeeded"
