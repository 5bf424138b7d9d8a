"""`make demo` runs the abalone pipeline end to end: the seed's story, for real."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from dagmaker.api import connect

DEMO = Path(__file__).resolve().parents[2] / "examples" / "abalone" / "run_demo.py"


def test_abalone_demo_trains_registers_and_scores(home: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(DEMO)], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Execution finished: Succeeded" in done.stdout
    client = connect()
    packages = client.list_model_packages(ModelPackageGroupName="AbaloneModelPackageGroup")
    [package] = packages["ModelPackageSummaryList"]
    described = client.describe_model_package(ModelPackageName=package["ModelPackageArn"])
    metrics = described["ModelMetrics"]["ModelQuality"]["Statistics"]
    evaluation = client.services.read_json(metrics["S3Uri"])
    assert evaluation["regression_metrics"]["mse"]["value"] < 6.0
    _assert_check_baselines(client, described, done.stdout)
    scored = [
        u
        for u in client.services.artifacts.list("s3://dagmaker-default-bucket/AbaloneTransform")
        if u.endswith(".out")
    ]
    rows = client.services.artifacts.read_bytes(scored[0]).decode().splitlines()
    assert len(rows) > 500
    _label, *features, prediction = (float(v) for v in rows[0].split(","))
    assert len(features) == 10 and 1.0 <= prediction <= 30.0


def _assert_check_baselines(client: Any, package: dict[str, Any], output: str) -> None:
    """The data checks' baselines came with the model: metrics and drift-check baselines."""
    assert "No approved model yet: skipping the checks" in output
    metrics = package["ModelMetrics"]
    drift = package["DriftCheckBaselines"]
    statistics = client.services.read_json(metrics["ModelDataQuality"]["Statistics"]["S3Uri"])
    assert statistics["dataset"]["item_count"] > 2000
    assert {f["name"] for f in statistics["features"]} >= {"_c0", "_c1", "_c10"}
    constraints = metrics["ModelDataQuality"]["Constraints"]["S3Uri"]
    # First run: the new baselines are the ones registered for drift checks.
    assert drift["ModelDataQuality"]["Constraints"]["S3Uri"] == constraints
    analysis = client.services.read_json(metrics["Bias"]["PreTrainingReport"]["S3Uri"])
    [group] = analysis["pre_training_bias_metrics"]["facets"]["column_8"]
    assert {m["name"] for m in group["metrics"]} >= {"CI", "DPL", "KL"}
    pre = drift["Bias"]["PreTrainingConstraints"]["S3Uri"]
    assert pre == metrics["Bias"]["PreTrainingReport"]["S3Uri"]
    config = client.services.read_json(drift["Bias"]["ConfigFile"]["S3Uri"])
    assert config["label_values_or_threshold"] == [15.0]
