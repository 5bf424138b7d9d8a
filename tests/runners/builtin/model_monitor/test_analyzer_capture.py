"""The analyzer on captured endpoint traffic, with the seed's pre- and post-processing scripts."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.runners.builtin.model_monitor.analyzer_helpers import (
    START,
    capture_records,
    layout,
    read_output,
    run_analyzer,
    seed_script,
    stamp,
    write_capture,
)

CAPTURE = json.dumps(
    {"sagemakerCaptureJson": {"captureIndexNames": ["endpointInput", "endpointOutput"]}}
)
HOUR = {"start_time": stamp(START), "end_time": stamp(START + timedelta(hours=1))}


def _job(base: Path, records: list[dict[str, Any]], **extra: str) -> dict[str, str]:
    source = write_capture(base / "processing" / "input" / "endpoint", records)
    return {
        **layout(base),
        "dataset_format": CAPTURE,
        "dataset_source": str(source),
        **HOUR,
        **extra,
    }


def _keep_baseline(base: Path, target: Path) -> dict[str, str]:
    target.mkdir(parents=True)
    for name in ("statistics.json", "constraints.json"):
        (target / name).write_text((base / "processing" / "output" / name).read_text())
    return {
        "baseline_statistics": str(target / "statistics.json"),
        "baseline_constraints": str(target / "constraints.json"),
    }


def test_without_a_script_output_columns_come_first(tmp_path: Path) -> None:
    done = run_analyzer(tmp_path, _job(tmp_path, capture_records(400, 1)))
    assert done.returncode == 0, done.stdout + done.stderr
    features = read_output(tmp_path, "statistics.json")["features"]
    assert [f["name"] for f in features] == [f"_c{i}" for i in range(13)]
    assert features[0]["numerical_statistics"]["max"] <= 1.0  # the model's score
    assert [f["inferred_type"] for f in features[1:]] == ["Integral"] * 6 + ["Fractional"] * 6


def test_records_outside_the_window_are_left_out(tmp_path: Path) -> None:
    records = capture_records(2400, 1)  # two hours, one every 3 s
    done = run_analyzer(tmp_path, _job(tmp_path, records))
    assert "Read 2400 captured records; 1200 fall in the analysis window" in done.stdout
    assert read_output(tmp_path, "statistics.json")["dataset"]["item_count"] == 1200


def test_seed_output_then_input_example_and_monitoring(tmp_path: Path) -> None:
    base = tmp_path / "baseline"
    script = seed_script("pre_output_then_input", base / "processing" / "input" / "pre" / "pre.py")
    env = _job(base, capture_records(1000, 1), record_preprocessor_script=str(script))
    done = run_analyzer(base, env)
    assert done.returncode == 0, done.stdout + done.stderr
    names = [f["name"] for f in read_output(base, "statistics.json")["features"]]
    assert names == [str(i).zfill(20) for i in range(13)]

    quiet = tmp_path / "same"
    script = seed_script("pre_output_then_input", quiet / "processing" / "input" / "pre" / "pre.py")
    env = _job(quiet, capture_records(1000, 2), record_preprocessor_script=str(script))
    env.update(_keep_baseline(base, quiet / "processing" / "input" / "baseline"))
    env["publish_cloudwatch_metrics"] = "Enabled"
    env["sagemaker_monitoring_schedule_name"] = "hourly"
    env["sagemaker_endpoint_name"] = "my-endpoint"
    done = run_analyzer(quiet, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert read_output(quiet, "constraint_violations.json") == {"violations": []}
    metrics = [
        json.loads(line)
        for line in (quiet / "output" / "metrics" / "cloudwatch" / "cloudwatch_metrics.jsonl")
        .read_text()
        .splitlines()
    ]
    first = "0" * 20
    by_name = {m["MetricName"]: m for m in metrics}
    assert set(by_name) >= {
        f"feature_data_{first}",
        f"feature_non_null_{first}",
        f"feature_baseline_drift_{first}",
    }
    assert by_name[f"feature_non_null_{first}"]["Value"] == 1.0
    assert by_name[f"feature_data_{first}"]["StatisticValues"]["SampleCount"] == 1000.0
    assert by_name[f"feature_data_{first}"]["Dimensions"] == [
        {"Name": "Endpoint", "Value": "my-endpoint"},
        {"Name": "MonitoringSchedule", "Value": "hourly"},
    ]
    assert by_name[f"feature_data_{first}"]["Timestamp"] == HOUR["end_time"]

    drifted = tmp_path / "drifted"
    script = seed_script(
        "pre_output_then_input", drifted / "processing" / "input" / "pre" / "pre.py"
    )
    env = _job(drifted, capture_records(1000, 3, shift=2.0), record_preprocessor_script=str(script))
    env.update(_keep_baseline(base, drifted / "processing" / "input" / "baseline"))
    assert run_analyzer(drifted, env).returncode == 0
    found = read_output(drifted, "constraint_violations.json")["violations"]
    assert {v["constraint_check_type"] for v in found} == {"baseline_drift_check"}
    assert {v["feature_name"] for v in found} == {str(i).zfill(20) for i in range(7, 13)}


def test_seed_missing_value_example(tmp_path: Path) -> None:
    script = seed_script("pre_missing_values", tmp_path / "processing" / "input" / "pre" / "pre.py")
    env = _job(tmp_path, capture_records(300, 1), record_preprocessor_script=str(script))
    done = run_analyzer(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    names = [f["name"] for f in read_output(tmp_path, "statistics.json")["features"]]
    # Integer keys become column names, in the text order Model Monitor sorts them in.
    assert names == sorted(str(i) for i in range(12))


def test_seed_sampling_example(tmp_path: Path) -> None:
    script = seed_script("pre_sampling", tmp_path / "processing" / "input" / "pre" / "pre.py")
    env = _job(tmp_path, capture_records(1000, 1), record_preprocessor_script=str(script))
    done = run_analyzer(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    kept = read_output(tmp_path, "statistics.json")["dataset"]["item_count"]
    assert 30 <= kept <= 200  # about 10 % of 1000


def test_seed_logging_example_and_post_processing(tmp_path: Path) -> None:
    pre = seed_script("pre_logging", tmp_path / "processing" / "input" / "pre" / "pre.py")
    post = seed_script("post_hello", tmp_path / "processing" / "input" / "post" / "post.py")
    env = _job(
        tmp_path,
        capture_records(5, 1),
        record_preprocessor_script=str(pre),
        post_analytics_processor_script=str(post),
    )
    done = run_analyzer(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("I'm a processing record: {") == 5
    assert "I'm debugging a processing record" in done.stdout
    assert "WARNING" in done.stdout and "ERROR" in done.stdout
    assert "Hello from post-proc script!" in done.stdout
    assert done.stdout.index("Wrote") < done.stdout.index("Hello from post-proc script!")
    # The record was handed back as it was, so its payloads became the columns.
    assert len(read_output(tmp_path, "statistics.json")["features"]) == 13


def test_a_failing_handler_names_the_record(tmp_path: Path) -> None:
    script = tmp_path / "processing" / "input" / "pre" / "pre.py"
    script.parent.mkdir(parents=True)
    script.write_text(
        "def preprocess_handler(inference_record):\n"
        "    if inference_record.event_metadata.event_id.endswith('0002'):\n"
        "        raise ValueError('cannot parse this one')\n"
        "    return {'x': 1}\n"
    )
    env = _job(tmp_path, capture_records(5, 1), record_preprocessor_script=str(script))
    done = run_analyzer(tmp_path, env)
    assert done.returncode == 1
    message = (tmp_path / "output" / "message").read_text()
    assert message == (
        "ClientError: preprocess_handler in pre.py raised on record 00-00-000-capture.jsonl "
        "line 3 (eventId 00000000-0000-4000-8000-000100000002): ValueError: cannot parse this one"
    )
    assert "Traceback" in done.stdout
    assert not (tmp_path / "processing" / "output" / "statistics.json").exists()


def test_handler_results_that_are_not_rows(tmp_path: Path) -> None:
    script = tmp_path / "processing" / "input" / "pre" / "pre.py"
    script.parent.mkdir(parents=True)
    script.write_text("def preprocess_handler(inference_record):\n    return 'a,b'\n")
    env = _job(tmp_path, capture_records(2, 1), record_preprocessor_script=str(script))
    assert run_analyzer(tmp_path, env).returncode == 1
    assert (
        "preprocess_handler returned str for record"
        in (tmp_path / "output" / "message").read_text()
    )


def test_lists_of_rows_and_the_legacy_interface(tmp_path: Path) -> None:
    script = tmp_path / "processing" / "input" / "pre" / "pre.py"
    script.parent.mkdir(parents=True)
    script.write_text(
        "import json\n"
        "def preprocess_handler(inference_record):\n"
        "    event = inference_record.event_data\n"
        "    assert event.endpointInput.encoding == 'JSON'\n"
        "    rows = json.loads(event.endpointInput.data)['instances']\n"
        "    return [{'a': a, 'b': b} for a, b in rows]\n"
    )
    records = capture_records(3, 1)
    for record in records:
        record["captureData"]["endpointInput"].update(
            encoding="JSON", data=json.dumps({"instances": [[1, 2.5], [3, 4.5]]})
        )
    env = _job(tmp_path, records, record_preprocessor_script=str(script))
    done = run_analyzer(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    stats = read_output(tmp_path, "statistics.json")
    assert stats["dataset"]["item_count"] == 6
    assert [(f["name"], f["inferred_type"]) for f in stats["features"]] == [
        ("a", "Integral"),
        ("b", "Fractional"),
    ]


def test_json_payloads_without_a_script_are_flattened(tmp_path: Path) -> None:
    records = capture_records(4, 1)
    for record in records:
        capture = record["captureData"]
        capture["endpointInput"].update(encoding="JSON", data=json.dumps({"f": {"x": 1, "y": "a"}}))
        capture["endpointOutput"].update(encoding="JSON", data=json.dumps({"score": 0.5}))
    done = run_analyzer(tmp_path, _job(tmp_path, records))
    assert done.returncode == 0, done.stdout + done.stderr
    names = [f["name"] for f in read_output(tmp_path, "statistics.json")["features"]]
    assert names == ["score", "f.x", "f.y"]


def test_an_empty_window_fails_clearly(tmp_path: Path) -> None:
    env = _job(tmp_path, capture_records(5, 1))
    env["start_time"] = stamp(START + timedelta(days=1))
    env["end_time"] = stamp(START + timedelta(days=2))
    assert run_analyzer(tmp_path, env).returncode == 1
    assert "no rows to analyse" in (tmp_path / "output" / "message").read_text()
