"""Framework defaults, codecs and script loading of the inference toolkit stand-in."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import xgboost as xgb

from dagmaker.errors import InvalidRequest, JobFailure, UserCodeError
from dagmaker.runners.builtin.inference import codecs, user_module
from dagmaker.runners.builtin.inference.defaults import defaults_for
from dagmaker.runners.builtin.inference.handler import load_handler


@pytest.fixture(autouse=True)
def _isolated_imports(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """User scripts are imported into this process; forget them after each test."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(("serve_", "dagmaker_inference_")):
            del sys.modules[name]


def test_csv_decodes_to_rows_even_for_one_record() -> None:
    assert codecs.decode("1,2,3", "text/csv").shape == (1, 3)
    assert codecs.decode(b"1,2\n3,4\n", "text/csv; charset=utf-8").tolist() == [[1, 2], [3, 4]]
    assert codecs.decode("a,b", "text/csv").dtype.kind == "U"


def test_json_and_json_lines_decode_to_arrays() -> None:
    assert codecs.decode("[1, 2, 3]", "application/json").shape == (1, 3)
    assert codecs.decode("[[1, 2], [3, 4]]", "application/json").shape == (2, 2)
    assert codecs.decode("[1, 2]\n[3, 4]\n", "application/json").tolist() == [[1, 2], [3, 4]]
    with pytest.raises(InvalidRequest, match="not JSON or JSON Lines"):
        codecs.decode("{oops", "application/json")


def test_npy_round_trip() -> None:
    array = np.arange(6.0).reshape(2, 3)
    body, content_type = codecs.encode(array, "application/x-npy")
    assert content_type == "application/x-npy"
    assert np.array_equal(codecs.decode(body, content_type), array)


def test_encoders() -> None:
    array = np.array([1.5, 2.5])
    assert codecs.encode(array, "application/json") == (b"[1.5, 2.5]", "application/json")
    assert codecs.encode(array, "text/csv") == (b"1.5\n2.5\n", "text/csv")
    assert codecs.encode(np.array([[1, 2], [3, 4]]), "text/csv")[0] == b"1,2\n3,4\n"
    assert codecs.encode(array, "application/jsonlines")[0] == b"1.5\n2.5\n"
    assert codecs.encode(array, "")[1] == "application/json"


def test_unsupported_types_name_the_way_out() -> None:
    with pytest.raises(InvalidRequest, match="define input_fn"):
        codecs.decode(b"x", "image/png")
    with pytest.raises(InvalidRequest, match="define output_fn"):
        codecs.encode([1], "text/html")


def _linear_model(directory: Path) -> object:
    from sklearn.linear_model import LinearRegression

    rows = np.arange(20.0).reshape(10, 2)
    model = LinearRegression().fit(rows, rows @ [2.0, -1.0] + 3.0)
    import joblib

    directory.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, directory / "model.joblib")
    return model


def test_sklearn_defaults_load_model_joblib_and_answer_json(tmp_path: Path) -> None:
    _linear_model(tmp_path)
    handler = load_handler(defaults_for("sklearn"), tmp_path, None)
    body, content_type = handler.transform(b"1,2\n3,4", "text/csv", "")
    assert content_type == "application/json"
    assert json.loads(body) == pytest.approx([3.0, 5.0])


def test_sklearn_without_a_model_file_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "weights.bin").write_bytes(b"0")
    with pytest.raises(JobFailure) as caught:
        load_handler(defaults_for("sklearn"), tmp_path, None)
    assert "none of model.joblib, model.pkl, model.pickle (it holds weights.bin)" in str(
        caught.value
    )
    assert "define model_fn(model_dir)" in str(caught.value)


