"""Candidates fitted and validated, the ensemble chosen, and the models serving requests."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score, mean_squared_error

from dagmaker.errors import InvalidRequest
from dagmaker.runners.builtin.automl import candidate, ensemble, scoring, serving, space, split
from dagmaker.runners.builtin.automl import model as models
from dagmaker.runners.builtin.automl.objectives import Objective

RNG = np.random.default_rng(11)


def _binary(rows: int = 160) -> pd.DataFrame:
    x = RNG.normal(size=(rows, 3))
    colour = RNG.choice(["red", "blue"], rows)
    signal = x[:, 0] + 0.5 * x[:, 1] + np.where(colour == "red", 0.8, -0.8)
    frame = pd.DataFrame(x.round(4), columns=["a", "b", "c"])
    frame["colour"] = colour
    frame.loc[RNG.choice(rows, 10, replace=False), "b"] = np.nan
    frame["label"] = np.where(signal + RNG.normal(0, 0.5, rows) > 0, "yes", "no")
    return frame


def _data(frame: pd.DataFrame, mode: str = "ENSEMBLING") -> candidate.Data:
    schema, train, held = split.prepare(frame, None, {"target": "label", "mode": mode, "seed": 2})
    return candidate.Data(schema, train, held)


@pytest.mark.parametrize("algorithm", list(space.ALGORITHMS))
def test_every_algorithm_fits_and_validates_out_of_fold(algorithm: str) -> None:
    data = _data(_binary())
    params = next((a.params for a in space.ANCHORS if a.algorithm == algorithm), {})
    model, checked = candidate.fit(data, algorithm, params, seed=1)
    assert len(model.estimators) == data.schema.folds == 5
    assert checked.measured_on == "out-of-fold"
    assert checked.out_of_fold is not None and checked.out_of_fold.shape == (160, 2)
    assert np.allclose(checked.out_of_fold.sum(axis=1), 1.0)
    truth = (data.train["label"] == "yes").astype(int)
    predicted = (checked.out_of_fold[:, 1] > 0.5).astype(int)
    assert checked.metrics["F1"] == pytest.approx(f1_score(truth, predicted))
    assert checked.metrics["Accuracy"] > 0.6


def test_tuning_mode_fits_once_and_validates_on_held_out_rows() -> None:
    data = _data(_binary(), mode="HYPERPARAMETER_TUNING")
    model, checked = candidate.fit(data, "xgboost", space.ANCHORS[0].params, seed=1)
    assert len(model.estimators) == 1 and checked.out_of_fold is None
    assert checked.measured_on == "held-out"
    assert checked.held_out is not None and len(checked.held_out) == data.schema.validation_rows


def test_regression_metrics_match_scikit_learn() -> None:
    frame = _binary()
    frame["label"] = (frame["a"] * 3 + RNG.normal(0, 0.1, len(frame))).round(3).astype(str)
    data = _data(frame)
    assert data.schema.problem_type == "Regression"
    _, checked = candidate.fit(data, "linear", {"regularization": 0.01}, seed=1)
    truth = data.train["label"].astype(float)
    assert checked.metrics["MSE"] == pytest.approx(mean_squared_error(truth, checked.out_of_fold))
    assert checked.metrics["RMSE"] == pytest.approx(checked.metrics["MSE"] ** 0.5)
    assert checked.metrics["R2"] > 0.9


def test_the_ensemble_is_at_least_as_good_as_its_best_member() -> None:
    data = _data(_binary(240))
    labels, _ = data.truth()
    objective = Objective("F1", "BinaryClassification")
    scores, values = {}, {}
    for anchor in space.ANCHORS[:4]:
        _, checked = candidate.fit(data, anchor.algorithm, anchor.params, seed=1)
        scores[anchor.algorithm + str(len(scores))] = checked.out_of_fold
        values[anchor.algorithm + str(len(values))] = checked.metrics["F1"]
    weights = ensemble.select(data.schema, objective, labels, scores)
    assert sum(weights.values()) == pytest.approx(1.0)
    blended = ensemble.blend(weights, scores)
    assert scoring.evaluate(data.schema, labels, blended)["F1"] >= max(values.values())


def _saved(tmp_path: Path, mode: str = "ENSEMBLING") -> tuple[models.TabularModel, pd.DataFrame]:
    frame = _binary()
    data = _data(frame, mode)
    model, _ = candidate.fit(data, "xgboost", space.ANCHORS[1].params, seed=1)
    models.save(model, tmp_path / "model")
    serving.write_code(tmp_path / "model")
    return model, frame


def test_serving_answers_csv_records_with_the_chosen_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, frame = _saved(tmp_path)
    loaded = serving.model_fn(str(tmp_path / "model"))
    rows = frame.drop(columns=["label"]).head(3)
    body = rows.to_csv(index=False, header=False)
    answer = serving.predict_fn(serving.input_fn(body, "text/csv"), loaded)
    expected = models.predicted_labels(model.scores(rows), model.schema)
    text, content_type = serving.output_fn(answer, "text/csv")
    assert (text.splitlines(), content_type) == (expected, "text/csv")
    monkeypatch.setenv("SAGEMAKER_INFERENCE_OUTPUT", "predicted_label,probability,labels")
    first = json.loads(serving.output_fn(answer, "application/json")[0])["predictions"][0]
    assert first["predicted_label"] == expected[0]
    assert first["probability"] == pytest.approx(float(model.scores(rows)[0, 1]))
    assert first["labels"] == ["no", "yes"]
    lines = serving.output_fn(answer, "application/jsonlines")[0].splitlines()
    assert len(lines) == 3
    monkeypatch.setenv("SAGEMAKER_INFERENCE_OUTPUT", "score")
    with pytest.raises(InvalidRequest, match="asks for score"):
        serving.output_fn(answer, "text/csv")


def test_records_with_the_target_left_in_are_accepted(tmp_path: Path) -> None:
    _, frame = _saved(tmp_path)
    loaded = serving.model_fn(str(tmp_path / "model"))
    without = frame.drop(columns=["label"]).head(4).to_csv(index=False, header=False)
    with_target = frame.head(4).to_csv(index=False, header=False)
    first = serving.output_fn(serving.predict_fn(without, loaded), "text/csv")
    assert serving.output_fn(serving.predict_fn(with_target, loaded), "text/csv") == first
    with pytest.raises(InvalidRequest, match="record 1 has 2 values, but the model takes 4"):
        serving.predict_fn("1,2\n", loaded)
    with pytest.raises(InvalidRequest, match="takes text/csv records"):
        serving.input_fn("{}", "application/json")


def test_the_tuning_containers_chained_answer_as_the_whole_model(tmp_path: Path) -> None:
    _, frame = _saved(tmp_path, mode="HYPERPARAMETER_TUNING")
    loaded = serving.model_fn(str(tmp_path / "model"))
    body = frame.drop(columns=["label"]).head(5).to_csv(index=False, header=False)
    features, _ = serving.matrix_output_fn(serving.transform_fn(body, loaded), "text/csv")
    matrix = serving.matrix_input_fn(features, "text/csv")
    probabilities, _ = serving.matrix_output_fn(serving.algorithm_fn(matrix, loaded), "text/csv")
    answer = serving.inverse_label_fn(serving.matrix_input_fn(probabilities, "text/csv"), loaded)
    whole = serving.predict_fn(body, loaded)
    assert serving.output_fn(answer, "text/csv") == serving.output_fn(whole, "text/csv")
    scripts = sorted(p.name for p in (tmp_path / "model" / "code").iterdir())
    assert scripts == ["algorithm.py", "feature_transform.py", "inverse_label.py", "serve.py"]


def test_loading_a_folder_without_a_model_says_what_it_holds(tmp_path: Path) -> None:
    (tmp_path / "xgboost-model").write_text("{}")
    with pytest.raises(Exception, match=r"holds no AutoML model .* it holds xgboost-model"):
        models.load(tmp_path)
