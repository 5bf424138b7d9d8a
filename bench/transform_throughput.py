"""Batch transform throughput: a transform job against doing the same by hand in one process.

For a CSV file of ``ROWS`` records, "by hand" is one fresh Python process that imports the
framework, loads the model, parses the whole file, calls ``predict`` once and writes the
predictions one per line — what a user would script instead of a transform job. The transform job is
the whole CreateTransformJob path (model and input staged, the job program run in the
sandbox with MultiRecord batches of 6 MB, answering text/csv, outputs uploaded). The ratio is
by-hand time / job time; the target is >= 0.5.

Models: SageMaker's built-in XGBoost format (no script) and a scikit-learn model served
by a user inference script.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROWS = int(os.environ.get("BENCH_TRANSFORM_ROWS", "400000"))
FEATURES = 10
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
XGB_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
SKLEARN_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
INFERENCE_SCRIPT = """
import os
import joblib

def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))
"""
BY_HAND = {
    "xgboost": """
import sys, numpy as np, xgboost as xgb
booster = xgb.Booster(); booster.load_model(bytearray(open(sys.argv[1], "rb").read()))
rows = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2, dtype=np.float32)
predictions = booster.predict(xgb.DMatrix(rows)).tolist()
open(sys.argv[3], "w").write("".join(f"{p}\\n" for p in predictions))
""",
    "sklearn": """
