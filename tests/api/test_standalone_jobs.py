"""Jobs started outside pipelines outlive their caller and can be stopped from elsewhere."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from dagmaker.api import connect

STARTER = """
import sys
from dagmaker.processing import ProcessingOutput, ScriptProcessor
from dagmaker.session import Session

processor = ScriptProcessor(
    image_uri="683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
    command=["python3"], role="local", instance_type="ml.m5.large", instance_count=1,
    sagemaker_session=Session())
processor.run(code=sys.argv[1], outputs=[ProcessingOutput(
    output_name="o", source="/opt/ml/processing/o", destination="s3://jobs-bucket/out")],
    job_name=sys.argv[2], wait=False, logs=False)
print("started and leaving")
"""


def _wait_status(client: Any, name: str, wanted: set[str], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        status = client.describe_processing_job(ProcessingJobName=name)["ProcessingJobStatus"]
        if status in wanted or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


def _start(tmp_path: Path, code: str, name: str) -> None:
    script = tmp_path / f"{name}.py"
    script.write_text(code)
    done = subprocess.run(
        [sys.executable, "-c", STARTER, str(script), name],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "started and leaving" in done.stdout


def test_job_finishes_after_the_starting_script_exits(home: Path, tmp_path: Path) -> None:
    _start(
        tmp_path,
        "import os, time\ntime.sleep(1)\nos.makedirs('/opt/ml/processing/o', "
        "exist_ok=True)\nopen('/opt/ml/processing/o/r.txt', 'w').write('done')\n",
        "detached",
    )
    client = connect()
    assert _wait_status(client, "detached", {"Completed", "Failed"}) == "Completed"
    assert client.services.artifacts.read_bytes("s3://jobs-bucket/out/r.txt") == b"done"


def test_job_started_elsewhere_stops_from_here(home: Path, tmp_path: Path) -> None:
    _start(tmp_path, "import time\ntime.sleep(60)\n", "sleeper")
    client = connect()
    assert _wait_status(client, "sleeper", {"InProgress"}) == "InProgress"
    time.sleep(1.0)
    client.stop_processing_job(ProcessingJobName="sleeper")
    assert _wait_status(client, "sleeper", {"Stopped", "Failed", "Completed"}) == "Stopped"
    assert not client.services.artifacts.list("s3://jobs-bucket/out")
