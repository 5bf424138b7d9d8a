"""Does a tuning job with ``max_parallel_jobs=2`` keep both cores busy?

Runs a real tuning job (built-in XGBoost trials on a generated regression set) through
dagmaker's API and reports the CPU time its trial processes used over its wall time: 2.0
means both cores were busy the whole time; 1.0 means trials effectively ran one by one.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

TRIALS = 4
ROWS = int(os.environ.get("BENCH_TUNING_ROWS", "60000"))
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


def _csv(rows: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(rows, 20))
    target = features @ rng.normal(size=20) + rng.normal(0, 0.3, rows)
    table = np.column_stack([target, features])
    return "\n".join(",".join(f"{v:.5f}" for v in row) for row in table).encode() + b"\n"


def _request(name: str) -> dict:
    channel = [
        {
            "ChannelName": c,
            "ContentType": "text/csv",
            "DataSource": {
                "S3DataSource": {
                    "S3DataType": "S3Prefix",
                    "S3Uri": f"s3://bench/tuning/{c}",
                    "S3DataDistributionType": "FullyReplicated",
                }
            },
        }
        for c in ("train", "validation")
    ]
    return {
        "HyperParameterTuningJobName": name,
        "HyperParameterTuningJobConfig": {
            "Strategy": "Random",
            "ResourceLimits": {"MaxNumberOfTrainingJobs": TRIALS, "MaxParallelTrainingJobs": 2},
            "HyperParameterTuningJobObjective": {
                "Type": "Minimize",
                "MetricName": "validation:rmse",
            },
            "ParameterRanges": {
                "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "6", "MaxValue": "8"}]
            },
        },
        "TrainingJobDefinition": {
            "StaticHyperParameters": {
                "num_round": "60",
                "eta": "0.1",
                "nthread": "1",
                "objective": "reg:squarederror",
            },
            "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
            "InputDataConfig": channel,
            "OutputDataConfig": {"S3OutputPath": "s3://bench/tuning/models"},
            "ResourceConfig": {
                "InstanceType": "ml.m5.large",
                "InstanceCount": 1,
                "VolumeSizeInGB": 5,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 600},
            "RoleArn": "arn:aws:iam::000000000000:role/bench",
        },
    }


def measure() -> dict:
    """Wall time, trial CPU time and their ratio for one tuning job."""
    os.environ.setdefault("DAGMAKER_HOME", tempfile.mkdtemp(prefix="dagmaker-bench-tuning-"))
    from dagmaker.api import connect

    client = connect(inline=True)
    store = client.services.artifacts
    store.write_bytes("s3://bench/tuning/train/train.csv", _csv(ROWS, 1))
    store.write_bytes("s3://bench/tuning/validation/validation.csv", _csv(ROWS // 5, 2))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    name = f"bench-tuning-{int(time.time())}"
    client.create_hyper_parameter_tuning_job(**_request(name))
    while (
        client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)[
            "HyperParameterTuningJobStatus"
        ]
        == "InProgress"
    ):
        time.sleep(0.2)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "trials": TRIALS,
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "busy_cores": round(cpu / wall, 2),
        "cores": os.cpu_count(),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    print(measure())
