"""Durability: kill -9 the engine while an AutoML step trains candidates; the resumed
engine keeps the finished candidates, re-attaches to the running ones and trains no
candidate twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dagmaker.api import connect
from dagmaker.errors import NotFound
from dagmaker.runners.workspace import log_dir
from tests.e2e.defs import pipeline

pytestmark = pytest.mark.slow


def _wait_for(predicate: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _step() -> dict[str, object]:
    return {
        "Name": "Search",
        "Type": "AutoML",
        "Arguments": {
            "InputDataConfig": [
                {
                    "DataSource": {
                        "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/rows/"}
                    },
                    "TargetAttributeName": "y",
                }
            ],
            "OutputDataConfig": {"S3OutputPath": "s3://b/out"},
            "AutoMLJobConfig": {"Mode": "ENSEMBLING", "CompletionCriteria": {"MaxCandidates": 3}},
            "RoleArn": "arn:aws:iam::111122223333:role/SageMakerRole",
        },
    }


def test_kill_minus_nine_mid_search_then_resume(home: Path, tmp_path: Path) -> None:
    client = connect()
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 3))
    frame = pd.DataFrame(x, columns=["a", "b", "c"]).round(4)
    frame["y"] = np.where(x[:, 0] + rng.normal(0, 0.5, 300) > 0, "up", "down")
    client.services.artifacts.write_bytes(
        "s3://b/rows/data.csv", frame.to_csv(index=False).encode()
    )
    path = tmp_path / "p.json"
    path.write_text(json.dumps(pipeline(_step())))
    engine = subprocess.Popen(
        [sys.executable, "-m", "dagmaker", "run", str(path), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def one_done_one_running() -> bool:
        try:
            (record,) = client.services.jobs.list("AutoML")
        except (NotFound, ValueError):
            return False
        candidates = record.describe["DagmakerState"]["candidates"]
        running = [c["name"] for c in candidates if c["status"] == "InProgress"]
        if not running or all(c["status"] == "InProgress" for c in candidates):
            return False
        # Each running candidate's training program has started (its job was launched).
        return all(_has_log(name) for name in running)

    def _has_log(name: str) -> bool:
        log = log_dir(client.services.settings.jobs_root, name) / "stdout.log"
        return log.is_file() and log.stat().st_size > 0

    _wait_for(one_done_one_running)
    os.kill(engine.pid, signal.SIGKILL)
    engine.wait()
    arn = client.services.executions.active()[0].arn

    resumed = subprocess.run(
        [sys.executable, "-m", "dagmaker", "resume", "--wait"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert described["PipelineExecutionStatus"] == "Succeeded", described.get("FailureReason")
    (record,) = client.services.jobs.list("AutoML")
    candidates = client.list_candidates_for_auto_ml_job(AutoMLJobName=record.name)["Candidates"]
    names = sorted(c["CandidateName"] for c in candidates)
    assert len(names) == 4 and all(c["CandidateStatus"] == "Completed" for c in candidates)
    trained = sorted(r.name for r in client.services.jobs.list("Training"))
    assert trained == names, "each candidate was trained exactly once"
    log = json.dumps(client.get_job_log(JobName=record.name))
    assert "Resumed after an engine restart" in log and "re-attached" in log
