"""Reading analysis_config.json and the dataset it describes."""

from __future__ import annotations

import pytest

from dagmaker.quality.clarify_config import ClarifyConfigError, parse
from dagmaker.quality.clarify_table import DatasetError, read

BIAS = {
    "dataset_type": "text/csv",
    "label": "y",
    "label_values_or_threshold": [1],
    "facet": [{"name_or_index": 1, "value_or_threshold": [0.5]}],
    "methods": {"pre_training_bias": {"methods": "all"}},
}


def test_defaults_and_types() -> None:
    config = parse(
        dict(BIAS, predictor={"model_name": "m", "probability": 1}, methods={"shap": {}})
    )
    assert config.probability_threshold == 0.5
    assert config.facets[0].name_or_index == 1
    assert config.facets[0].values == (0.5,)
    assert config.predictor is not None
    assert (config.predictor.content_type, config.predictor.accept_type) == ("text/csv", "text/csv")
    assert config.needs_predictions
    assert not parse(BIAS).needs_predictions


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ClarifyConfigError) as caught:
        parse(
            {
                "dataset_type": "text/tsv",
                "methods": {"post_training_bias": {}, "explain": {}},
                "probability_threshold": "high",
            }
        )
    message = caught.value.message
    assert message.startswith("analysis_config.json has 7 problems:")
    for part in (
        "dataset_type 'text/tsv' is not supported",
        "methods.explain is not a Clarify analysis method",
        "probability_threshold must be a number",
        "post_training_bias needs label",
        "post_training_bias needs label_values_or_threshold",
        "post_training_bias needs facet",
        "post_training_bias needs predictions: give predictor (model_name or endpoint_name) "
        "or predicted_label",
    ):
        assert part in message


def test_a_predictor_needs_a_model_or_endpoint() -> None:
    with pytest.raises(ClarifyConfigError, match="predictor needs model_name or endpoint_name"):
        parse(dict(BIAS, predictor={"label": 0}))


def _config(**changes: object):  # type: ignore[no-untyped-def]
    return parse(dict(BIAS, **changes))


def test_csv_header_rules() -> None:
    with_header = read("y,x\n1,2\n0,3\n", _config(), "d.csv")
    assert with_header.columns == {"y": ["1", "0"], "x": ["2", "3"]}
    numeric_first_row = read("1,2\n0,3\n", _config(), "d.csv")
    assert numeric_first_row.names == ["column_0", "column_1"]
    given = read("y,x\n1,2\n", _config(headers=["y", "x"]), "d.csv")
    assert given.columns == {"y": ["1"], "x": ["2"]}  # a header equal to headers is skipped
    assert given.name_of(1, "facet") == "x"


def test_json_lines_with_features_label_and_headers() -> None:
    text = '{"f": [1, 2.5], "t": 1}\n\n{"f": [3, 4], "t": 0}\n'
    config = _config(
        dataset_type="application/jsonlines", features="f", label="t", headers=["a", "b"]
    )
    table = read(text, config, "d.jsonl")
    assert table.columns == {"a": [1, 3], "b": [2.5, 4], "label": [1, 0]}


JSONL = {"dataset_type": "application/jsonlines", "features": "f"}


@pytest.mark.parametrize(
    ("text", "changes", "message"),
    [
        ("", {}, "the dataset d.csv is empty"),
        ("  \n", {}, "is empty"),
        ("y,x\n", {}, "has a header but no records"),
        ("y,x\n1,2\n0\n", {}, r"record 2 of d.csv has 1 values but there are 2 columns \(y, x\)"),
        ("y,y\n1,2\n", {}, "not unique"),
        ('{"f": [1], "y": 1}\nnot json\n', JSONL, "line 2 of d.csv is not JSON"),
        ('{"g": [1], "y": 1}\n', JSONL, "no key 'f'"),
    ],
)
def test_unreadable_datasets_are_named(text: str, changes: dict, message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        read(text, _config(**changes), "d.csv")


def test_unknown_columns_list_the_real_ones() -> None:
    table = read("y,x\n1,2\n", _config(), "d.csv")
    with pytest.raises(
        DatasetError, match="label 'z' is not a column of the dataset; its columns are y, x"
    ):
        table.name_of("z", "label")
    with pytest.raises(DatasetError, match="facet 5 is not a column"):
        table.name_of(5, "facet")
