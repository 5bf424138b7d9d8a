"""Durability: kill -9 the engine while a tuning step runs; the resumed engine keeps the
finished trials, re-attaches to the running one and runs the rest, re-running none."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from dagmaker.api import connect
from tests.e2e.defs import pipeline
from tests.runners.tuning.requests import X_RANGE, tuning_request, upload_script

SLOW_TRAIN = """
import json, os, time
hps = json.loads(os.environ["SM_HPS"])
with open(hps["marker"], "a") as handle:
    handle.write(os.environ["TRAINING_JOB_NAME"] + "\\n")
time.sleep(float(hps["delay"]))
print(f"validation-loss: {abs(float(hps['x']) - 0.3):.6f}", flush=True)
"""


def _wait_for(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_kill_minus_nine_mid_tuning_then_resume(home: Path, tmp_path: Path) -> None:
    client = connect()
    upload_script(client, SLOW_TRAIN)
    marker = tmp_path / "trials.txt"
    static = {"marker": json.dumps(str(marker)), "delay": "1.5"}
    step = {
        "Name": "Tune",
        "Type": "Tuning",
        "Arguments": tuning_request(X_RANGE, jobs=3, parallel=1, static=static),
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(pipeline(step)))
    engine = subprocess.Popen(
        [sys.executable, "-m", "dagmaker", "run", str(path), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def second_trial_running() -> bool:
        return marker.exists() and len(marker.read_text().split()) == 2

    _wait_for(second_trial_running)
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
    assert described["PipelineExecutionStatus"] == "Succeeded", described.get("FailureReason")
    started = marker.read_text().split()
    assert len(started) == 3 and len(set(started)) == 3, "each trial ran exactly once"
    (record,) = client.services.jobs.list("HyperParameterTuning")
    summaries = record.describe["TrainingJobSummaries"]
    assert sorted(s["TrainingJobName"] for s in summaries) == sorted(started)
    assert all(s["TrainingJobStatus"] == "Completed" for s in summaries)
    log = client.get_job_log(JobName=record.name)
    text = json.dumps(log)
    assert "re-attached" in text and "Resumed after an engine restart" in text
