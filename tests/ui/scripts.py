"""Pipelines the browser tests create on the server, written with dagmaker's SDK."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dagmaker.api import ENDPOINT_VARIABLE, connect_runtime
from dagmaker.processing import ProcessingInput, ScriptProcessor
from dagmaker.quality.dq_analysis import DatasetFormat, open_dataset, run_baseline
from dagmaker.session import Session
from dagmaker.settings import Settings
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep

ROLE = "arn:aws:iam::000000000000:role/dagmaker-ui-tests"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
FLAG_BUCKET = "ui-tests"
FLAG_KEY = "flag/flag.txt"
FLAGGED_SCRIPT = """\
import pathlib
import sys

flag = pathlib.Path("/opt/ml/processing/flag/flag.txt").read_text().strip()
print(f"the flag says {flag}", flush=True)
if flag != "ok":
    raise ValueError(f"the flag is {flag!r}, not 'ok'")
print("all good")
"""
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "abalone"


@contextmanager
def sdk_talks_to(url: str) -> Iterator[None]:
    """Send the SDK's default sessions to the server while building a pipeline."""
    before = os.environ.get(ENDPOINT_VARIABLE)
    os.environ[ENDPOINT_VARIABLE] = url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENDPOINT_VARIABLE, None)
        else:
            os.environ[ENDPOINT_VARIABLE] = before


def abalone(url: str, scratch: Path) -> None:
    """Upload a generated abalone data set and create the demo pipeline on the server."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        from make_data import generate  # type: ignore[import-not-found]
        from pipeline import get_pipeline  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(EXAMPLES))
    data = generate(scratch / "abalone-dataset.csv", rows=1200)
    uri = Session(endpoint_url=url).upload_data(str(data), key_prefix="abalone/data")
    with sdk_talks_to(url):
        get_pipeline(uri).upsert(role_arn=ROLE)


SLEEPER_SCRIPT = """\
import time

for second in range(600):
    print(f"still working ({second} s)", flush=True)
    time.sleep(1)
"""


def sleeper(url: str, scratch: Path) -> None:
    """A one-step pipeline whose job works for ten minutes unless stopped."""
    script = scratch / "sleeper.py"
    script.write_text(SLEEPER_SCRIPT)
    session = PipelineSession(endpoint_url=url)
    step = ProcessingStep(
        name="Work",
        step_args=_processor(session).run(code=str(script)),
    )
    Pipeline(name="Sleeper", steps=[step], sagemaker_session=session).upsert(role_arn=ROLE)


def _processor(session: PipelineSession) -> ScriptProcessor:
    return ScriptProcessor(
        image_uri=IMAGE,
        command=["python3"],
        role=ROLE,
        instance_type="ml.m5.large",
        instance_count=1,
        sagemaker_session=session,
    )


def abalone_baseline(scratch: Path) -> str:
    """statistics.json of a generated abalone table, by dagmaker's data-quality analysis."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        from make_data import COLUMNS, generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(EXAMPLES))
    rows = generate(scratch / "rows.csv", rows=600).read_text()
    table = scratch / "abalone.csv"
    table.write_text(",".join(COLUMNS) + "\n" + rows)
    dataset = open_dataset(table, DatasetFormat("csv", header=True))
    return run_baseline(dataset).files()["statistics.json"]


def runtime_of(home: Path) -> Any:
    """A local ``sagemaker-runtime`` client over the server's home (invoke_endpoint)."""
    return connect_runtime(settings=Settings.from_env({"DAGMAKER_HOME": str(home)}))


def ensure_bucket(s3: Any, name: str) -> None:
    """Create the bucket on the server unless it exists (S3 needs a bucket before a put)."""
    if name not in {b["Name"] for b in s3.list_buckets()["Buckets"]}:
        s3.create_bucket(Bucket=name)


def flagged(url: str, scratch: Path, s3: Any, flag: str) -> None:
    """A one-step pipeline whose job fails unless the flag object says ``ok``."""
    ensure_bucket(s3, FLAG_BUCKET)
    s3.put_object(Bucket=FLAG_BUCKET, Key=FLAG_KEY, Body=flag.encode())
    script = scratch / "flagged.py"
    script.write_text(FLAGGED_SCRIPT)
    session = PipelineSession(endpoint_url=url)
    step = ProcessingStep(
        name="CheckFlag",
        step_args=_processor(session).run(
            code=str(script),
            inputs=[
                ProcessingInput(
                    source=f"s3://{FLAG_BUCKET}/{FLAG_KEY}",
                    destination="/opt/ml/processing/flag",
                )
            ],
        ),
    )
    Pipeline(name="Flagged", steps=[step], sagemaker_session=session).upsert(role_arn=ROLE)
