"""The transform job program, run in this process over a job layout in a temporary folder."""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import joblib
import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from dagmaker.errors import JobFailure
from dagmaker.runners import transform_records as records
from dagmaker.runners.builtin.inference import batch_transform
from dagmaker.runners.builtin.inference.job_config import ContainerConfig, TransformJobConfig

WEIGHTS = np.array([2.0, -1.0, 0.5])
JSON_SCRIPT = """
import json
import numpy as np

def input_fn(body, content_type):
    return np.array([json.loads(line)["features"] for line in body.splitlines() if line.strip()])

def output_fn(prediction, accept):
    return "".join(json.dumps({"value": round(float(p), 6)}) + "\\n" for p in prediction), accept
"""
SCALER_SCRIPT = """
import numpy as np

def model_fn(model_dir):
    return 10.0

def predict_fn(data, model):
    return data * model

def output_fn(prediction, accept):
    return "".join(",".join(str(v) for v in row) + "\\n" for row in prediction), "text/csv"
"""


@pytest.fixture(autouse=True)
def _isolated_imports(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(("serve_", "dagmaker_inference_")):
            del sys.modules[name]


def _rows(count: int, seed: int = 0) -> np.ndarray:
    return np.round(np.random.default_rng(seed).normal(size=(count, 3)), 4)


def _csv(rows: np.ndarray, ids: bool = False) -> bytes:
    lines = []
    for i, row in enumerate(rows):
        cells = [f"{v:.4f}" for v in row]
        lines.append(",".join(([f"id-{i}"] if ids else []) + cells))
    return ("\n".join(lines) + "\n").encode()


def _model(directory: Path) -> LinearRegression:
    rows = _rows(50, seed=9)
    model = LinearRegression().fit(rows, rows @ WEIGHTS + 1.0)
    directory.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, directory / "model.joblib")
    return model


def _job(
    base: Path, files: dict[str, bytes], program: str = "", script: str = "", **options: object
) -> Path:
    model_dir = base / "model"
    _model(model_dir)
    if program:
        (model_dir / "code").mkdir()
        (model_dir / "code" / program).write_text(script)
    container = ContainerConfig(
        framework="sklearn", model_dir="model", code_dir="model/code", program=program
    )
    settings: dict[str, object] = {
        "content_type": "text/csv",
        "accept": "text/csv",
        "split_type": "Line",
        "assemble_with": "Line",
        **options,
    }
    TransformJobConfig(containers=(container,), **settings).write(base)  # type: ignore[arg-type]
    for relative, data in files.items():
        path = base / "input" / "data" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return base


def _out(base: Path, relative: str) -> str:
    return (base / "output" / "data" / f"{relative}.out").read_text()


def _expected(rows: np.ndarray) -> np.ndarray:
    return rows @ WEIGHTS + 1.0


def test_multi_record_csv_gives_one_prediction_per_line(tmp_path: Path) -> None:
    rows = _rows(40)
    base = _job(tmp_path, {"a.csv": _csv(rows), "sub/b.csv": _csv(rows[:5])})
    assert batch_transform.transform_all(base) == 2
    assert np.allclose(np.loadtxt(io.StringIO(_out(base, "a.csv"))), _expected(rows), atol=1e-6)
    assert len(_out(base, "sub/b.csv").splitlines()) == 5


def test_small_payloads_and_single_records_give_the_same_output(tmp_path: Path) -> None:
    rows = _rows(30)
    outputs = []
    for name, options in {
        "whole": {},
        "small": {"max_payload_bytes": 100},
        "single": {"batch_strategy": "SingleRecord"},
    }.items():
        base = _job(tmp_path / name, {"a.csv": _csv(rows)}, **options)
        batch_transform.transform_all(base)
        outputs.append(np.loadtxt(io.StringIO(_out(base, "a.csv"))))
    # Equal up to rounding: BLAS sums a batch in another order than a single row.
    assert outputs[0].shape == outputs[1].shape == outputs[2].shape == (30,)
    assert np.allclose(outputs[0], outputs[1]) and np.allclose(outputs[0], outputs[2])


def test_input_filter_join_and_output_filter_on_csv(tmp_path: Path) -> None:
    rows = _rows(12)
    base = _job(
        tmp_path,
        {"scored.csv": _csv(rows, ids=True)},
        input_filter="$[1:]",
        join_source="Input",
        output_filter="$[0,-1]",
        max_payload_bytes=150,
    )
    batch_transform.transform_all(base)
    lines = _out(base, "scored.csv").splitlines()
    assert [line.split(",")[0] for line in lines] == [f"id-{i}" for i in range(12)]
    values = np.array([float(line.split(",")[1]) for line in lines])
    assert np.allclose(values, _expected(rows), atol=1e-6)


