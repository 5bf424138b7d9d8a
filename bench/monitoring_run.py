"""A monitoring run over 100,000 captured records with the seed's pre-processing script.

What a data-quality schedule's run does — read an hour of captured JSON Lines records,
call the seed's ``preprocess_handler`` on each (output then input, ``str(i).zfill(20)``
keys), profile the rows and check them against a baseline — measured against **the
statistics alone**: the same analyzer checking the same rows given as a CSV file, with
no capture to parse and no script to call. Both are measured twice: as the analyzer's
own process (the analysis), and as the processing job a run starts (inputs staged, the
job's sandbox, results uploaded). Target: the run costs at most 3× the statistics alone.

Run alone with ``bench/.venv/bin/python bench/monitoring_run.py`` (it updates its section
of docs/benchmarks.md), or through ``run_all.py``.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "benchmarks.md"
RECORDS = int(os.environ.get("BENCH_MONITOR_RECORDS", "100000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
SECTION = "## Monitoring run"
ANALYZER = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
HOUR = datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
PREPROCESSOR = """\
def preprocess_handler(inference_record):
    input_data = inference_record.endpoint_input.data
    output_data = inference_record.endpoint_output.data.rstrip("\\n")
    data = output_data + "," + input_data
    return { str(i).zfill(20) : d for i, d in enumerate(data.split(",")) }
"""


def write_data(folder: Path, count: int) -> None:
    """``capture/…/11/records.jsonl``, the same rows as ``rows.csv``, and the script."""
    rng = random.Random(7)
    capture = folder / "capture" / "ep" / "AllTraffic" / f"{HOUR:%Y/%m/%d/%H}"
    capture.mkdir(parents=True)
    names = [str(i).zfill(20) for i in range(11)]
    with (capture / "records.jsonl").open("w") as records, (folder / "rows.csv").open("w") as rows:
        rows.write(",".join(names) + "\n")
        for i in range(count):
            features = [f"{rng.gauss(5, 1):.4f}" for _ in range(6)]
            features += [str(rng.randint(0, 50)) for _ in range(4)]
            score = f"{rng.random():.5f}"
            rows.write(",".join([score, *features]) + "\n")
            at = HOUR + timedelta(seconds=i * 3500 / count)
            records.write(json.dumps(_record(i, features, score, at)) + "\n")
    (folder / "preprocessor.py").write_text(PREPROCESSOR)


def _record(i: int, features: list[str], score: str, at: datetime) -> dict:
    return {
        "captureData": {
            "endpointInput": {
                "observedContentType": "text/csv",
                "mode": "INPUT",
                "data": ",".join(features),
                "encoding": "CSV",
            },
            "endpointOutput": {
                "observedContentType": "text/csv; charset=utf-8",
                "mode": "OUTPUT",
                "data": score + "\n",
                "encoding": "CSV",
            },
        },
        "eventMetadata": {
            "eventId": f"event-{i}",
            "inferenceTime": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
        "eventVersion": "0",
    }


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and its children) of one command."""
    start = time.perf_counter()
    before = os.times()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return time.perf_counter() - start, cpu


def medians(argv: list[str], env: dict[str, str]) -> dict:
    """Median wall and CPU seconds over ``REPEATS`` runs."""
    samples = [run(argv, env) for _ in range(REPEATS)]
    return {
        "wall": statistics.median(s[0] for s in samples),
        "cpu": statistics.median(s[1] for s in samples),
        "samples": [round(s[0], 3) for s in samples],
    }


def analyzer_env(folder: Path, capture: bool) -> dict[str, str]:
    """The analyzer's container environment for the capture run or the CSV check."""
    env = dict(
        os.environ,
        DAGMAKER_OPT_ML=str(folder / ("ml-capture" if capture else "ml-csv")),
        output_path=str(folder / ("out-capture" if capture else "out-csv")),
        baseline_constraints=str(folder / "baseline" / "constraints.json"),
        baseline_statistics=str(folder / "baseline" / "statistics.json"),
        publish_cloudwatch_metrics="Enabled",
    )
    if capture:
        capture_format = {
            "sagemakerCaptureJson": {"captureIndexNames": ["endpointInput", "endpointOutput"]}
        }
        env.update(
            dataset_format=json.dumps(capture_format),
            dataset_source=str(folder / "capture"),
            record_preprocessor_script=str(folder / "preprocessor.py"),
            start_time=f"{HOUR:%Y-%m-%dT%H:%M:%SZ}",
            end_time=f"{HOUR + timedelta(hours=1):%Y-%m-%dT%H:%M:%SZ}",
        )
    else:
        env.update(
            dataset_format=json.dumps({"csv": {"header": True}}),
            dataset_source=str(folder / "rows.csv"),
        )
    return env


JOB = """
import json, sys, time
from dagmaker.api import connect
client = connect(inline=True)
request = json.loads(sys.argv[1])
request["ProcessingJobName"] = f"{request['ProcessingJobName']}-{time.time_ns()}"
client.create_processing_job(**request)
status = client.describe_processing_job(ProcessingJobName=request["ProcessingJobName"])
assert status["ProcessingJobStatus"] == "Completed", status.get("FailureReason")
"""


