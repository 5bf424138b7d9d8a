"""Kill -9 a `dagmaker server` that drives an execution whose state is in PostgreSQL.

A second server over the same database and home takes the execution over: the running job
is re-attached, nothing that succeeded runs again, and the execution ends Succeeded.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from tests.backends.fixtures import postgres_url
from tests.e2e.defs import BUCKET, pipeline, processing, upload_code
from tests.server.conftest import RunningServer, _stop, boto_client, start_server

COUNTING = """
import os, sys, time
with open(sys.argv[1], "a") as handle:
    handle.write(os.environ["STEP"] + "\\n")
time.sleep(float(sys.argv[2]))
os.makedirs("/opt/ml/processing/output/result", exist_ok=True)
open("/opt/ml/processing/output/result/done.txt", "w").write(os.environ["STEP"])
"""


def _wait_for(predicate: Callable[[], Any], timeout: float = 120.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_killed_server_loses_nothing_its_successor_finishes(
    home: Path, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGMAKER_DATABASE_URL", postgres_url(request))
    marker = tmp_path / "runs.txt"
    code = upload_code("count.py", COUNTING)

    def step(name: str, sleep: float, **extra: Any) -> dict[str, Any]:
        return processing(
            name,
            code,
            env={"STEP": name},
            arguments=[str(marker), str(sleep)],
            outputs={"result": f"s3://{BUCKET}/out/{name}"},
            **extra,
        )

    definition = pipeline(
        step("Fast", 0.0),
        step("Slow", 4.0, DependsOn=["Fast"]),
        step("After", 0.0, DependsOn=["Slow"]),
    )
    first = start_server(home)
    second: RunningServer | None = None
    local = connect()
    try:
        sagemaker: Any = boto_client(first, "sagemaker")
        sagemaker.create_pipeline(
            PipelineName="p",
            PipelineDefinition=json.dumps(definition),
            RoleArn="arn:aws:iam::000000000000:role/test",
        )
        arn = sagemaker.start_pipeline_execution(PipelineName="p")["PipelineExecutionArn"]

        def slow_launched() -> bool:
            events = local.services.event_log.load(arn)
            return any(e.kind == "JobLaunched" and e.step == "Slow" for e in events)

        _wait_for(slow_launched)
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait()
        if first.process.stdout is not None:
            first.process.stdout.close()

        second = start_server(home)

        def ended() -> str | None:
            status = local.describe_pipeline_execution(PipelineExecutionArn=arn)
            found = str(status["PipelineExecutionStatus"])
            return None if found in ("Executing", "Stopping") else found

        assert _wait_for(ended) == "Succeeded"
        assert marker.read_text().split() == ["Fast", "Slow", "After"], "each step ran once"
        assert local.services.artifacts.read_bytes(f"s3://{BUCKET}/out/Slow/done.txt") == b"Slow"
        steps = local.list_pipeline_execution_steps(PipelineExecutionArn=arn)
        slow = next(s for s in steps["PipelineExecutionSteps"] if s["StepName"] == "Slow")
        assert slow["Metadata"]["Resumed"].startswith("re-attached")
    finally:
        if first.process.poll() is None:
            _stop(first)
        if second is not None:
            _stop(second)
        local.services.db.dispose()
