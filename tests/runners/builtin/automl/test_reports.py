"""The best candidate's reports: model quality (Model Monitor) and kernel SHAP (Clarify)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dagmaker.runners.builtin.automl import candidate, insights, reports, serving, space, split
from dagmaker.runners.builtin.automl import model as models
from dagmaker.runners.packaging import tar_directory

RNG = np.random.default_rng(5)


def _frame(rows: int, labels: list[str] | None) -> pd.DataFrame:
    x = RNG.normal(size=(rows, 2))
    shade = RNG.choice(["dark", "light", "pale"], rows)
    frame = pd.DataFrame({"width": x[:, 0].round(3), "noise": x[:, 1].round(3), "shade": shade})
    signal = 2 * x[:, 0] + np.where(shade == "dark", 1.5, 0.0)
    if labels is None:
        frame["label"] = (signal + RNG.normal(0, 0.1, rows)).round(3).astype(str)
    else:
        bins = np.digitize(signal, np.quantile(signal, np.linspace(0, 1, len(labels) + 1)[1:-1]))
        frame["label"] = [labels[i] for i in bins]
    return frame


def _fitted(frame: pd.DataFrame) -> tuple[candidate.Data, models.TabularModel, candidate.Validated]:
    schema, train, held = split.prepare(frame, None, {"target": "label", "mode": "ENSEMBLING"})
    data = candidate.Data(schema, train, held)
    model, checked = candidate.fit(data, "xgboost", space.ANCHORS[1].params, seed=3)
    return data, model, checked


@pytest.mark.parametrize(
    ("labels", "section", "metric"),
    [
        (["no", "yes"], "binary_classification_metrics", "f1"),
        (["low", "mid", "top"], "multiclass_classification_metrics", "weighted_f1"),
        (None, "regression_metrics", "mse"),
    ],
)
def test_model_quality_in_model_monitors_layout(
    labels: list[str] | None, section: str, metric: str
) -> None:
    data, _, checked = _fitted(_frame(120, labels))
    truth, _ = data.truth()
    assert checked.out_of_fold is not None
    found = insights.model_quality(data.schema, truth, checked.out_of_fold)
    assert found["dataset"] == {"item_count": 120}
    assert set(found) == {"version", "dataset", section}
    assert "value" in found[section][metric]
    if labels == ["no", "yes"]:
        assert found[section]["f1"]["value"] == pytest.approx(checked.metrics["F1"])
        assert found[section]["auc"]["value"] == pytest.approx(checked.metrics["AUC"])
    if labels is None:
        assert found[section]["mse"]["value"] == pytest.approx(checked.metrics["MSE"])


def test_categories_are_explained_through_their_codes() -> None:
    data, _, _ = _fitted(_frame(60, ["no", "yes"]))
    encoding = insights.Encoding.of(data.schema, data.train)
    matrix = encoding.encode(data.train)
    assert matrix.shape == (60, 3)
    decoded = encoding.decode(matrix)
    assert decoded["shade"].tolist() == data.train["shade"].tolist()
    assert decoded["width"].tolist() == pytest.approx(data.train["width"].tolist())


def test_shap_values_rank_the_features_that_matter() -> None:
    data, model, _ = _fitted(_frame(150, ["no", "yes"]))
    analysis = insights.explainability(model, data.train, data.train, seed=1)
    label = analysis["explanations"]["kernel_shap"]["label0"]
    values = label["global_shap_values"]
    assert set(values) == {"width", "noise", "shade"}
    assert values["width"] > values["noise"]
    assert 0.0 < label["expected_value"] < 1.0


def test_multiclass_explanations_are_labelled_by_class() -> None:
    data, model, _ = _fitted(_frame(90, ["low", "mid", "top"]))
    analysis = insights.explainability(model, data.train, data.train, seed=1)
    assert sorted(analysis["explanations"]["kernel_shap"]) == ["low", "mid", "top"]


def test_the_program_writes_both_reports(tmp_path: Path) -> None:
    frame = _frame(100, ["no", "yes"])
    base = tmp_path / "opt_ml"
    inputs = base / reports.INPUT
    schema, train, _ = split.prepare(frame, None, {"target": "label", "mode": "ENSEMBLING"})
    schema.write(inputs / "schema")
    (inputs / "train").mkdir(parents=True)
    train.to_parquet(inputs / "train" / "data.parquet")
    data = candidate.Data(schema, train, None)
    model, checked = candidate.fit(data, "linear", {"regularization": 1.0}, seed=1)
    work = tmp_path / "candidate"
    models.save(model, work / "model")
    serving.write_code(work / "model")
    (work / "output").mkdir()
    np.savez(work / "output" / "predictions.npz", out_of_fold=checked.out_of_fold)
    tar_directory(work / "model", inputs / "candidate" / "model.tar.gz")
    tar_directory(work / "output", inputs / "candidate" / "output.tar.gz")
    statistics, analysis = reports.run(base, {"seed": 4})
    written = base / reports.OUTPUT
    assert json.loads((written / "explainability" / "analysis.json").read_text()) == analysis
    assert (written / "explainability" / "report.html").is_file()
    text = (written / "model_insights" / "statistics.json").read_text()
    assert '"version" : 0.0' in text  # Model Monitor's layout
    assert json.loads(text)["binary_classification_metrics"]["f1"]["value"] == pytest.approx(
        checked.metrics["F1"]
    )
    assert statistics["dataset"]["item_count"] == 100
