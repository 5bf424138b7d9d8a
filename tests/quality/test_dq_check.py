"""Each data-quality check, on generated baselines and current data."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from dagmaker.quality.dq_analysis import BaselineResult, DatasetFormat, open_dataset, run_check
from dagmaker.quality.dq_constraints import read_constraints
from dagmaker.quality.dq_errors import DataQualityError
from dagmaker.quality.dq_statistics import read_statistics
from tests.quality.dq_helpers import baseline_csv, check_csv, violations, write_csv

HEADER = ["price", "count", "colour"]


def _rows(n: int, seed: int, shift: float = 0.0, colours: tuple[str, ...] = ("red", "blue")):
    rng = np.random.default_rng(seed)
    return [
        [f"{rng.normal(10 + shift, 2):.2f}", int(rng.integers(0, 20)), colours[i % len(colours)]]
        for i in range(n)
    ]


@pytest.fixture
def baseline(tmp_path: Path) -> BaselineResult:
    return baseline_csv(write_csv(tmp_path / "base.csv", HEADER, _rows(2000, 1)))


def test_suggested_constraints(baseline: BaselineResult) -> None:
    features = {f["name"]: f for f in baseline.constraints["features"]}
    assert features["price"]["inferred_type"] == "Fractional"
    assert features["count"] == {
        "name": "count",
        "inferred_type": "Integral",
        "completeness": 1.0,
        "num_constraints": {"is_non_negative": True},
    }
    assert features["colour"]["string_constraints"] == {"domains": ["blue", "red"]}


def test_same_distribution_passes(tmp_path: Path, baseline: BaselineResult) -> None:
    outcome = check_csv(write_csv(tmp_path / "cur.csv", HEADER, _rows(1000, 2)), baseline)
    assert violations(outcome) == []
    assert set(outcome.result.drift) == {"price", "count", "colour"}


def test_shifted_numbers_drift(tmp_path: Path, baseline: BaselineResult) -> None:
    outcome = check_csv(write_csv(tmp_path / "c.csv", HEADER, _rows(1000, 2, shift=3)), baseline)
    assert violations(outcome) == [("price", "baseline_drift_check")]
    text = outcome.result.violations[0].description
    assert text.startswith("Numerical distance: 0.")
    assert text.endswith(" exceeds numerical threshold: 0.1")


def test_robust_forgives_small_samples(tmp_path: Path, baseline: BaselineResult) -> None:
    # Ten shifted rows: a big simple distance, but within what ten rows can show by chance.
    data = write_csv(tmp_path / "c.csv", HEADER, _rows(10, 2, shift=1.5))
    assert violations(check_csv(data, baseline)) == []
    simple = copy.deepcopy(baseline.constraints)
    simple["monitoring_config"]["distribution_constraints"]["comparison_method"] = "linf_simple"
    outcome = run_check(open_dataset(data, DatasetFormat()), simple, baseline.statistics)
    assert ("price", "baseline_drift_check") in violations(outcome)


def test_categorical_drift_and_unknown_values(tmp_path: Path, baseline: BaselineResult) -> None:
    rows = _rows(1000, 2, colours=("red", "red", "red", "green"))
    outcome = check_csv(write_csv(tmp_path / "c.csv", HEADER, rows), baseline)
    assert ("colour", "categorical_values_check") in violations(outcome)
    assert ("colour", "baseline_drift_check") in violations(outcome)
    share = next(v for v in outcome.result.violations if v.constraint_check_type.startswith("cat"))
    assert share.description == "Value: 0.75 does not meet the constraint requirement! "


def test_chi_squared_uses_the_p_value(tmp_path: Path, baseline: BaselineResult) -> None:
    constraints = copy.deepcopy(baseline.constraints)
    constraints["monitoring_config"]["distribution_constraints"]["categorical_drift_method"] = (
        "ChiSquared"
    )
    rows = _rows(1000, 2, colours=("red", "red", "blue"))
    source = open_dataset(write_csv(tmp_path / "c.csv", HEADER, rows), DatasetFormat())
    outcome = run_check(source, constraints, baseline.statistics)
    drift = [v for v in outcome.result.violations if v.feature_name == "colour"]
    assert [v.constraint_check_type for v in drift] == ["baseline_drift_check"]
    assert drift[0].description.startswith("Categorical p-value: ")
    assert outcome.result.drift["colour"] < 1e-10


def test_completeness_and_types(tmp_path: Path, baseline: BaselineResult) -> None:
    rows = _rows(100, 2)
    for i in range(0, 100, 4):
        rows[i][0] = None  # 25 % of prices missing
    for i in range(0, 100, 10):
        rows[i][1] = f"{i}.5"  # 10 % of counts fractional
    outcome = check_csv(write_csv(tmp_path / "c.csv", HEADER, rows), baseline)
    found = {
        (v.feature_name, v.constraint_check_type): v.description for v in outcome.result.violations
    }
    assert found[("price", "completeness_check")] == (
        "Value: 0.75 does not meet the constraint requirement! "
    )
    assert found[("count", "data_type_check")] == (
        "Value: 0.9 does not meet the constraint requirement! "
    )


def test_missing_and_extra_columns(tmp_path: Path, baseline: BaselineResult) -> None:
    rows = [[r[0], r[2], "x"] for r in _rows(50, 2)]
    outcome = check_csv(write_csv(tmp_path / "c.csv", ["price", "colour", "note"], rows), baseline)
    found = {
        (v.feature_name, v.constraint_check_type): v.description for v in outcome.result.violations
    }
    counts = "Number of columns in current dataset: 3, Number of columns in baseline constraints: 3"
    assert found[("count", "missing_column_check")] == (
        f"There are missing columns in current dataset. {counts}"
    )
    assert found[("note", "extra_column_check")] == (
        f"There are extra columns in current dataset. {counts}"
    )


def test_baseline_for_other_columns(tmp_path: Path, baseline: BaselineResult) -> None:
    other = write_csv(tmp_path / "c.csv", ["a", "b"], [[1, 2], [3, 4]])
    found = violations(check_csv(other, baseline))
    assert sorted(found) == [
        ("a", "extra_column_check"),
        ("b", "extra_column_check"),
        ("colour", "missing_column_check"),
        ("count", "missing_column_check"),
        ("price", "missing_column_check"),
    ]


def test_disabled_evaluation_and_overrides(tmp_path: Path, baseline: BaselineResult) -> None:
    data = write_csv(tmp_path / "c.csv", HEADER, _rows(1000, 2, shift=3))
    off = copy.deepcopy(baseline.constraints)
    off["monitoring_config"]["evaluate_constraints"] = "Disabled"
    assert (
        run_check(open_dataset(data, DatasetFormat()), off, baseline.statistics).result.violations
        == ()
    )
    relaxed = copy.deepcopy(baseline.constraints)
    relaxed["features"][0]["monitoringConfigOverrides"] = {"comparison_threshold": 0.9}
    outcome = run_check(open_dataset(data, DatasetFormat()), relaxed, baseline.statistics)
    assert violations(outcome) == []
    no_compare = copy.deepcopy(baseline.constraints)
    no_compare["monitoring_config"]["distribution_constraints"]["perform_comparison"] = "Disabled"
    outcome = run_check(open_dataset(data, DatasetFormat()), no_compare, baseline.statistics)
    assert outcome.result.drift == {}


def test_without_baseline_statistics_no_drift_is_measured(
    tmp_path: Path, baseline: BaselineResult
) -> None:
    data = write_csv(tmp_path / "c.csv", HEADER, _rows(1000, 2, shift=3))
    outcome = run_check(open_dataset(data, DatasetFormat()), baseline.constraints)
    assert outcome.result.drift == {} and outcome.result.violations == ()


def test_reading_accepts_the_circulating_spellings() -> None:
    constraints = read_constraints(
        {
            "version": 0,
            "features": [
                {
                    "name": "m",
                    "inferred_type": "String",
                    "string_constraints": {
                        "domains": ["a"],
                        "monitoring_config_overrides": {"evaluate_constraints": "Disabled"},
                    },
                    "unknown_key": 1,
                }
            ],
            "monitoring_config": {
                "distribution_constraints": {
                    "enable_comparisons": True,
                    "comparison_method": "linf_simple",
                    "comparison_threshold": 1.0,
                }
            },
        }
    )
    feature = constraints.features[0]
    assert feature.domains == ("a",)
    assert not feature.config.evaluate_constraints
    assert constraints.config.comparison_method == "Simple"
    assert constraints.config.categorical_threshold == 1.0


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "needs a 'features' list"),
        ({"features": [{"inferred_type": "String"}]}, "features[0] needs a 'name'"),
        (
            {
                "features": [],
                "monitoring_config": {"distribution_constraints": {"comparison_method": "L2"}},
            },
            "unknown comparison_method 'L2'",
        ),
        ({"features": [{"name": "a", "completeness": "high"}]}, "completeness must be a number"),
    ],
)
def test_bad_constraints_documents(document: object, message: str) -> None:
    with pytest.raises(DataQualityError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_constraints(document)


def test_text_where_the_baseline_had_numbers(tmp_path: Path, baseline: BaselineResult) -> None:
    rows = _rows(100, 2)
    for i in range(0, 100, 5):
        rows[i][0] = "n/a"  # 20 % of prices are text: the column is String now
    outcome = check_csv(write_csv(tmp_path / "c.csv", HEADER, rows), baseline)
    found = {
        (v.feature_name, v.constraint_check_type): v.description for v in outcome.result.violations
    }
    assert found == {
        ("price", "data_type_check"): "Value: 0.8 does not meet the constraint requirement! "
    }
    assert "price" not in outcome.result.drift  # no distance between numbers and text


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"dataset": {}}, "needs a 'features' list"),
        ({"features": [{"inferred_type": "Integral"}]}, r"features\[0\] needs a 'name'"),
        (
            {
                "features": [
                    {
                        "name": "x",
                        "numerical_statistics": {
                            "distribution": {"kll": {"sketch": {"data": [1.0]}}}
                        },
                    }
                ]
            },
            "kll.sketch.data must be a list of lists",
        ),
        (
            {
                "features": [
                    {"name": "x", "numerical_statistics": {"common": {"num_present": "many"}}}
                ]
            },
            "expected a number, got 'many'",
        ),
    ],
)
def test_bad_statistics_documents(document: object, message: str) -> None:
    with pytest.raises(DataQualityError, match=message):
        read_statistics(document)
