"""The Clarify program on a job layout of its own (no runner): inputs, outputs, failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagmaker.errors import DagmakerError
from dagmaker.runners.builtin.clarify import program
from dagmaker.runners.images import ImageTable

CONFIG = {
    "dataset_type": "text/csv",
    "label": "y",
    "label_values_or_threshold": [1],
    "facet": [{"name_or_index": "g"}],
    "methods": {"pre_training_bias": {"methods": ["CI", "DPL"]}},
}


def _layout(tmp_path: Path, files: dict[str, bytes], config: dict | None = None) -> Path:
    base = tmp_path / "opt_ml"
    (base / "processing/input/config").mkdir(parents=True)
    (base / "processing/input/config/analysis_config.json").write_text(json.dumps(config or CONFIG))
    for name, content in files.items():
        path = base / "processing/input/data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return base


def test_the_dataset_may_span_several_files(tmp_path: Path) -> None:
    base = _layout(tmp_path, {"a/1.csv": b"y,g\n1,a\n0,b\n", "b/2.csv": b"y,g\n1,b\n1,a\n0,a\n"})
    result = program.run(base, {})
    written = json.loads((base / "processing/output/analysis.json").read_text())
    assert written == result.document
    groups = written["pre_training_bias_metrics"]["facets"]["g"]
    assert [g["value_or_threshold"] for g in groups] == ["a", "b"]
    assert groups[0]["metrics"][0] == {
        "name": "CI",
        "description": "Class Imbalance (CI)",
        "value": (2 - 3) / 5,
    }
    assert not (base / "processing/output/report.html").exists()  # no methods.report


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "the dataset is missing"),
        ({"1.csv": b"y,g\n1,a\n", "2.csv": b"y,h\n1,a\n"}, "2.csv has columns y, h but 1.csv"),
        ({"1.csv": b"y,g\n1,\xff\n"}, "the dataset file 1.csv is not UTF-8 text"),
        ({"1.csv": b""}, "the dataset 1.csv is empty"),
    ],
)
def test_dataset_problems_are_named(tmp_path: Path, files: dict, message: str) -> None:
    base = _layout(tmp_path, files)
    with pytest.raises(DagmakerError, match=message):
        program.run(base, {})


def test_main_writes_the_reason_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _layout(tmp_path, {"d.csv": b"y,g\n0,a\n0,b\n"})
    monkeypatch.setenv("DAGMAKER_OPT_ML", str(base))
    assert program.main() == 1
    reason = (base / "output/message").read_text()
    assert reason.startswith("ClientError: no record has y = 1; the column holds '0'")
    assert not (base / "processing/output/analysis.json").exists()


def test_a_missing_or_broken_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = _layout(tmp_path, {"d.csv": b"y,g\n1,a\n"})
    config = base / "processing/input/config/analysis_config.json"
    config.write_text("{not json")
    with pytest.raises(DagmakerError, match=r"analysis_config\.json is not JSON"):
        program.run(base, {})
    config.write_text(json.dumps({"dataset_type": "text/csv", "methods": {}}))
    monkeypatch.setenv("DAGMAKER_OPT_ML", str(base))
    assert program.main() == 1
    assert "methods must name at least one analysis" in (base / "output/message").read_text()
    config.unlink()
    with pytest.raises(DagmakerError, match="give a processing input named analysis_config"):
        program.run(base, {})


def test_an_endpoint_predictor_is_explained(tmp_path: Path) -> None:
    config = dict(CONFIG, methods={"shap": {}}, predictor={"endpoint_name": "live"})
    base = _layout(tmp_path, {"d.csv": b"y,g\n1,0.5\n"}, config)
    with pytest.raises(DagmakerError, match=r"predictor\.endpoint_name 'live'"):
        program.run(base, {})


def test_drift_against_a_baseline_file(tmp_path: Path) -> None:
    base = _layout(tmp_path, {"d.csv": b"y,g\n1,a\n0,b\n0,b\n"})
    baseline = {
        "pre_training_bias_metrics": {
            "facets": {
                "g": [{"value_or_threshold": "a", "metrics": [{"name": "CI", "value": 0.1}]}]
            }
        }
    }
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(baseline))
    program.run(base, {"baseline_constraints": str(path)})
    violations = json.loads((base / "processing/output/constraint_violations.json").read_text())
    assert violations["version"] == "1.0"
    assert [(v["facet_value"], v["metric_name"]) for v in violations["violations"]] == [("a", "CI")]


def test_clarify_images_run_the_builtin_program() -> None:
    table = ImageTable(dict)
    for uri in (
        "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0",
        "017069133835.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-clarify-processing:1.0",
    ):
        assert table.runtime(uri) == "builtin:clarify"