def job_request(folder: Path, capture: bool) -> dict:
    """The processing job a run starts (capture) or the same check of the CSV."""
    env = analyzer_env(folder, capture)
    keys = ("dataset_format", "start_time", "end_time", "publish_cloudwatch_metrics")
    environment = {k: env[k] for k in keys if k in env}
    inputs = [("baseline", "s3://bench/baseline/constraints.json", "/opt/ml/processing/baseline")]
    if capture:
        inputs += [
            ("endpoint", "s3://bench/capture/", "/opt/ml/processing/input/endpoint"),
            ("script", "s3://bench/preprocessor.py", "/opt/ml/processing/code"),
        ]
        environment.update(
            dataset_source="/opt/ml/processing/input/endpoint",
            record_preprocessor_script="/opt/ml/processing/code/preprocessor.py",
        )
    else:
        inputs.append(("dataset", "s3://bench/rows.csv", "/opt/ml/processing/input/data"))
        environment["dataset_source"] = "/opt/ml/processing/input/data"
    environment.update(
        baseline_constraints="/opt/ml/processing/baseline/constraints.json",
        output_path="/opt/ml/processing/output",
    )
    return {
        "ProcessingJobName": "monitoring-run" if capture else "statistics-alone",
        "RoleArn": "arn:aws:iam::000000000000:role/bench",
        "AppSpecification": {"ImageUri": ANALYZER},
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.xlarge",
                "VolumeSizeInGB": 20,
            }
        },
        "ProcessingInputs": [
            {"InputName": n, "S3Input": {"S3Uri": u, "LocalPath": p, "S3DataType": "S3Prefix"}}
            for n, u, p in inputs
        ],
        "ProcessingOutputConfig": {
            "Outputs": [
                {
                    "OutputName": "out",
                    "S3Output": {
                        "S3Uri": "s3://bench/results",
                        "LocalPath": "/opt/ml/processing/output",
                        "S3UploadMode": "EndOfJob",
                    },
                }
            ]
        },
        "Environment": environment,
    }


def measure() -> dict:
    """The analysis and the job, for the captured records and for the CSV."""
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_data(folder, RECORDS)
        dagmaker = str(Path(python).parent / "dagmaker")
        subprocess.run(
            [
                dagmaker,
                "quality",
                "baseline",
                str(folder / "rows.csv"),
                "-o",
                str(folder / "baseline"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        analyzer = [python, "-m", "dagmaker.runners.builtin.model_monitor.analyzer"]
        results: dict = {"records": RECORDS, "load_before": os.getloadavg()[0]}
        results["analysis_capture"] = medians(analyzer, analyzer_env(folder, True))
        results["analysis_csv"] = medians(analyzer, analyzer_env(folder, False))
        home = folder / "home"
        env = dict(os.environ, DAGMAKER_HOME=str(home), DAGMAKER_WORKER_IDLE_SECONDS="3")
        store = home / "s3" / "bench"
        store.mkdir(parents=True)
        for name in ("rows.csv", "preprocessor.py"):
            (store / name).write_bytes((folder / name).read_bytes())
        (store / "baseline").mkdir()
        (store / "baseline" / "constraints.json").write_bytes(
            (folder / "baseline" / "constraints.json").read_bytes()
        )
        (folder / "capture").rename(store / "capture")
        for capture, key in ((True, "job_capture"), (False, "job_csv")):
            request = json.dumps(job_request(folder, capture))
            results[key] = medians([python, "-c", JOB, request], env)
        results["load_after"] = os.getloadavg()[0]
    return results


def render(results: dict) -> list[str]:
    """The Markdown section."""
    rows = [
        ("the analysis (one process)", results["analysis_capture"], results["analysis_csv"]),
        ("the processing job", results["job_capture"], results["job_csv"]),
    ]
    lines = [
        SECTION,
        "",
        f"A data-quality monitoring run over {results['records']:,} captured records (one "
        "hour, JSON Lines) with the seed's pre-processing script, against the statistics "
        "alone: the same analyzer checking the same rows from a CSV file. Medians of "
        f"{REPEATS} runs; CPU is user + system of the process and its children. Load "
        f"average {results['load_before']:.1f} before, {results['load_after']:.1f} after "
        "(2 CPUs shared with other work: wall times include waiting for a CPU). Target: "
        "≤ 3× the statistics alone.",
        "",
        "| measured | captured + script: wall / CPU (s) | statistics alone: wall / CPU (s) "
        "| ratio wall / CPU |",
        "|---|---:|---:|---:|",
    ]
    for name, ours, alone in rows:
        lines.append(
            f"| {name} | {ours['wall']:.2f} / {ours['cpu']:.2f} | {alone['wall']:.2f} / "
            f"{alone['cpu']:.2f} | {ours['wall'] / alone['wall']:.2f}× / "
            f"{ours['cpu'] / alone['cpu']:.2f}× |"
        )
    return lines


def update_doc(lines: list[str]) -> None:
    """Replace (or add) this section of docs/benchmarks.md."""
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    section = "\n".join(lines)
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)


def main() -> None:
    lines = render(measure())
    update_doc(lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
