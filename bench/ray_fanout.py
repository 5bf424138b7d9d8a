"""Jobs on Ray against local jobs (run by hand or by run_all.py; not part of the test suite).

1. Fan-out: one execution of 40 independent processing steps, each a CPU-bound job of
   about a second, on a two-node Ray cluster (head and worker on loopback, one CPU each:
   the tests' cluster) and on the local backend on one node (default job slots, and two
   slots: the same two CPUs' worth of concurrency as the cluster).
2. Per-job overhead: a chain of no-op processing steps on each backend; the difference
   per step is what running a job as Ray work costs (placement group, actor, workspace
   through the artifact store, log copying).

Both nodes share this machine's cores, so the fan-out shows overhead, not added capacity.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from dagmaker_shapes import IMAGE  # noqa: E402
from docs_page import replace_section  # noqa: E402

FANOUT = int(os.environ.get("BENCH_RAY_FANOUT", "40"))
CHAIN = int(os.environ.get("BENCH_RAY_CHAIN", "5"))
REPEATS = int(os.environ.get("BENCH_RAY_REPEATS", "2"))
WORK = int(os.environ.get("BENCH_RAY_WORK", "6000000"))
HEADING = "## Jobs on Ray"
CPU_BOUND = f"print(sum(i * i for i in range({WORK})) > 0)"


def _step(name: str, code: str, depends: list[str]) -> dict[str, Any]:
    step: dict[str, Any] = {
        "Name": name,
        "Type": "Processing",
        "Arguments": {
            "ProcessingResources": {
                "ClusterConfig": {
                    "InstanceType": "ml.m5.large",
                    "InstanceCount": 1,
                    "VolumeSizeInGB": 1,
                }
            },
            "AppSpecification": {"ImageUri": IMAGE, "ContainerEntrypoint": ["python3", "-c", code]},
            "RoleArn": "arn:aws:iam::000000000000:role/bench",
        },
    }
    if depends:
        step["DependsOn"] = depends
    return step


def definition(shape: str) -> dict[str, Any]:
    """``fanout``: FANOUT independent CPU-bound steps; ``chain``: CHAIN no-op steps in a row."""
    if shape == "fanout":
        steps = [_step(f"F{i}", CPU_BOUND, []) for i in range(FANOUT)]
    else:
        steps = [_step(f"C{i}", "pass", [f"C{i - 1}"] if i else []) for i in range(CHAIN)]
    return {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": [],
        "PipelineExperimentConfig": None,
        "Steps": steps,
    }


def _run(shape: str, env: dict[str, str]) -> float:
    """Seconds for one execution of ``shape`` in a fresh home with ``env`` set."""
    from dagmaker.api import connect

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    os.environ["DAGMAKER_HOME"] = tempfile.mkdtemp(prefix="dagmaker-bench-ray-")
    try:
        client = connect(inline=True)
        body = json.dumps(definition(shape))
        client.create_pipeline(PipelineName=shape, PipelineDefinition=body)
        began = time.perf_counter()
        arn = client.start_pipeline_execution(PipelineName=shape)["PipelineExecutionArn"]
        seconds = time.perf_counter() - began
        status = client.describe_pipeline_execution(PipelineExecutionArn=arn)
        if status["PipelineExecutionStatus"] != "Succeeded":
            raise RuntimeError(f"{shape} on {env}: {status}")
        return seconds
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _median(shape: str, env: dict[str, str]) -> dict[str, Any]:
    samples = [_run(shape, env) for _ in range(REPEATS)]
    return {"median": statistics.median(samples), "samples": samples}


def measure() -> dict[str, Any]:
    """Both shapes on each configuration, with a fresh two-node cluster for the run."""
    from tests.compute.ray_cluster import start_cluster

    cluster = start_cluster()
    try:
        ray_env = {"DAGMAKER_BACKEND": "ray", "RAY_ADDRESS": cluster.address}
        configs = {
            "local, one node (default slots)": {"DAGMAKER_BACKEND": "local"},
            "local, one node, 2 slots": {"DAGMAKER_BACKEND": "local", "DAGMAKER_JOB_SLOTS": "2"},
            "Ray, 2 nodes × 1 CPU": ray_env,
        }
        results: dict[str, Any] = {"fanout": {}, "chain": {}}
        for shape in ("chain", "fanout"):
            for name, env in configs.items():
                results[shape][name] = _median(shape, env)
    finally:
        cluster.stop()
    results["measured_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results["load_average"] = os.getloadavg()[0]
    return results


def section(results: dict[str, Any]) -> str:
    """The Markdown section for docs/benchmarks.md."""
    fan, chain = results["fanout"], results["chain"]
    base = fan["local, one node, 2 slots"]["median"]
    lines = [
        HEADING,
        "",
        f"Measured {results['measured_at']} on this machine (2 cores, load average "
        f"{results['load_average']:.1f} when it ended); regenerate with "
        "`python bench/ray_fanout.py` (or `make bench`). Both Ray nodes run on this machine, "
        "so the cluster adds no cores: the numbers show what Ray costs, not what it adds.",
        "",
        f"### Fan-out: {FANOUT} CPU-bound processing steps",
        "",
        f"One execution of {FANOUT} independent steps, each `sum(i * i for i in "
        f"range({WORK}))` in its own job. Median of {REPEATS} runs.",
        "",
        "| backend | median (s) | runs (s) | vs local, 2 slots |",
        "|---|---:|---:|---:|",
    ]
    for name, row in fan.items():
        runs = " / ".join(f"{t:.1f}" for t in row["samples"])
        lines.append(f"| {name} | {row['median']:.1f} | {runs} | {row['median'] / base:.2f}× |")
    local = chain["local, one node (default slots)"]["median"]
    on_ray = chain["Ray, 2 nodes × 1 CPU"]["median"]
    lines += [
        "",
        "### Per-job overhead",
        "",
        f"A chain of {CHAIN} no-op processing steps (one job at a time). Median of {REPEATS} runs.",
        "",
        "| backend | median (s) | per step (s) |",
        "|---|---:|---:|",
    ]
    for name, row in chain.items():
        lines.append(f"| {name} | {row['median']:.2f} | {row['median'] / CHAIN:.2f} |")
    lines += [
        "",
        f"Ray adds about {(on_ray - local) / CHAIN:.2f} s per job: reserving a placement group, "
        "starting a detached actor (a fresh worker process), sending the workspace through "
        "the artifact store and back, and copying logs every quarter second.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    measured = measure()
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "ray_fanout.json").write_text(json.dumps(measured, indent=2))
    replace_section(HEADING, section(measured))
    print(section(measured))
