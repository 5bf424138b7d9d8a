"""Pipelines on the Ray backend: same results as locally, and a lost node is retried."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dagmaker.api import connect
from dagmaker.cli import context as cli_context
from dagmaker.cli.main import app
from tests.backends.fixtures import postgres_url
from tests.compute.ray_cluster import Blocker, LocalRayCluster
from tests.e2e.defs import BUCKET, out, pipeline, processing, upload_code

pytestmark = pytest.mark.slow

SHARD = """
import json, os
folder = "/opt/ml/processing/input/data"
files = sorted(os.listdir(folder))
total = sum(int(open(os.path.join(folder, name)).read()) for name in files)
config = json.load(open("/opt/ml/config/resourceconfig.json"))
host = config["current_host"]
os.makedirs("/opt/ml/processing/output/o", exist_ok=True)
with open(f"/opt/ml/processing/output/o/{host}.json", "w") as handle:
    json.dump({"hosts": config["hosts"], "files": files, "total": total}, handle)
print(f"{host} saw {len(files)} files")
"""

MERGE = """
import json, os
folder = "/opt/ml/processing/input/shards"
parts = [json.load(open(os.path.join(folder, name))) for name in sorted(os.listdir(folder))]
os.makedirs("/opt/ml/processing/output/total", exist_ok=True)
with open("/opt/ml/processing/output/total/total.json", "w") as handle:
    json.dump({"total": sum(p["total"] for p in parts), "parts": len(parts)}, handle)
"""

SLOW = """
import time
print("started", flush=True)
time.sleep(4)
open("/opt/ml/processing/output/o/done.txt", "w").write("done")
"""


def _use_home(path: Path, monkeypatch: pytest.MonkeyPatch, backend: str, address: str) -> None:
    monkeypatch.setenv("DAGMAKER_HOME", str(path))
    monkeypatch.setenv("DAGMAKER_BACKEND", backend)
    monkeypatch.setenv("RAY_ADDRESS", address)
    monkeypatch.setenv("DAGMAKER_WORKER_IDLE_SECONDS", "3")
    cli_context.settings.cache_clear()
    cli_context.client.cache_clear()


def _shard_pipeline() -> dict[str, Any]:
    shard = processing(
        "Shard",
        upload_code("shard.py", SHARD),
        inputs={"data": f"s3://{BUCKET}/parts"},
        outputs={"o": f"s3://{BUCKET}/shards"},
    )
    shard["Arguments"]["ProcessingResources"]["ClusterConfig"]["InstanceCount"] = 2
    shard["Arguments"]["ProcessingInputs"][0]["S3Input"]["S3DataDistributionType"] = (
        "ShardedByS3Key"
    )
    merge = processing(
        "Merge",
        upload_code("merge.py", MERGE),
        inputs={"shards": out("Shard", "o")},
        outputs={"total": f"s3://{BUCKET}/total"},
    )
    return pipeline(shard, merge)


def _run_shards(home: Path, monkeypatch: pytest.MonkeyPatch, backend: str, address: str) -> Any:
    _use_home(home, monkeypatch, backend, address)
    client = connect(inline=True)
    for i in range(6):
        client.services.artifacts.write_bytes(
            f"s3://{BUCKET}/parts/part-{i}.csv", f"{i}\n".encode()
        )
    client.create_pipeline(PipelineName="shard", PipelineDefinition=json.dumps(_shard_pipeline()))
    arn = client.start_pipeline_execution(PipelineName="shard")["PipelineExecutionArn"]
    status = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert status["PipelineExecutionStatus"] == "Succeeded", status
    return client, arn


def _outputs(client: Any) -> dict[str, bytes]:
    store = client.services.artifacts
    return {
        uri: store.read_bytes(uri)
        for prefix in (f"s3://{BUCKET}/shards/", f"s3://{BUCKET}/total/")
        for uri in store.list(prefix)
    }


def test_a_two_instance_pipeline_gives_the_same_results_on_ray_as_locally(
    two_nodes: LocalRayCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local, _ = _run_shards(tmp_path / "local", monkeypatch, "local", two_nodes.address)
    expected = _outputs(local)
    cluster, arn = _run_shards(tmp_path / "ray", monkeypatch, "ray", two_nodes.address)
    assert _outputs(cluster) == expected
    assert json.loads(expected[f"s3://{BUCKET}/total/total.json"]) == {"total": 15, "parts": 2}

    runner = CliRunner()
    execution = arn.rsplit("/", 1)[-1]
    headers = {}
    for host in ("algo-1", "algo-2"):
        log = runner.invoke(app, ["logs", execution, "Shard", "--host", host])
        assert log.exit_code == 0, log.output
        assert f"{host} saw 3 files" in log.stdout
        first = log.stdout.splitlines()[0]
        assert first.startswith("dagmaker: backend ray, node 127.0.0.1 (")
        headers[host] = first.split("(", 1)[1].split(")", 1)[0]
    assert headers["algo-1"] != headers["algo-2"], "the two hosts ran on one node"


def test_the_cluster_configuration_gives_the_same_results(
    two_nodes: LocalRayCluster,
    tmp_path: Path,
    s3_endpoint: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PostgreSQL metadata, S3-compatible artifacts, jobs on Ray: the design's cluster row."""
    local, _ = _run_shards(tmp_path / "local", monkeypatch, "local", two_nodes.address)
    expected = _outputs(local)
    monkeypatch.setenv("DAGMAKER_DATABASE_URL", postgres_url(request))
    monkeypatch.setenv("DAGMAKER_S3_ENDPOINT_URL", s3_endpoint)
    cluster, _ = _run_shards(tmp_path / "cluster", monkeypatch, "ray", two_nodes.address)
    try:
        assert type(cluster.services.artifacts).__name__ == "S3ArtifactStore"
        assert _outputs(cluster) == expected
        # What travelled to and from the nodes was removed once each job ended.
        assert (
            cluster.services.artifacts.list("s3://dagmaker-default-bucket/dagmaker-staging/") == []
        )
    finally:
        cluster.services.db.dispose()


