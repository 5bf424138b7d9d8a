"""Pipelines on the cluster backends: PostgreSQL metadata and artifacts in an S3 service.

The same definitions run on the defaults (SQLite, local files) and on (PostgreSQL, the S3
API of a real server on loopback) must give the same results; and executions driven at once
by several processes, each with its own home (as on several machines) but sharing one
PostgreSQL database and one S3 service, must each complete exactly once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from dagmaker.records.fold import fold_steps
from tests.backends.fixtures import postgres_url
from tests.e2e.defs import BUCKET, out, pipeline, processing, upload_code

XGB = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"

PREPARE = """
import os, random, sys
random.seed(int(sys.argv[1]))
out = "/opt/ml/processing/output"
for name, count in (("train", 160), ("validation", 40)):
    os.makedirs(f"{out}/{name}", exist_ok=True)
    with open(f"{out}/{name}/{name}.csv", "w") as handle:
        for _ in range(count):
            x1, x2 = random.uniform(0, 10), random.uniform(0, 5)
            handle.write(f"{3 * x1 - 2 * x2 + random.gauss(0, 0.5):.6f},{x1:.6f},{x2:.6f}\\n")
"""


def _channel(name: str, uri: Any) -> dict[str, Any]:
    source = {"S3DataType": "S3Prefix", "S3Uri": uri, "S3DataDistributionType": "FullyReplicated"}
    return {"ChannelName": name, "ContentType": "text/csv", "DataSource": {"S3DataSource": source}}


def _three_steps(code: str) -> dict[str, Any]:
    prepare = processing(
        "Prepare",
        code,
        arguments=[{"Std:Join": {"On": "", "Values": [{"Get": "Parameters.Seed"}]}}],
        outputs={
            "train": f"s3://{BUCKET}/cluster/data/train",
            "validation": f"s3://{BUCKET}/cluster/data/validation",
        },
    )
    train = {
        "Name": "Train",
        "Type": "Training",
        "Arguments": {
            "AlgorithmSpecification": {"TrainingImage": XGB, "TrainingInputMode": "File"},
            "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/cluster/models"},
            "ResourceConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.large",
                "VolumeSizeInGB": 5,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 600},
            "RoleArn": "arn:aws:iam::000000000000:role/r",
            "InputDataConfig": [
                _channel("train", out("Prepare", "train")),
                _channel("validation", out("Prepare", "validation")),
            ],
            "HyperParameters": {"objective": "reg:squarederror", "num_round": "20", "seed": "7"},
        },
    }
    rmse = {"Get": "Steps.Train.FinalMetricDataList['validation:rmse'].Value"}
    check = {
        "Name": "Check",
        "Type": "Condition",
        "Arguments": {
            "Conditions": [{"Type": "LessThanOrEqualTo", "LeftValue": rmse, "RightValue": 3.0}],
            "IfSteps": [],
            "ElseSteps": [],
        },
    }
    parameters = [{"Name": "Seed", "Type": "Integer", "DefaultValue": 11}]
    return pipeline(prepare, train, check, parameters=parameters)


def _run_three_steps() -> dict[str, Any]:
    """Run the pipeline in this process; what it produced, independent of the backends."""
    client = connect(inline=True)
    code = upload_code("prepare.py", PREPARE)
    definition = json.dumps(_three_steps(code))
    client.create_pipeline(PipelineName="three", PipelineDefinition=definition)
    arn = client.start_pipeline_execution(PipelineName="three")["PipelineExecutionArn"]
    described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    steps = {
        s["StepName"]: s
        for s in client.list_pipeline_execution_steps(PipelineExecutionArn=arn)[
            "PipelineExecutionSteps"
        ]
    }
    training = steps["Train"]["Metadata"]["TrainingJob"]["Arn"].rsplit("/", 1)[-1]
    job = client.describe_training_job(TrainingJobName=training)
    store = client.services.artifacts
    data = {uri: store.read_bytes(uri) for uri in store.list(f"s3://{BUCKET}/cluster/data/")}
    model = job["ModelArtifacts"]["S3ModelArtifacts"]
    return {
        "status": described["PipelineExecutionStatus"],
        "steps": {name: s["StepStatus"] for name, s in steps.items()},
        "outcome": steps["Check"]["Metadata"]["Condition"]["Outcome"],
        "metrics": {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]},
        "data": data,
        "model_stored": store.exists(model),
    }


@pytest.fixture
def cluster(
    home: Path,
    request: pytest.FixtureRequest,
    s3_endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[str]:
    """Point DAGMAKER_DATABASE_URL at a fresh PostgreSQL database and artifacts at S3."""
    url = postgres_url(request)
    monkeypatch.setenv("DAGMAKER_DATABASE_URL", url)
    monkeypatch.setenv("DAGMAKER_S3_ENDPOINT_URL", s3_endpoint)
    yield url
    connect().services.db.dispose()  # this process's pooled connections to that database


def _use_defaults(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setenv("DAGMAKER_HOME", str(home))
    monkeypatch.delenv("DAGMAKER_DATABASE_URL")
    monkeypatch.delenv("DAGMAKER_S3_ENDPOINT_URL")


def test_processing_training_condition_match_the_defaults(
    cluster: str, home: Path, tmp_path: Path, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_cluster = _run_three_steps()
    assert not (home / "s3").exists()  # every artifact went to the S3 service
    raw = connect().services.artifacts
    listed = raw.client.list_objects_v2(Bucket=BUCKET, Prefix="cluster/")  # type: ignore[attr-defined]
    assert len(listed["Contents"]) >= 3  # data, code and the model, in the S3 service

    with monkeypatch.context() as defaults:
        _use_defaults(defaults, tmp_path / "default-home")
        on_defaults = _run_three_steps()

    assert on_cluster["status"] == on_defaults["status"] == "Succeeded"
    assert (
        on_cluster["steps"]
        == on_defaults["steps"]
        == {
            "Prepare": "Succeeded",
            "Train": "Succeeded",
            "Check": "Succeeded",
        }
    )
    assert on_cluster["outcome"] == on_defaults["outcome"] == "True"
    assert on_cluster["metrics"] == pytest.approx(on_defaults["metrics"], rel=1e-6)
    assert on_cluster["metrics"]["validation:rmse"] < 3.0
    assert on_cluster["data"] == on_defaults["data"] and len(on_cluster["data"]) == 2
    assert on_cluster["model_stored"] and on_defaults["model_stored"]


ECHO = """
import os, sys
label, source = sys.argv[1], "/opt/ml/processing/input/previous"
previous = open(f"{source}/label.txt").read() if os.path.isdir(source) else ""
os.makedirs("/opt/ml/processing/output/o", exist_ok=True)
open("/opt/ml/processing/output/o/label.txt", "w").write(previous + label + ";")
"""

STARTER = """
import sys, threading
from dagmaker.api import connect
client = connect(inline=True)
errors = []

