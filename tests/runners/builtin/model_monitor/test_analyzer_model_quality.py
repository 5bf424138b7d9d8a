"""The analyzer's model-quality analysis: a baseline table, then merged captures checked."""

from __future__ import annotations

import json
from pathlib import Path

from tests.runners.builtin.model_monitor.analyzer_helpers import layout, read_output, run_analyzer

ENV = {
    "analysis_type": "MODEL_QUALITY",
    "problem_type": "BinaryClassification",
    "inference_attribute": "prediction",
    "probability_attribute": "probability",
    "ground_truth_attribute": "label",
    "probability_threshold_attribute": "0.5",
}


def _merged(event: str, output: str, label: str) -> dict[str, object]:
    return {
        "captureData": {
            "endpointInput": {"data": "1,2", "encoding": "CSV", "mode": "INPUT"},
            "endpointOutput": {"data": output, "encoding": "CSV", "mode": "OUTPUT"},
        },
        "eventMetadata": {"eventId": event, "inferenceTime": "2024-05-01T13:00:00Z"},
        "groundTruthData": {"data": label, "encoding": "CSV"},
        "eventVersion": "0",
    }


def test_a_baseline_then_a_check_of_merged_records(tmp_path: Path) -> None:
    base = tmp_path / "baseline-job"
    data = base / "processing" / "input" / "baseline_dataset_input"
    data.mkdir(parents=True)
    rows = ["prediction,probability,label"] + [
        f"{int(p > 0.5)},{p},{label}"
        for p, label in [(0.9, 1), (0.8, 1), (0.2, 0), (0.3, 0), (0.7, 0), (0.4, 1)]
    ]
    (data / "baseline.csv").write_text("\n".join(rows) + "\n")
    env = {
        **layout(base),
        **ENV,
        "dataset_source": str(data),
        "dataset_format": json.dumps({"csv": {"header": True, "output_columns_position": "START"}}),
    }
    done = run_analyzer(base, env)
    assert done.returncode == 0, done.stdout + done.stderr
    statistics = read_output(base, "statistics.json")
    accuracy = statistics["binary_classification_metrics"]["accuracy"]["value"]
    assert abs(accuracy - 4 / 6) < 1e-9
    constraints = read_output(base, "constraints.json")
    assert constraints["binary_classification_constraints"]["accuracy"]["threshold"] == accuracy

    run = tmp_path / "monitoring-job"
    merged = run / "processing" / "input" / "merged"
    merged.mkdir(parents=True)
    records = [_merged(f"e{i}", "0,0.1", "1") for i in range(4)]
    (merged / "merged.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (run / "constraints.json").write_text(json.dumps(constraints))
    env = {
        **layout(run),
        **ENV,
        "inference_attribute": "0",
        "probability_attribute": "1",
        "dataset_source": str(merged),
        "dataset_format": json.dumps({"sagemakerCaptureJson": {}}),
        "baseline_constraints": str(run / "constraints.json"),
        "end_time": "2024-05-01T14:00:00Z",
    }
    done = run_analyzer(run, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Found" in done.stdout and "violation(s)" in done.stdout
    current = read_output(run, "statistics.json")
    assert current["dataset"]["item_count"] == 4
    assert current["dataset"]["evaluation_time"] == "2024-05-01T14:00:00.000Z"
    assert current["binary_classification_metrics"]["recall"]["value"] == 0.0
    violations = read_output(run, "constraint_violations.json")["violations"]
    assert "accuracy" in {v["metric_name"] for v in violations}


def test_merged_records_are_required_for_a_check(tmp_path: Path) -> None:
    run = tmp_path / "job"
    source = run / "processing" / "input" / "merged"
    source.mkdir(parents=True)
    (run / "constraints.json").write_text(json.dumps({"version": 0.0}))
    env = {
        **layout(run),
        **ENV,
        "dataset_source": str(source),
        "dataset_format": json.dumps({"sagemakerCaptureJson": {}}),
        "baseline_constraints": str(run / "constraints.json"),
    }
    done = run_analyzer(run, env)
    assert done.returncode == 1
    message = (run / "output" / "message").read_text()
    assert message.startswith("ClientError: no joined records")


def test_a_table_is_checked_against_baseline_constraints(tmp_path: Path) -> None:
    base = tmp_path / "check-job"
    data = base / "processing" / "input" / "data"
    data.mkdir(parents=True)
    rows = ["prediction,probability,label"] + [f"1,0.9,{label}" for label in (0, 0, 0, 1)]
    (data / "current.csv").write_text("\n".join(rows) + "\n")
    constraints = {
        "version": 0.0,
        "binary_classification_constraints": {
            "accuracy": {"threshold": 0.9, "comparison_operator": "LessThanThreshold"}
        },
    }
    (base / "constraints.json").write_text(json.dumps(constraints))
    env = {
        **layout(base),
        **ENV,
        "dataset_source": str(data),
        "dataset_format": json.dumps({"csv": {"header": True}}),
        "baseline_constraints": str(base / "constraints.json"),
    }
    done = run_analyzer(base, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        read_output(base, "statistics.json")["binary_classification_metrics"]["accuracy"]["value"]
        == 0.25
    )
    violations = read_output(base, "constraint_violations.json")["violations"]
    assert [v["metric_name"] for v in violations] == ["accuracy"]
    assert not (base / "processing" / "output" / "constraints.json").exists()