def test_a_job_on_a_killed_node_fails_retryably_and_the_retry_succeeds(
    two_nodes: LocalRayCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ray
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    _use_home(tmp_path / "home", monkeypatch, "ray", two_nodes.address)
    client = connect(inline=True)
    policy = {
        "ExceptionType": ["SageMaker.JOB_INTERNAL_ERROR"],
        "IntervalSeconds": 1,
        "BackoffRate": 1.0,
        "MaxAttempts": 2,
    }
    step = processing(
        "Slow",
        upload_code("slow.py", SLOW),
        outputs={"o": f"s3://{BUCKET}/slow"},
        RetryPolicies=[policy],
    )
    client.create_pipeline(PipelineName="slow", PipelineDefinition=json.dumps(pipeline(step)))
    # Hold the head's CPU so that the first attempt lands on the worker node.
    head = next(n for n in ray.nodes() if n["Alive"] and "node:__internal_head__" in n["Resources"])
    blocker = (
        ray.remote(num_cpus=1)(Blocker)
        .options(scheduling_strategy=NodeAffinitySchedulingStrategy(head["NodeID"], soft=False))
        .remote()
    )
    ray.get(blocker.ready.remote())
    results: dict[str, Any] = {}
    thread = threading.Thread(
        target=lambda: results.update(client.start_pipeline_execution(PipelineName="slow"))
    )
    thread.start()
    first_log = _wait_for_started(client, tmp_path / "home")
    [worker] = [w for w in two_nodes.workers if w.poll() is None][-1:]
    two_nodes.kill_worker(worker)
    ray.kill(blocker)
    thread.join(timeout=180)
    assert not thread.is_alive()
    arn = results["PipelineExecutionArn"]
    status = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert status["PipelineExecutionStatus"] == "Succeeded", status
    failure = next(e for e in client.services.event_log.load(arn) if e.kind == "StepFailed")
    assert failure.failure_kind == "SageMaker.JOB_INTERNAL_ERROR"
    assert "InternalServerError: the Ray node 127.0.0.1" in failure.reason
    assert "was lost while the job ran" in failure.reason
    done = client.services.artifacts.read_bytes(f"s3://{BUCKET}/slow/done.txt")
    assert done == b"done"
    assert head["NodeID"][:12] not in first_log


def _wait_for_started(client: Any, home: Path, seconds: float = 120.0) -> str:
    """The first attempt's log once its job printed ``started``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for log in (home / "jobs").glob("*/algo-1/logs/stdout.log"):
            text = log.read_text()
            if "started" in text:
                return text
        time.sleep(0.1)
    raise AssertionError("the job did not start on the cluster")


COUNTING = """
import os, sys, time
with open(sys.argv[1], "a") as handle:
    handle.write(os.environ["STEP"] + "\\n")
time.sleep(float(sys.argv[2]))
os.makedirs("/opt/ml/processing/output/result", exist_ok=True)
open("/opt/ml/processing/output/result/done.txt", "w").write(os.environ["STEP"])
"""


def test_a_restarted_engine_reattaches_to_its_job_on_the_cluster(
    two_nodes: LocalRayCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_home(tmp_path / "home", monkeypatch, "ray", two_nodes.address)
    # Engines in other processes reach the loopback cluster as this one does (ray_node).
    monkeypatch.setenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    marker = tmp_path / "runs.txt"
    code = upload_code("count.py", COUNTING)

    def step(name: str, sleep: float, **extra: Any) -> dict[str, Any]:
        arguments = [str(marker), str(sleep)]
        outputs = {"result": f"s3://{BUCKET}/out/{name}"}
        return processing(
            name, code, env={"STEP": name}, arguments=arguments, outputs=outputs, **extra
        )

    path = tmp_path / "p.json"
    path.write_text(json.dumps(pipeline(step("Slow", 6.0), step("After", 0.0, DependsOn=["Slow"]))))
    engine = subprocess.Popen(
        [sys.executable, "-m", "dagmaker", "run", str(path), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = connect()
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert time.monotonic() < deadline and engine.poll() is None, "the job did not start"
        time.sleep(0.1)
    os.kill(engine.pid, signal.SIGKILL)
    engine.wait()
    arn = client.services.executions.active()[0].arn
    resumed = subprocess.run(
        [sys.executable, "-m", "dagmaker", "resume", "--wait"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert resumed.returncode == 0, resumed.stderr
    described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    assert marker.read_text().split() == ["Slow", "After"], "each step ran exactly once"
    steps = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    slow = next(s for s in steps["PipelineExecutionSteps"] if s["StepName"] == "Slow")
    assert slow["Metadata"]["Resumed"].startswith("re-attached")
    assert client.services.artifacts.read_bytes(f"s3://{BUCKET}/out/Slow/done.txt") == b"Slow"
