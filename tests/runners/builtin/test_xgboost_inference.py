"""The built-in XGBoost inference handlers round-trip CSV, LibSVM and JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest
import xgboost as xgb

from dagmaker.errors import InvalidRequest
from dagmaker.runners.builtin.xgboost_inference import input_fn, model_fn, output_fn, predict_fn

RNG = np.random.default_rng(21)
FEATURES = np.round(RNG.normal(size=(200, 4)), 4).astype(np.float32)
TARGET = 2 * FEATURES[:, 0] - FEATURES[:, 1]
CLASSES = (FEATURES[:, 0] > 0).astype(int) + (FEATURES[:, 1] > 0.5).astype(int)


def save(tmp_path, params, labels, name="xgboost-model"):
    booster = xgb.train(params, xgb.DMatrix(FEATURES, label=labels), num_boost_round=10)
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(bytes(booster.save_raw(raw_format="json")))
    return booster


def csv_body(rows):
    return "".join(",".join(f"{v:.10g}" for v in row) + "\n" for row in rows).encode()


def test_csv_request_to_csv_and_json_responses(tmp_path):
    reference = save(tmp_path, {"objective": "reg:squarederror"}, TARGET)
    expected = reference.predict(xgb.DMatrix(FEATURES[:5]))

    model = model_fn(str(tmp_path))
    predictions = predict_fn(input_fn(csv_body(FEATURES[:5]), "text/csv; charset=utf-8"), model)
    csv_out, csv_type = output_fn(predictions, "text/csv")
    json_out, json_type = output_fn(predictions, "application/json")
    lines_out, lines_type = output_fn(predictions, "application/jsonlines")

    assert np.array_equal(predictions, expected)
    assert csv_type == "text/csv"
    assert [float(v) for v in csv_out.decode().splitlines()] == pytest.approx(expected.tolist())
    assert csv_out.endswith(b"\n") and csv_out.count(b"\n") == 5
    assert json_type == "application/json"
    assert [p["score"] for p in json.loads(json_out)["predictions"]] == pytest.approx(
        expected.tolist()
    )
    assert lines_type == "application/jsonlines"
    assert [json.loads(line)["score"] for line in lines_out.decode().splitlines()] == pytest.approx(
        expected.tolist()
    )
    assert output_fn(predictions, "*/*") == (csv_out, "text/csv")
    assert output_fn(predictions, None) == (csv_out, "text/csv")


def test_multiclass_probabilities_are_one_row_per_record(tmp_path):
    save(tmp_path, {"objective": "multi:softprob", "num_class": 3}, CLASSES)
    model = model_fn(str(tmp_path))

    predictions = predict_fn(input_fn(csv_body(FEATURES[:4]), "text/csv"), model)
    body, _ = output_fn(predictions, "text/csv")
    rows = [[float(v) for v in line.split(",")] for line in body.decode().splitlines()]
    scores = [
        p["score"] for p in json.loads(output_fn(predictions, "application/json")[0])["predictions"]
    ]

    assert predictions.shape == (4, 3)
    assert np.allclose(rows, predictions)
    assert np.allclose(scores, predictions)
    assert all(sum(row) == pytest.approx(1.0, abs=1e-5) for row in rows)


def test_libsvm_requests_ignore_the_label_and_match_csv(tmp_path):
    save(tmp_path, {"objective": "reg:squarederror"}, TARGET, name="model.json")
    model = model_fn(str(tmp_path))
    rows = FEATURES[:3]
    libsvm = "".join(
        "9 " + " ".join(f"{i}:{v:.10g}" for i, v in enumerate(row)) + "\n" for row in rows
    )

    from_libsvm = predict_fn(input_fn(libsvm.encode(), "text/x-libsvm"), model)
    from_csv = predict_fn(input_fn(csv_body(rows), "text/csv"), model)

    assert np.array_equal(from_libsvm, from_csv)


def test_missing_csv_cells_are_missing_values(tmp_path):
    reference = save(tmp_path, {"objective": "reg:squarederror"}, TARGET)
    model = model_fn(str(tmp_path))

    predictions = predict_fn(input_fn(b"0.5,,1,2\n", "text/csv"), model)

    row = np.array([[0.5, np.nan, 1, 2]], dtype=np.float32)
    assert predictions.tolist() == reference.predict(xgb.DMatrix(row)).tolist()


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"", "text/csv", "The request body is empty"),
        (b"1,2\nabc,3\n", "text/csv", "line 2 is not numeric CSV"),
        (b"1,2\n3\n", "text/csv", "rows have different numbers of columns"),
        (b"1 a:b\n", "text/libsvm", "line 1 has 'a:b', not '<index>:<value>'"),
        (b"{}", "application/json", "Content type 'application/json' is not supported"),
    ],
)
def test_bad_requests(body, content_type, message):
    with pytest.raises(InvalidRequest, match=message):
        input_fn(body, content_type)


def test_bad_accept_and_missing_model(tmp_path):
    with pytest.raises(InvalidRequest, match="Accept type 'text/html' is not supported"):
        output_fn(np.zeros(2, dtype=np.float32), "text/html")
    (tmp_path / "a").write_text("x")
    (tmp_path / "b").write_text("y")
    with pytest.raises(
        InvalidRequest, match="expected 'xgboost-model' or a single model file, found a, b"
    ):
        model_fn(str(tmp_path))
    (tmp_path / "b").unlink()
    with pytest.raises(InvalidRequest, match="is not a model XGBoost"):
        model_fn(str(tmp_path))
