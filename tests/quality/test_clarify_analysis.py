"""A whole Clarify analysis over a table, with predictions from a column or a model."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from dagmaker.quality.clarify_analysis import analyse
from dagmaker.quality.clarify_config import PredictorSetting, parse
from dagmaker.quality.clarify_predictions import labels, pick, scores
from dagmaker.quality.clarify_table import DatasetError, Table, read


class Logistic:
    """A real (tiny) model: answers each row with CSV fields "label,score"."""

    def __init__(self, weights: list[float]) -> None:
        self.weights = np.asarray(weights)
        self.calls = 0

    def predict(self, features: np.ndarray) -> list[Any]:
        self.calls += 1
        score = 1.0 / (1.0 + np.exp(-(features @ self.weights)))
        return [[str(int(s > 0.5)), repr(float(s))] for s in score]


def _table() -> Table:
    rng = np.random.default_rng(4)
    rows = ["id,y,sex,x1,x2,pred"]
    for i in range(80):
        sex, x1, x2 = int(rng.integers(0, 2)), rng.normal(), rng.normal()
        y = int(x1 + 0.5 * sex > 0.2)
        rows.append(f"r{i},{y},{sex},{x1:.4f},{x2:.4f},{int(x1 > 0)}")
    config = parse({"dataset_type": "text/csv", "methods": {"report": {}, "shap": {}},
                    "predictor": {"model_name": "m"}})  # fmt: skip
    return read("\n".join(rows) + "\n", config, "d.csv")


BASE = {
    "dataset_type": "text/csv",
    "label": "y",
    "label_values_or_threshold": [1],
    "facet": [{"name_or_index": "sex", "value_or_threshold": [1]}],
    "joinsource_name_or_index": "id",
}


def test_post_training_bias_from_a_predicted_label_column() -> None:
    config = parse(dict(BASE, predicted_label="pred", methods={"post_training_bias": {}}))
    result = analyse(config, _table())
    assert result.feature_names == ["sex", "x1", "x2"]  # label, prediction and id left out
    metrics = result.document["post_training_bias_metrics"]["facets"]["sex"][0]["metrics"]
    assert {m["name"] for m in metrics} >= {"DPPL", "FT", "GE"}
    assert "pre_training_bias_metrics" not in result.document


def test_predictions_and_shap_from_a_model() -> None:
    model = Logistic([0.0, 2.0, 0.0])
    config = parse(
        dict(
            BASE,
            excluded_columns=["pred"],
            methods={
                "pre_training_bias": {"methods": ["CI"]},
                "post_training_bias": {"methods": ["DPPL"]},
                "shap": {"baseline": [[0, 0, 0]], "use_logit": True},
            },
            predictor={"model_name": "m", "label": 0, "probability": 1},
        )
    )
    table = _table()
    result = analyse(config, table, model)
    post = result.document["post_training_bias_metrics"]["facets"]["sex"][0]["metrics"]
    x1 = np.array([float(v) for v in table.columns["x1"]])
    sex = np.array([int(str(v)) for v in table.columns["sex"]])
    predicted = x1 > 0
    assert post[0]["value"] == pytest.approx(
        predicted[sex == 0].mean() - predicted[sex == 1].mean()
    )
    shap = result.document["explanations"]["kernel_shap"]["label0"]
    assert shap["global_shap_values"]["x1"] == pytest.approx(np.mean(np.abs(2.0 * x1)), rel=1e-6)
    assert shap["global_shap_values"]["sex"] == pytest.approx(0.0, abs=1e-9)
    assert result.explanations[0].local_values.shape == (80, 3)


def test_a_model_needs_numeric_features() -> None:
    text = "y,sex,city\n1,0,paris\n0,1,rome\n"
    config = parse(
        dict(
            BASE,
            joinsource_name_or_index=None,
            methods={"post_training_bias": {}},
            predictor={"model_name": "m"},
        )
    )
    with pytest.raises(
        DatasetError, match=r"column city is not numeric \(record 1 holds 'paris'\)"
    ):
        analyse(config, read(text, config, "d.csv"), Logistic([1.0, 1.0]))


def test_reading_responses() -> None:
    predictor = PredictorSetting(
        model_name="m", probability="scores", label_headers=("a", "b", "c")
    )
    responses = [{"scores": [0.1, 0.7, 0.2]}, {"scores": [0.5, 0.2, 0.3]}]
    assert labels(responses, predictor, 0.5) == ["b", "a"]
    assert scores(responses, predictor).shape == (2, 3)
    single = PredictorSetting(model_name="m")
    assert labels([["0.7"], ["0.2"]], single, 0.5) == [1, 0]
    assert labels([["0.7"]], single, 0.8) == [0]
    with pytest.raises(DatasetError, match=r"predictor\.label is 3, but the response for record 2"):
        pick(["1", "0.3"], 3, "label", 2)
    with pytest.raises(DatasetError, match=r"score for record 1 is not a number: \['yes'\]"):
        scores([["yes"]], single)
