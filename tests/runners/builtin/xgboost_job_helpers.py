"""Helpers for the built-in algorithm tests: small generated data sets and job layouts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import xgboost as xgb


def abalone_like(rows: int = 300, seed: int = 0) -> np.ndarray:
    """Rings first, then 8 numeric features (sex code, sizes, weights), with noise."""
    rng = np.random.default_rng(seed)
    sex = rng.integers(0, 3, rows).astype(float)
    length = rng.uniform(0.1, 0.8, rows)
    diameter = length * rng.uniform(0.7, 0.85, rows)
    height = diameter * rng.uniform(0.25, 0.4, rows)
    whole = 2.5 * length**3 + rng.normal(0, 0.02, rows)
    shucked = whole * rng.uniform(0.35, 0.5, rows)
    viscera = whole * rng.uniform(0.15, 0.25, rows)
    shell = whole * rng.uniform(0.25, 0.35, rows)
    rings = 3 + 30 * shell + 8 * diameter + (sex == 1) + rng.normal(0, 0.8, rows)
    table = np.column_stack([rings, sex, length, diameter, height, whole, shucked, viscera, shell])
    # Rounded, so that the text files hold exactly the values the tests compare with.
    return np.round(table, 4)


def to_csv(table: np.ndarray) -> str:
    return "".join(",".join(f"{v:.10g}" for v in row) + "\n" for row in table)


def to_libsvm(table: np.ndarray) -> str:
    """LibSVM lines with 1-based feature indices, as most LibSVM data sets use."""
    lines = []
    for row in table:
        cells = " ".join(f"{i}:{v:.10g}" for i, v in enumerate(row[1:], 1))
        lines.append(f"{row[0]:.10g} {cells}\n")
    return "".join(lines)


def make_job(
    base: Path,
    hyperparameters: dict[str, str],
    channels: dict[str, tuple[str | None, dict[str, str]]],
    hosts: tuple[list[str], str] = (["algo-1"], "algo-1"),
) -> Path:
    """Lay out ``base`` as SageMaker's /opt/ml: config files and channel files.

    ``channels`` maps a channel name to (ContentType or None, {relative path: text}).
    """
    config = base / "input" / "config"
    config.mkdir(parents=True)
    (config / "hyperparameters.json").write_text(json.dumps(hyperparameters))
    data_config = {}
    for name, (content_type, files) in channels.items():
        entry = {"TrainingInputMode": "File", "S3DistributionType": "FullyReplicated"}
        if content_type:
            entry["ContentType"] = content_type
        data_config[name] = entry
        for relative, text in files.items():
            path = base / "input" / "data" / name / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    (config / "inputdataconfig.json").write_text(json.dumps(data_config))
    all_hosts, current = hosts
    (config / "resourceconfig.json").write_text(
        json.dumps({"current_host": current, "hosts": all_hosts})
    )
    return base


def run_algorithm(base: Path) -> subprocess.CompletedProcess[str]:
    """Run the algorithm as a job would: a separate process with DAGMAKER_OPT_ML set."""
    env = {**os.environ, "DAGMAKER_OPT_ML": str(base)}
    command = [sys.executable, "-m", "dagmaker.runners.builtin.xgboost_algorithm", "train"]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def load_model(base: Path) -> xgb.Booster:
    """Load ``model/xgboost-model`` by path, as users do (XGBoost warns about the name)."""
    booster = xgb.Booster()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        booster.load_model(str(base / "model" / "xgboost-model"))
    return booster


def metric_values(stdout: str, regex: str) -> list[float]:
    """Every value ``regex`` captures, line by line, as SageMaker's metric extraction does."""
    pattern = re.compile(regex)
    return [float(m.group(1)) for line in stdout.splitlines() if (m := pattern.match(line))]
