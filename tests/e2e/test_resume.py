"""Durability: kill -9 the engine mid-execution, resume, and re-run nothing that succeeded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dagmaker.api import connect
from tests.e2e.defs import BUCKET, out, pipeline, processing, upload_code

COUNTING = """
import os, sys, time
marker = sys.argv[1]
with open(marker, "a") as handle:
    handle.write(os.environ.get("STEP", "?") + "\\n")
time.sleep(float(sys.argv[2]))
os.makedirs("/opt/ml/processing/output/result", exist_ok=True)
open("/opt/ml/processing/output/result/done.txt", "w").write(os.environ.get("STEP", "?"))
"""


def _wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_kill_minus_nine_then_resume_reruns_no_succeeded_step(home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "runs.txt"
    code = upload_code("count.py", COUNTING)

    def step(name: str, sleep: float, **extra) -> dict:
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
    path = tmp_path / "p.json"
    path.write_text(json.dumps(definition))
    engine = subprocess.Popen(
        [sys.executable, "-m", "dagmaker", "run", str(path), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = connect()

    def slow_launched() -> bool:
        executions = client.services.executions.active()
        if not executions:
            return False
        events = client.services.event_log.load(executions[0].arn)
        return any(e.kind == "JobLaunched" and e.step == "Slow" for e in events)

    _wait_for(slow_launched)
    os.kill(engine.pid, signal.SIGKILL)
    engine.wait()
    arn = client.services.executions.active()[0].arn

    resumed = subprocess.run(
        [sys.executable, "-m", "dagmaker", "resume", "--wait"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stderr
    described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert described["PipelineExecutionStatus"] == "Succeeded"
    assert marker.read_text().split() == ["Fast", "Slow", "After"], "each step ran exactly once"
    jobs = client.services.jobs.list("Processing")
    assert sorted(j.step_name for j in jobs) == ["After", "Fast", "Slow"]
    assert client.services.artifacts.read_bytes(f"s3://{BUCKET}/out/Slow/done.txt") == b"Slow"
    events = client.services.event_log.load(arn)
    restarts = [e for e in events if e.kind == "ExecutionStarted"]
    assert len(restarts) == 2 and restarts[1].resumed
    assert "Slow" in restarts[1].note
    steps = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    slow = next(s for s in steps["PipelineExecutionSteps"] if s["StepName"] == "Slow")
    assert slow["Metadata"]["Resumed"].startswith("re-attached")


def test_uses_output_of_earlier_step(home: Path, tmp_path: Path) -> None:
    writer = upload_code(
        "w.py",
        "import os\nos.makedirs('/opt/ml/processing/output/o', "
        "exist_ok=True)\nopen('/opt/ml/processing/output/o/x.txt','w')"
        ".write('hello')\n",
    )
    reader = upload_code(
        "r.py",
        "import sys\nassert open('/opt/ml/processing/input/data/x.txt')"
        ".read() == 'hello'\nprint('read ok')\n",
    )
    definition = pipeline(
        processing("W", writer, outputs={"o": f"s3://{BUCKET}/w"}),
        processing("R", reader, inputs={"data": out("W", "o")}),
    )
    client = connect(inline=True)
    client.create_pipeline(PipelineName="wr", PipelineDefinition=json.dumps(definition))
    arn = client.start_pipeline_execution(PipelineName="wr")["PipelineExecutionArn"]
    assert (
        client.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
        == "Succeeded"
    )
