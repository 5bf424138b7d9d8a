"""The training program of the AutoML image: candidates, re-runs on raw data, the ensemble."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dagmaker.runners.builtin.automl import model as models
from dagmaker.runners.builtin.automl import split, train
from dagmaker.runners.packaging import tar_directory

RNG = np.random.default_rng(8)


def _rows(count: int = 120) -> pd.DataFrame:
    x = RNG.normal(size=(count, 3))
    frame = pd.DataFrame(x.round(4), columns=["p", "q", "r"])
    frame["y"] = np.where(x[:, 0] + 0.5 * x[:, 2] + RNG.normal(0, 0.4, count) > 0, "1", "0")
    return frame


def _job(base: Path, hyperparameters: dict[str, str]) -> Path:
    config = base / "input" / "config"
    config.mkdir(parents=True)
    (config / "hyperparameters.json").write_text(json.dumps(hyperparameters))
    return base


def _split_job(base: Path, frame: pd.DataFrame, hyperparameters: dict[str, str]) -> Path:
    _job(base, hyperparameters)
    schema, rows, _ = split.prepare(frame, None, {"target": "y", "mode": "ENSEMBLING", "seed": 3})
    schema.write(base / "input" / "data" / "schema")
    (base / "input" / "data" / "train").mkdir(parents=True)
    rows.to_parquet(base / "input" / "data" / "train" / "data.parquet")
    return base


def test_a_candidate_saves_its_model_scores_and_serving_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _split_job(tmp_path, _rows(), {"algorithm": "xgboost", "max_depth": "3", "seed": "1"})
    metrics = train.run(base)
    printed = capsys.readouterr().out
    assert f"validation:f1={metrics['F1']!r}" in printed
    model = models.load(base / "model")
    assert isinstance(model, models.TabularModel) and model.params["max_depth"] == 3
    assert (base / "model" / "code" / "serve.py").is_file()
    with np.load(base / "output" / "data" / "predictions.npz") as saved:
        assert saved["out_of_fold"].shape == (120, 2)


def test_a_rerun_analyses_raw_rows_itself(tmp_path: Path) -> None:
    base = _job(tmp_path, {"algorithm": "linear", "target": "y", "folds": "5"})
    folder = base / "input" / "data" / "train"
    folder.mkdir(parents=True)
    _rows(80).to_csv(folder / "new.csv", index=False)
    metrics = train.run(base)
    assert set(metrics) >= {"F1", "AUC"}
    assert models.load(base / "model").schema.labels == ["0", "1"]


def test_the_ensemble_weighs_candidates_from_their_archives(tmp_path: Path) -> None:
    frame = _rows(150)
    candidates = tmp_path / "candidates"
    for name, algorithm in (("c1", "xgboost"), ("c2", "linear")):
        base = _split_job(tmp_path / name, frame, {"algorithm": algorithm})
        train.run(base)
        output = candidates / name / "output"
        tar_directory(base / "model", output / "model.tar.gz")
        tar_directory(base / "output" / "data", output / "output.tar.gz")
    hyperparameters = {"automl_job": "ensemble", "members": "c1,c2", "objective": "Accuracy"}
    base = _split_job(tmp_path / "ensemble", frame, hyperparameters)
    (base / "input" / "data" / "candidates").symlink_to(candidates)
    metrics = train.run(base)
    ensemble = models.load(base / "model")
    assert isinstance(ensemble, models.EnsembleModel)
    assert sum(ensemble.weights.values()) == pytest.approx(1.0)
    assert 0.5 < metrics["Accuracy"] <= 1.0


def test_a_bad_setting_is_a_client_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = _split_job(tmp_path, _rows(), {"algorithm": "catboost"})
    monkeypatch.setenv("DAGMAKER_OPT_ML", str(base))
    assert train.main() == 1
    assert (
        (base / "output" / "failure")
        .read_text()
        .startswith("ClientError: unknown algorithm 'catboost'")
    )
