"""The analyzer on plain datasets: baselines, checks, formats, failures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.runners.builtin.model_monitor.analyzer_helpers import layout, read_output, run_analyzer

FIXTURES = Path(__file__).parents[3] / "quality" / "dq_fixtures"
CSV_NO_HEADER = json.dumps({"csv": {"header": False, "output_columns_position": "START"}})


def _baseline_input(base: Path) -> Path:
    folder = base / "processing" / "input" / "baseline_dataset_input"
    folder.mkdir(parents=True)
    shutil.copyfile(FIXTURES / "dq_baseline_dataset.csv", folder / "baseline_dataset.csv")
    return folder


def test_baseline_job_writes_the_containers_files(tmp_path: Path) -> None:
    env = layout(tmp_path)
    env.update(
        dataset_format=CSV_NO_HEADER,
        dataset_source=str(_baseline_input(tmp_path)),
        publish_cloudwatch_metrics="Disabled",
    )
    done = run_analyzer(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    output = tmp_path / "processing" / "output"
    assert sorted(p.name for p in output.iterdir()) == ["constraints.json", "statistics.json"]
    assert (output / "statistics.json").read_text() == (FIXTURES / "dq_statistics.json").read_text()
    assert (output / "constraints.json").read_text() == (
        FIXTURES / "dq_constraints.json"
    ).read_text()
    assert not (tmp_path / "output" / "metrics").exists()


def test_check_job_with_bad_constraints_reports_violations(tmp_path: Path) -> None:
    baseline = tmp_path / "processing" / "input" / "baseline"
    baseline.mkdir(parents=True)
    shutil.copyfile(FIXTURES / "dq_bad_constraints.json", baseline / "constraints.json")
    shutil.copyfile(FIXTURES / "dq_statistics.json", baseline / "statistics.json")
    env = layout(tmp_path)
    env.update(
        dataset_format=CSV_NO_HEADER,
        dataset_source=str(_baseline_input(tmp_path)),
        baseline_constraints=str(baseline / "constraints.json"),
        baseline_statistics=str(baseline / "statistics.json"),
    )
    done = run_analyzer(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Found 1 constraint violation(s)" in done.stdout
    assert read_output(tmp_path, "constraint_violations.json")["violations"] == [
        {
            "feature_name": "_c5",
            "constraint_check_type": "data_type_check",
            "description": "Value: 0.0 does not meet the constraint requirement! ",
        }
    ]
    assert read_output(tmp_path, "statistics.json")["dataset"] == {"item_count": 100}


def test_json_and_parquet_datasets(tmp_path: Path) -> None:
    data = tmp_path / "processing" / "input" / "data"
    data.mkdir(parents=True)
    (data / "part.jsonl").write_text(
        "\n".join(json.dumps({"a": i, "b": f"c{i % 3}"}) for i in range(9))
    )
    env = {
        **layout(tmp_path),
        "dataset_format": '{"json": {"line": true}}',
        "dataset_source": str(data),
    }
    assert run_analyzer(tmp_path, env).returncode == 0
    assert [f["name"] for f in read_output(tmp_path, "statistics.json")["features"]] == ["a", "b"]

    (data / "part.jsonl").unlink()
    pq.write_table(pa.table({"x": [1.5, 2.5]}), data / "part.parquet")
    env["dataset_format"] = '{"parquet": {}}'
    assert run_analyzer(tmp_path, env).returncode == 0
    assert read_output(tmp_path, "statistics.json")["features"][0]["inferred_type"] == "Fractional"


def test_a_preprocessor_on_a_csv_baseline_receives_raw_lines(tmp_path: Path) -> None:
    data = tmp_path / "processing" / "input" / "data"
    data.mkdir(parents=True)
    (data / "d.csv").write_text("label,score\n1,0.5\n0,0.25\n")
    script = tmp_path / "processing" / "input" / "pre" / "pre.py"
    script.parent.mkdir(parents=True)
    script.write_text(
        "def preprocess_handler(line):\n"
        "    if line.startswith('label'):\n"
        "        return []\n"
        "    label, score = line.split(',')\n"
        "    return {'label': int(label), 'score': float(score)}\n"
    )
    env = {
        **layout(tmp_path),
        "dataset_format": '{"csv": {"header": true}}',
        "dataset_source": str(data),
        "record_preprocessor_script": str(script),
    }
    done = run_analyzer(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    stats = read_output(tmp_path, "statistics.json")
    assert stats["dataset"]["item_count"] == 2
    assert [(f["name"], f["inferred_type"]) for f in stats["features"]] == [
        ("label", "Integral"),
        ("score", "Fractional"),
    ]


def test_bad_input_fails_with_a_client_error(tmp_path: Path) -> None:
    env = {**layout(tmp_path), "dataset_format": '{"xml": {}}', "dataset_source": str(tmp_path)}
    done = run_analyzer(tmp_path, env)
    assert done.returncode == 1
    message = (tmp_path / "output" / "message").read_text()
    assert message == (
        "ClientError: environment variable dataset_format='{\"xml\": {}}': unknown format 'xml'"
    )

    env = {**layout(tmp_path), "dataset_source": str(tmp_path / "missing")}
    assert run_analyzer(tmp_path, env).returncode == 1
    assert "no such file or directory" in (tmp_path / "output" / "message").read_text()


def test_unavailable_analysis_type(tmp_path: Path) -> None:
    env = {
        **layout(tmp_path),
        "analysis_type": "MODEL_EXPLAINABILITY",
        "dataset_source": str(tmp_path),
    }
    assert run_analyzer(tmp_path, env).returncode == 1
    assert (
        "analysis_type 'MODEL_EXPLAINABILITY' is not available"
        in (tmp_path / "output" / "message").read_text()
    )
