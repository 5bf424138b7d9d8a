"""Recognising Model Monitor's files and drawing statistics.json's KLL buckets."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from dagmaker.server.ui.artifact_views import features, kind_of, numeric_leaves

FIXTURES = Path(__file__).parent / "fixtures"


def _load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def test_monitor_files_are_recognised_by_shape() -> None:
    assert kind_of(_load("dq_statistics.json")) == "statistics"
    assert kind_of(_load("dq_constraints.json")) == "constraints"
    assert kind_of(_load("dq_constraint_violations.json")) == "violations"
    assert kind_of({"regression_metrics": {"mse": {"value": 1.0}}}) == "json"
    assert kind_of([1, 2]) == "json"


def test_each_numeric_feature_gets_its_kll_histogram() -> None:
    views = features(_load("dq_statistics.json"))
    assert [v.name for v in views] == ["_c0", "_c1", "_c2", "_c3", "_c4", "_c5"]
    first = views[0]
    assert first.inferred_type == "Fractional"
    assert ("present", "100") in first.facts and ("mean", "2.31") in first.facts
    svg = ET.fromstring(first.chart)
    bars = svg.findall(".//{http://www.w3.org/2000/svg}rect")
    assert len(bars) == 10
    assert first.buckets[0] == ("1 to 1.2", "24") and first.buckets[-1] == ("2.8 to 3", "55")


def test_string_features_get_category_bars() -> None:
    document = {
        "features": [
            {
                "name": "colour",
                "inferred_type": "String",
                "string_statistics": {
                    "common": {"num_present": 6, "num_missing": 1},
                    "distinct_count": 2.0,
                    "distribution": {
                        "categorical": {
                            "buckets": [{"value": "red", "count": 4}, {"value": "blue", "count": 2}]
                        }
                    },
                },
            }
        ]
    }
    [view] = features(document)
    assert ("missing", "1") in view.facts and ("distinct values", "2") in view.facts
    assert view.buckets == [("red", "4"), ("blue", "2")]
    assert "red: 4" in view.chart


def test_numbers_of_a_metrics_report_are_listed_by_path() -> None:
    report = {"regression_metrics": {"mse": {"value": 3.2992005, "standard_deviation": "NaN"}}}
    assert numeric_leaves(report) == [("regression_metrics.mse.value", "3.2992")]
    assert numeric_leaves({"a": [1, True, {"b": 2.5}]}) == [("a[0]", "1"), ("a[2].b", "2.5")]