def test_json_lines_with_a_script_and_a_join(tmp_path: Path) -> None:
    rows = _rows(6)
    records = "".join(
        json.dumps({"id": i, "features": row.tolist()}) + "\n" for i, row in enumerate(rows)
    )
    base = _job(
        tmp_path,
        {"records.jsonl": records.encode()},
        program="serve_json.py",
        script=JSON_SCRIPT,
        content_type="application/jsonlines",
        accept="application/jsonlines",
        join_source="Input",
        output_filter="$['id','SageMakerOutput']",
    )
    batch_transform.transform_all(base)
    joined = [json.loads(line) for line in _out(base, "records.jsonl").splitlines()]
    assert [j["id"] for j in joined] == list(range(6))
    predicted = [j["SageMakerOutput"]["value"] for j in joined]
    assert np.allclose(predicted, _expected(rows), atol=1e-5)


def test_a_rejected_record_names_the_file_and_the_line(tmp_path: Path) -> None:
    good = _csv(_rows(4))
    bad = b"1.0,2.0,3.0\n\n4.0,oops,6.0\n7.0,8.0,9.0\n"
    base = _job(tmp_path, {"part-1.csv": good, "part-2.csv": bad})
    with pytest.raises(JobFailure) as caught:
        batch_transform.transform_all(base)
    message = caught.value.message
    assert "the model rejected the record at line 3 of input file 'part-2.csv'" in message
    assert "ValueError" in message
    assert not (base / "output" / "data" / "part-2.csv.out").exists()


def test_a_filter_that_does_not_fit_names_the_record(tmp_path: Path) -> None:
    base = _job(tmp_path, {"a.csv": b"1,2,3\n4,5\n"}, input_filter="$[2]")
    with pytest.raises(JobFailure) as caught:
        batch_transform.transform_all(base)
    assert "InputFilter failed on the record at line 2 of input file 'a.csv'" in str(caught.value)
    assert "index 2 is out of range for a record of 2 values" in str(caught.value)


def test_gzip_input(tmp_path: Path) -> None:
    rows = _rows(8)
    base = _job(tmp_path, {"a.csv.gz": gzip.compress(_csv(rows))}, compression="Gzip")
    batch_transform.transform_all(base)
    assert np.allclose(np.loadtxt(io.StringIO(_out(base, "a.csv.gz"))), _expected(rows))


def test_whole_file_records_with_split_type_none(tmp_path: Path) -> None:
    rows = _rows(3)
    document = json.dumps(rows.tolist()).encode()
    base = _job(
        tmp_path,
        {"batch.json": document},
        content_type="application/json",
        accept="application/json",
        split_type="None",
        assemble_with="None",
    )
    batch_transform.transform_all(base)
    assert np.allclose(json.loads(_out(base, "batch.json")), _expected(rows), atol=1e-6)


def test_inference_pipeline_chains_containers(tmp_path: Path) -> None:
    rows = _rows(5)
    base = _job(tmp_path, {"a.csv": _csv(rows)})
    scaler = base / "models" / "1"
    (scaler / "model").mkdir(parents=True)
    (scaler / "code").mkdir()
    (scaler / "code" / "serve_scaler.py").write_text(SCALER_SCRIPT)
    config = TransformJobConfig.read(base)
    containers = (
        ContainerConfig("generic", "models/1/model", "models/1/code", "serve_scaler.py"),
        *config.containers,
    )
    TransformJobConfig(**{**config.__dict__, "containers": containers}).write(base)
    batch_transform.transform_all(base)
    assert np.allclose(np.loadtxt(io.StringIO(_out(base, "a.csv"))), _expected(rows * 10.0))


def test_main_reports_failures_in_the_failure_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _job(tmp_path, {"a.csv": b"x,y,z\n"})
    monkeypatch.setenv("DAGMAKER_OPT_ML", str(base))
    assert batch_transform.main([]) == 1
    reason = (base / "output" / "failure").read_text()
    assert reason.startswith("the model rejected the record at line 1 of input file 'a.csv'")


def test_request_counts_follow_the_batch_strategy(tmp_path: Path) -> None:
    data = _csv(_rows(30))
    cases = [("SingleRecord", 6 << 20, 30), ("MultiRecord", 6 << 20, 1), ("MultiRecord", 100, 0)]
    for index, (strategy, limit, expected) in enumerate(cases):
        base = _job(tmp_path / str(index), {}, batch_strategy=strategy, max_payload_bytes=limit)
        config = TransformJobConfig.read(base)
        job = batch_transform.FileTransform(config, batch_transform.load_chain(config, base), "a")
        output = b"".join(job.run(data))
        assert len(output.splitlines()) == 30
        assert job.requests == (expected or len(list(records.chunks(data, limit))))
    assert job.requests > 1