def one(i):
    try:
        client.start_pipeline_execution(
            PipelineName="many",
            PipelineParameters=[{"Name": "Label", "Value": f"{sys.argv[2]}-{i}"}],
        )
    except Exception as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=one, args=(i,)) for i in range(int(sys.argv[1]))]
for t in threads:
    t.start()
for t in threads:
    t.join()
if errors:
    sys.exit("\\n".join(errors))
"""


def _per_execution(leaf: str) -> dict[str, Any]:
    execution_id = {"Get": "Execution.PipelineExecutionId"}
    return {"Std:Join": {"On": "/", "Values": ["s3:/", BUCKET, "many", execution_id, leaf]}}


def _chain_of_two(code: str) -> dict[str, Any]:
    label = {"Get": "Parameters.Label"}
    return pipeline(
        processing("One", code, arguments=[label], outputs={"o": _per_execution("one")}),
        processing(
            "Two",
            code,
            arguments=[label],
            inputs={"previous": out("One", "o")},
            outputs={"o": _per_execution("two")},
        ),
        {
            "Name": "Check",
            "Type": "Condition",
            "DependsOn": ["Two"],
            "Arguments": {
                "Conditions": [{"Type": "Equals", "LeftValue": label, "RightValue": label}],
                "IfSteps": [],
                "ElseSteps": [],
            },
        },
        parameters=[{"Name": "Label", "Type": "String", "DefaultValue": "x"}],
    )


def test_twenty_concurrent_executions_from_four_processes(
    cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGMAKER_JOB_SLOTS", "64")
    code = upload_code("echo.py", ECHO)
    definition = _chain_of_two(code)
    client = connect()
    client.create_pipeline(PipelineName="many", PipelineDefinition=json.dumps(definition))
    starters = []
    for host in range(4):  # four homes, as on four machines sharing the database and S3
        env = {**os.environ, "DAGMAKER_HOME": str(tmp_path / f"host-{host}")}
        starters.append(
            subprocess.Popen(
                [sys.executable, "-c", STARTER, "5", f"h{host}"],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in starters:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    executions = client.services.executions.list("many", limit=1000)
    assert len(executions) == 20
    store = client.services.artifacts
    for record in executions:
        assert record.status.value == "Succeeded", [
            e for e in client.services.event_log.load(record.arn) if "Fail" in e.kind
        ]
        events = client.services.event_log.load(record.arn)
        assert [e.kind for e in events].count("ExecutionFinished") == 1
        steps = fold_steps(events)
        assert {n: v.status.value for n, v in steps.items()} == {
            "One": "Succeeded",
            "Two": "Succeeded",
            "Check": "Succeeded",
        }
        assert [e.kind for e in events].count("StepStarted") == 3  # nothing ran twice
        label = record.parameters["Label"]
        two = f"s3://{BUCKET}/many/{record.execution_id}/two/label.txt"
        assert store.read_bytes(two).decode() == f"{label};{label};"
    assert sorted(r.parameters["Label"] for r in executions) == sorted(
        f"h{h}-{i}" for h in range(4) for i in range(5)
    )
    jobs = client.services.jobs.list("Processing", limit=1000)
    assert len(jobs) == 40 and all(j.status.value == "Completed" for j in jobs)
    for host in range(4):  # each process ran its own executions' ten jobs
        assert len(list((tmp_path / f"host-{host}" / "jobs").iterdir())) == 10
