"""Bias drift and feature attribution drift on Clarify outputs."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import pytest

from dagmaker.quality.bias_drift import check_bias_drift, facet_value
from dagmaker.quality.bias_pretraining import PRETRAINING
from dagmaker.quality.bias_report import BiasConfig, BiasData, Facet, pretraining
from dagmaker.quality.explain_drift import check_explainability_drift, ndcg

FIXTURES = Path(__file__).parent / "mq_clarify_fixtures"


def _load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def _computed() -> dict:
    with (FIXTURES / "clarify_dataset.csv").open() as handle:
        rows = list(csv.reader(handle))
    columns = {n: [r[i] for r in rows] for i, n in enumerate(["Label", "F1", "F2", "F3", "F4"])}
    config = BiasConfig("Label", (1,), (Facet("F1", (0.5,)),), group_variable="F2")
    return {
        "pre_training_bias_metrics": pretraining(BiasData(columns), config, sorted(PRETRAINING))
    }


def test_the_sdks_good_baseline_passes_and_the_bad_one_fails_on_ks() -> None:
    current = _computed()
    assert check_bias_drift(current, _load("clarify_data_bias_analysis.json"))["violations"] == []
    result = check_bias_drift(current, _load("clarify_data_bias_bad_analysis.json"))
    assert result == {
        "version": "1.0",
        "violations": [
            {
                "facet": "F1",
                "facet_value": "0.5",
                "metric_name": "KS",
                "constraint_check_type": "bias_drift_check",
                "description": "Value 0.015297906602254496 does not meet the constraint "
                "requirement",
            }
        ],
    }


def _with(metric: str, value: object, document: dict | None = None) -> dict:
    result = copy.deepcopy(document or _load("clarify_data_bias_analysis.json"))
    for entry in result["pre_training_bias_metrics"]["facets"]["F1"][0]["metrics"]:
        if entry["name"] == metric:
            entry["value"] = value
    return result


@pytest.mark.parametrize(
    ("metric", "baseline", "current", "violates"),
    [
        ("DPL", 0.2, 0.1, False),  # closer to 0: better
        ("DPL", 0.2, -0.3, True),  # farther from 0 on the other side: worse
        ("CI", -0.08, -0.08 * (1 + 1e-12), False),  # rounding is not drift
        ("KL", "Infinity", "Infinity", False),
        ("KL", 0.1, "Infinity", True),
        ("CDDL", None, 0.5, False),  # no baseline value: not compared
    ],
)
def test_worse_means_farther_from_zero(
    metric: str, baseline: object, current: object, violates: bool
) -> None:
    result = check_bias_drift(_with(metric, current), _with(metric, baseline))
    assert bool(result["violations"]) is violates


def test_di_is_measured_from_one() -> None:
    def document(value: float) -> dict:
        return {
            "post_training_bias_metrics": {
                "facets": {
                    "sex": [
                        {"value_or_threshold": "f", "metrics": [{"name": "DI", "value": value}]}
                    ]
                }
            }
        }

    assert check_bias_drift(document(1.1), document(0.8))["violations"] == []
    assert check_bias_drift(document(0.7), document(0.8))["violations"][0]["facet_value"] == "f"


def test_threshold_groups_match_on_their_threshold() -> None:
    assert facet_value("(0.5, 0.99]") == "0.5"
    assert facet_value("a,b") == "a,b"
    moved = _computed()
    moved["pre_training_bias_metrics"]["facets"]["F1"][0]["value_or_threshold"] = "(0.5, 2.0]"
    bad = _load("clarify_data_bias_bad_analysis.json")
    assert len(check_bias_drift(moved, bad)["violations"]) == 1


def test_ndcg_of_the_documented_admissions_example() -> None:
    training = {"SAT score": 0.70, "GPA": 0.50, "Class rank": 0.05}
    live = {"SAT score": 0.10, "GPA": 0.20, "Class rank": 0.70}
    assert ndcg(training, live) == pytest.approx(0.69, abs=0.005)
    assert ndcg(training, training) == 1.0
    assert ndcg({"a": 0.0}, {"a": 1.0}) == 1.0


def _explained(values: dict[str, float]) -> dict:
    return {
        "version": "1.0",
        "explanations": {
            "kernel_shap": {"label0": {"global_shap_values": values, "expected_value": 0.1}}
        },
    }


def test_feature_attribution_drift_below_0_9_is_a_violation() -> None:
    baseline = _load("clarify_explainability_analysis.json")
    assert check_explainability_drift(baseline, baseline)["violations"] == []
    values = baseline["explanations"]["kernel_shap"]["label0"]["global_shap_values"]
    reversed_values = dict(
        zip(sorted(values, key=values.get), sorted(values.values(), reverse=True), strict=True)
    )
    result = check_explainability_drift(_explained(reversed_values), baseline)
    (violation,) = result["violations"]
    assert violation["label"] == "label0"
    assert violation["constraint_check_type"] == "feature_attribution_drift_check"
    assert violation["description"].startswith("Feature attribution drift 0.")
    assert violation["description"].endswith(" exceeds threshold 0.9")
    # A label the baseline does not explain is not compared.
    other = {"explanations": {"kernel_shap": {"label1": {"global_shap_values": values}}}}
    assert check_explainability_drift(other, baseline)["violations"] == []
