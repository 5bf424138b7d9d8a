"""CloudWatch metric entries of a data-quality run."""

from __future__ import annotations

from pathlib import Path

from dagmaker.quality.dq_metrics import (
    BATCH_NAMESPACE,
    ENDPOINT_NAMESPACE,
    metric_entries,
    namespace,
)
from tests.quality.dq_helpers import baseline_csv, check_csv, write_csv


def test_baseline_metrics_for_a_batch_transform_schedule(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "d.csv", ["x", "c"], [[1, "a"], [None, "b"], [3, "a"], [4, None]])
    result = baseline_csv(data)
    entries = metric_entries(result.profile, None, "2024-05-01T14:00:00Z", schedule="nightly")
    assert [e["MetricName"] for e in entries] == [
        "feature_data_x",
        "feature_non_null_x",
        "feature_non_null_c",
    ]
    assert entries[0] == {
        "MetricName": "feature_data_x",
        "Timestamp": "2024-05-01T14:00:00Z",
        "Dimensions": [{"Name": "MonitoringSchedule", "Value": "nightly"}],
        "StatisticValues": {"SampleCount": 3.0, "Sum": 8.0, "Minimum": 1.0, "Maximum": 4.0},
    }
    assert entries[1]["Value"] == 0.75
    assert namespace(None) == BATCH_NAMESPACE and namespace("ep") == ENDPOINT_NAMESPACE


def test_drift_metrics_after_a_check(tmp_path: Path) -> None:
    base = baseline_csv(write_csv(tmp_path / "b.csv", ["x"], [[i] for i in range(100)]))
    outcome = check_csv(write_csv(tmp_path / "c.csv", ["x"], [[i + 50] for i in range(100)]), base)
    entries = metric_entries(outcome.profile, outcome.result, "t", "s", "ep")
    drift = next(e for e in entries if e["MetricName"] == "feature_baseline_drift_x")
    assert drift["Value"] == outcome.result.drift["x"] > 0.2  # robust: 0.5 - 1.8 * sqrt(0.02)
    assert drift["Dimensions"][0] == {"Name": "Endpoint", "Value": "ep"}