import sys, joblib, numpy as np
model = joblib.load(sys.argv[1])
rows = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2)
predictions = model.predict(rows).tolist()
open(sys.argv[3], "w").write("".join(f"{p}\\n" for p in predictions))
""",
}


def _data(rows: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    features = np.round(rng.normal(size=(rows, FEATURES)), 5)
    target = features @ rng.normal(size=FEATURES) + rng.normal(0, 0.1, rows)
    return features, target


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def _models(workdir: Path, features: np.ndarray, target: np.ndarray) -> dict[str, Path]:
    import joblib
    import xgboost as xgb
    from sklearn.linear_model import Ridge

    sample = slice(0, 5000)
    booster = xgb.train(
        {"objective": "reg:squarederror", "max_depth": 6},
        xgb.DMatrix(features[sample], target[sample]),
        50,
    )
    paths = {"xgboost": workdir / "xgboost-model", "sklearn": workdir / "model.joblib"}
    paths["xgboost"].write_bytes(bytes(booster.save_raw(raw_format="json")))
    joblib.dump(Ridge().fit(features[sample], target[sample]), paths["sklearn"])
    return paths


def _by_hand(kind: str, model: Path, data: Path, workdir: Path) -> float:
    script = workdir / f"by_hand_{kind}.py"
    script.write_text(BY_HAND[kind])
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(script), str(model), str(data), str(workdir / "out")], check=True
    )
    return time.perf_counter() - start


def _setup_store(client, paths: dict[str, Path], csv: bytes) -> None:
    store = client.services.artifacts
    store.write_bytes("s3://bench/in/data.csv", csv)
    store.write_bytes(
        "s3://bench/xgboost/model.tar.gz",
        _tarball({"xgboost-model": paths["xgboost"].read_bytes()}),
    )
    store.write_bytes(
        "s3://bench/sklearn/model.tar.gz",
        _tarball(
            {
                "model.joblib": paths["sklearn"].read_bytes(),
                "code/inference.py": INFERENCE_SCRIPT.encode(),
            }
        ),
    )
    models = client.services.runner_context.models
    containers = {
        "xgboost": {"Image": XGB_IMAGE, "ModelDataUrl": "s3://bench/xgboost/model.tar.gz"},
        "sklearn": {
            "Image": SKLEARN_IMAGE,
            "ModelDataUrl": "s3://bench/sklearn/model.tar.gz",
            "Environment": {"SAGEMAKER_PROGRAM": "inference.py"},
        },
    }
    for kind, container in containers.items():
        name = f"bench-{kind}"
        models.create(name, f"arn:{name}", {"ModelName": name, "PrimaryContainer": container})


def _transform(client, kind: str, strategy: str, source: str) -> float:
    from dagmaker.definition.model import StepDef
    from dagmaker.engine.ports import ExecutionInfo, StepWork
    from dagmaker.runners.transform import TransformRunner

    request = {
        "ModelName": f"bench-{kind}",
        "BatchStrategy": strategy,
        "MaxPayloadInMB": 6,
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": source}},
            "ContentType": "text/csv",
            "SplitType": "Line",
        },
        "TransformOutput": {
            "S3OutputPath": f"s3://bench/out/{kind}",
            "AssembleWith": "Line",
            "Accept": "text/csv",
        },
        "TransformResources": {"InstanceCount": 1, "InstanceType": "ml.m5.large"},
    }
    info = ExecutionInfo("", "", "", "", datetime.now(UTC))
    name = f"bench-{kind}-{time.time_ns()}"
    step = StepDef(name="Bench", type="Transform", arguments=request, raw={})
    work = StepWork(info, step, request, {}, name, 1, lambda event: None)
    start = time.perf_counter()
    TransformRunner(client.services.runner_context).run(work)
    return time.perf_counter() - start


def measure() -> list[dict]:
    """Medians and ratios for each model."""
    sys.path.insert(0, str(Path(__file__).parent))
    from timing import median_seconds

    workdir = Path(tempfile.mkdtemp(prefix="dagmaker-bench-transform-"))
    os.environ.setdefault("DAGMAKER_HOME", str(workdir / "home"))
    from dagmaker.api import connect

    features, target = _data(ROWS)
    data = workdir / "data.csv"
    np.savetxt(data, features, delimiter=",", fmt="%.5f")
    csv = data.read_bytes()
    client = connect()
    paths = _models(workdir, features, target)
    _setup_store(client, paths, csv)
    lines = csv.splitlines(keepends=True)
    client.services.artifacts.write_bytes("s3://bench/small/data.csv", b"".join(lines[:2000]))
    client.services.artifacts.write_bytes("s3://bench/tiny/data.csv", b"".join(lines[:200]))
    results = []
    for kind in ("xgboost", "sklearn"):
        by_hand, _ = median_seconds(
            lambda kind=kind: _by_hand(kind, paths[kind], data, workdir), REPEATS
        )
        multi, _ = median_seconds(
            lambda kind=kind: _transform(client, kind, "MultiRecord", "s3://bench/in"), REPEATS
        )
        # Records per second beyond the job's fixed cost: 1800 more records, how much longer.
        small, _ = median_seconds(
            lambda kind=kind: _transform(client, kind, "SingleRecord", "s3://bench/small"), REPEATS
        )
        tiny, _ = median_seconds(
            lambda kind=kind: _transform(client, kind, "SingleRecord", "s3://bench/tiny"), REPEATS
        )
        results.append(
            {
                "model": kind,
                "rows": ROWS,
                "megabytes": round(len(csv) / 1e6, 1),
                "by_hand_seconds": round(by_hand, 3),
                "multirecord_seconds": round(multi, 3),
                "ratio": round(by_hand / multi, 2),
                "singlerecord_records_per_second": round(1800 / max(small - tiny, 1e-6)),
            }
        )
    return results


def main() -> None:
    """Print medians and ratios as JSON lines and a short table."""
    results = measure()
    for row in results:
        print(json.dumps(row))
    print(
        f"\n{ROWS} rows x {FEATURES} features ({results[0]['megabytes']} MB CSV), "
        f"medians of {REPEATS}"
    )
    for row in results:
        print(
            f"{row['model']:8s} by hand {row['by_hand_seconds']:.2f}s | transform job "
            f"(MultiRecord) {row['multirecord_seconds']:.2f}s | ratio {row['ratio']:.2f} "
            f"(target >= 0.5) | SingleRecord {row['singlerecord_records_per_second']} records/s"
        )


if __name__ == "__main__":
    main()