def _script(directory: Path, name: str, source: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(source)
    return path


def test_script_functions_override_defaults_and_get_text_bodies(tmp_path: Path) -> None:
    _linear_model(tmp_path / "model")
    _script(
        tmp_path / "code",
        "serve_text.py",
        "import json\n"
        "def input_fn(body, content_type):\n"
        "    assert isinstance(body, str), type(body)\n"
        "    return [[float(v) for v in line.split('|')] for line in body.splitlines()]\n"
        "def output_fn(prediction, accept):\n"
        "    return json.dumps({'n': len(prediction), 'first': float(prediction[0])}), accept\n",
    )
    module = user_module.load(tmp_path / "code", "serve_text.py", "dagmaker_inference_0")
    handler = load_handler(defaults_for("sklearn"), tmp_path / "model", module)
    body, content_type = handler.transform(b"1|2\n3|4", "text/csv", "application/x-custom")
    assert json.loads(body) == {"n": 2, "first": pytest.approx(3.0)}
    assert content_type == "application/x-custom"


def test_transform_fn_takes_over_the_whole_request(tmp_path: Path) -> None:
    _script(
        tmp_path,
        "serve_transform.py",
        "def model_fn(model_dir, context=None):\n    return 10\n"
        "def transform_fn(model, body, content_type, accept):\n"
        "    return str(model * len(body.splitlines())), 'text/plain'\n",
    )
    module = user_module.load(tmp_path, "serve_transform", "dagmaker_inference_1")
    handler = load_handler(defaults_for("generic"), tmp_path, module)
    assert handler.transform(b"a\nb\nc", "text/csv", "") == (b"30", "text/plain")


def test_xgboost_framework_mode_needs_the_scripts_model_fn(tmp_path: Path) -> None:
    _script(tmp_path, "serve_noload.py", "def predict_fn(data, model):\n    return []\n")
    module = user_module.load(tmp_path, "serve_noload.py", "dagmaker_inference_2")
    with pytest.raises(JobFailure, match="defines no model_fn, which the xgboost container needs"):
        load_handler(defaults_for("xgboost"), tmp_path, module)


def _booster(directory: Path) -> xgb.Booster:
    rng = np.random.default_rng(1)
    rows = rng.normal(size=(100, 3))
    booster = xgb.train({"objective": "reg:squarederror"}, xgb.DMatrix(rows, rows @ [1, 2, 3]), 5)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "xgboost-model").write_bytes(bytes(booster.save_raw(raw_format="json")))
    return booster


def test_xgboost_algorithm_mode_matches_the_booster(tmp_path: Path) -> None:
    booster = _booster(tmp_path)
    handler = load_handler(defaults_for("xgboost-algorithm"), tmp_path, None)
    rows = np.array([[0.1, 0.2, 0.3], [1.0, -1.0, 0.5]], dtype=np.float32)
    text = "\n".join(",".join(str(v) for v in row) for row in rows).encode()
    body, content_type = handler.transform(text, "text/csv", "")
    assert content_type == "text/csv"
    expected = booster.predict(xgb.DMatrix(rows))
    assert np.allclose(np.loadtxt(io.BytesIO(body)), expected, atol=1e-6)
    libsvm, _ = handler.transform(b"0 0:0.1 1:0.2 2:0.3", "text/libsvm", "")
    assert float(libsvm) == pytest.approx(float(expected[0]), abs=1e-6)


def test_xgboost_explains_a_bad_csv_line(tmp_path: Path) -> None:
    _booster(tmp_path)
    handler = load_handler(defaults_for("xgboost-algorithm"), tmp_path, None)
    with pytest.raises(InvalidRequest, match="line 2 is not numeric CSV"):
        handler.transform(b"1,2,3\n1,oops,3", "text/csv", "")


@pytest.mark.skipif(importlib.util.find_spec("torch") is not None, reason="torch is installed")
def test_pytorch_models_without_torch_fail_saying_how_to_fix_it(tmp_path: Path) -> None:
    (tmp_path / "model.pth").write_bytes(b"not really")
    with pytest.raises(JobFailure) as caught:
        load_handler(defaults_for("pytorch"), tmp_path, None)
    assert "this model needs PyTorch" in caught.value.message
    assert "dagmaker images map" in caught.value.message


def test_missing_script_lists_the_code_directory(tmp_path: Path) -> None:
    _script(tmp_path, "helper.py", "")
    with pytest.raises(JobFailure) as caught:
        user_module.load(tmp_path, "inference.py", "dagmaker_inference_3")
    assert "'inference.py' (SAGEMAKER_PROGRAM) is not in the model's code directory" in str(
        caught.value
    )
    assert "helper.py" in str(caught.value)


def test_a_script_that_fails_to_import_is_the_users_error(tmp_path: Path) -> None:
    _script(tmp_path, "serve_broken.py", "import definitely_not_installed_module\n")
    with pytest.raises(UserCodeError) as caught:
        user_module.load(tmp_path, "serve_broken.py", "dagmaker_inference_4")
    assert "importing the inference script serve_broken.py failed: ModuleNotFoundError" in str(
        caught.value
    )
    assert "Traceback" in caught.value.log_tail


def test_unknown_framework() -> None:
    with pytest.raises(JobFailure, match="no inference defaults for framework 'mxnet'"):
        defaults_for("mxnet")


def test_xgboost_fast_csv_output_matches_the_built_in_handler() -> None:
    from dagmaker.runners.builtin import xgboost_inference
    from dagmaker.runners.builtin.inference import xgboost_defaults

    values = np.random.default_rng(2).normal(size=50).astype(np.float32)
    for accept in ("", "text/csv", "*/*", "application/json", "application/jsonlines"):
        assert xgboost_defaults.output_fn(values, accept) == xgboost_inference.output_fn(
            values, accept
        )
    probabilities = np.random.default_rng(3).random((4, 3)).astype(np.float32)
    assert xgboost_defaults.output_fn(probabilities, "text/csv") == xgboost_inference.output_fn(
        probabilities, "text/csv"
    )
