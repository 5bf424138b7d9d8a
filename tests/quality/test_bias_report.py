"""The bias sections of analysis.json: the SDK's golden pair, group rules, bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from dagmaker.quality.bias_groups import BiasInputError
from dagmaker.quality.bias_posttraining import POSTTRAINING
from dagmaker.quality.bias_pretraining import PRETRAINING
from dagmaker.quality.bias_report import (
    BiasConfig,
    BiasData,
    Facet,
    metric_names,
    posttraining,
    pretraining,
)

FIXTURES = Path(__file__).parent / "mq_clarify_fixtures"
HEADERS = ["Label", "F1", "F2", "F3", "F4"]


def _golden_columns() -> dict[str, list[str]]:
    with (FIXTURES / "clarify_dataset.csv").open() as handle:
        rows = list(csv.reader(handle))
    return {name: [row[i] for row in rows] for i, name in enumerate(HEADERS)}


def test_pretraining_bias_equals_the_containers_analysis() -> None:
    config = BiasConfig("Label", (1,), (Facet("F1", (0.5,)),), group_variable="F2")
    section = pretraining(
        BiasData(_golden_columns()), config, metric_names("all", PRETRAINING, "pre_training_bias")
    )
    expected = json.loads((FIXTURES / "clarify_data_bias_analysis.json").read_text())
    # Equal to the last bit, not just to 1e-9.
    assert {"version": "1.0", "pre_training_bias_metrics": section} == expected


def test_without_a_group_variable_cddl_is_an_error_entry() -> None:
    config = BiasConfig("Label", (1,), (Facet("F1", (0.5,)),))
    section = pretraining(BiasData(_golden_columns()), config, ["CDDL", "CI"])
    metrics = section["facets"]["F1"][0]["metrics"]
    assert metrics[0] == {
        "name": "CDDL",
        "description": "Conditional Demographic Disparity in Labels (CDDL)",
        "value": None,
        "error": "Group variable is empty or not provided",
    }
    assert metrics[1]["name"] == "CI"


def test_a_categorical_facet_without_values_gives_one_result_per_value() -> None:
    columns = {
        "y": ["1", "0", "1", "1", "0", "0"],
        "sex": ["f", "m", "m", "x", "f", "m"],
    }
    section = pretraining(BiasData(columns), BiasConfig("y", (1,), (Facet("sex"),)), ["CI"])
    results = section["facets"]["sex"]
    assert [r["value_or_threshold"] for r in results] == ["f", "m", "x"]
    assert [r["metrics"][0]["value"] for r in results] == pytest.approx(
        [(4 - 2) / 6, 0.0, (5 - 1) / 6]
    )
    assert section["label_value_or_threshold"] == "1"


def test_several_values_select_one_group_and_are_joined() -> None:
    columns = {"y": ["yes", "no", "yes", "no"], "age": ["1", "2", "3", "2"]}
    config = BiasConfig("y", ("yes",), (Facet("age", (1, 3)),))
    result = pretraining(BiasData(columns), config, ["CI", "DPL"])["facets"]["age"][0]
    assert result["value_or_threshold"] == "1,3"
    assert [m["value"] for m in result["metrics"]] == [0.0, -1.0]


def test_a_binary_integer_column_is_a_class_not_a_threshold() -> None:
    # Few records, two values: [1] selects the ones (a threshold would select nothing).
    columns = {"y": ["1", "0", "1", "0"], "flag": ["1", "1", "0", "0"]}
    result = pretraining(BiasData(columns), BiasConfig("y", (1,), (Facet("flag", (1,)),)), ["DPL"])
    assert result["facets"]["flag"][0]["value_or_threshold"] == "1"


def test_a_continuous_label_is_binarised_above_its_threshold() -> None:
    columns = {"score": ["0.2", "0.7", "0.9", "0.4"], "g": ["a", "b", "a", "b"]}
    section = pretraining(BiasData(columns), BiasConfig("score", (0.5,), (Facet("g", ("a",)),)), [])
    assert section["label_value_or_threshold"] == "(0.5, 0.9]"


def test_posttraining_uses_the_labels_rule_for_predictions() -> None:
    columns = {"y": ["1", "1", "0", "0", "1", "0"], "f": ["a", "a", "a", "b", "b", "b"]}
    data = BiasData(columns, predicted=["1", "0", "0", "1", "1", "1"])
    config = BiasConfig("y", (1,), (Facet("f", ("b",)),))
    section = posttraining(data, config, metric_names("all", POSTTRAINING, "post_training_bias"))
    metrics = {m["name"]: m for m in section["facets"]["f"][0]["metrics"]}
    assert list(metrics) == sorted(POSTTRAINING)
    assert metrics["DPPL"]["value"] == pytest.approx(1 / 3 - 1.0)
    assert metrics["TE"]["value"] == "-Infinity"  # FN_d / FP_d = 0, FN_a / FP_a = 1 / 0
    assert metrics["FT"] == {
        "name": "FT",
        "description": "Flip Test (FT)",
        "value": None,
        "error": "FlipTest needs numeric feature columns: no feature columns",
    }
    with_features = BiasData(columns, data.predicted, features=np.arange(6.0).reshape(-1, 1))
    flip = posttraining(with_features, config, ["FT"])["facets"]["f"][0]["metrics"][0]
    assert isinstance(flip["value"], float)


@pytest.mark.parametrize(
    ("columns", "config", "message"),
    [
        (
            {"y": ["1", "0"], "f": ["a", "b"]},
            BiasConfig("y", (1,), (Facet("f", (0.5,)),)),
            r"no record has f = 0.5; the column holds 'a', 'b'",
        ),
        (
            {"y": ["0", "0"], "f": ["a", "b"]},
            BiasConfig("y", (1,), (Facet("f", ("a",)),)),
            "no record has y = 1",
        ),
        (
            {"y": ["1", "0", "1"], "f": ["0.2", "abc", "0.9"]},
            BiasConfig("y", (1,), (Facet("f", (0.5,)),)),
            r"column f mixes numbers and text \(record 2 holds 'abc'\)",
        ),
        (
            {"y": ["1", "0", "1"], "f": ["0.2", "", "0.9"]},
            BiasConfig("y", (1,), (Facet("f", (0.5,)),)),
            r"record 2 is empty",
        ),
        (
            {"y": ["1", "0", "1"], "f": ["0.2", "0.4", "0.3"]},
            BiasConfig("y", (1,), (Facet("f", (0.5,)),)),
            r"no record has f above the threshold 0.5 \(the largest value is 0.4\)",
        ),
        ({"y": [], "f": []}, BiasConfig("y", (1,), (Facet("f"),)), "no records"),
        (
            {"y": ["1", "0", "1"], "f": ["0.2", "0.4", "0.3"]},
            BiasConfig("y", (1,), (Facet("f"),)),
            r"facet f is continuous \(3 distinct numbers\); give value_or_threshold",
        ),
        (
            {"y": ["1"], "f": ["a"]},
            BiasConfig("y", (1,), (Facet("sex"),)),
            "facet name_or_index 'sex' is not a column of the dataset; its columns are y, f",
        ),
        ({"y": ["1"], "f": ["a"]}, BiasConfig("y", (), (Facet("f"),)), "is required"),
    ],
)
def test_bad_input_is_named(columns: dict, config: BiasConfig, message: str) -> None:
    with pytest.raises(BiasInputError, match=message):
        pretraining(BiasData(columns), config, ["CI"])


def test_unknown_metric_names_and_missing_predictions() -> None:
    with pytest.raises(BiasInputError, match="unknown metric 'XYZ'"):
        metric_names(["CI", "XYZ"], PRETRAINING, "pre_training_bias")
    assert metric_names(["KL", "CI", "KL"], PRETRAINING, "pre_training_bias") == ["CI", "KL"]
    with pytest.raises(BiasInputError, match="needs the model's predicted labels"):
        posttraining(BiasData({"y": ["1"]}), BiasConfig("y", (1,), ()), ["DI"])


def test_a_non_numeric_prediction_against_a_threshold_label_is_named() -> None:
    data = BiasData({"y": ["0.1", "0.6", "0.9"], "f": ["a", "b", "a"]}, predicted=["1", "x", "0"])
    with pytest.raises(BiasInputError, match="the predicted label mixes numbers and text"):
        posttraining(data, BiasConfig("y", (0.5,), (Facet("f", ("a",)),)), ["DI"])
