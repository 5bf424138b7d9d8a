"""The SDK's golden pair: Model Monitor's own statistics and constraints for its dataset."""

from __future__ import annotations

import json

from dagmaker.quality.dq_analysis import DatasetFormat, open_dataset, run_baseline, run_check
from dagmaker.quality.sources import DataSource
from tests.quality.dq_helpers import FIXTURES, fixture_json, violations


def _source() -> DataSource:
    return open_dataset(FIXTURES / "dq_baseline_dataset.csv", DatasetFormat("csv", header=False))


def test_statistics_and_constraints_equal_the_containers_files() -> None:
    files = run_baseline(_source()).files()
    assert files["statistics.json"] == (FIXTURES / "dq_statistics.json").read_text()
    assert files["constraints.json"] == (FIXTURES / "dq_constraints.json").read_text()


def test_good_constraints_give_no_violation() -> None:
    outcome = run_check(
        _source(), fixture_json("dq_constraints.json"), fixture_json("dq_statistics.json")
    )
    assert outcome.result.violations == ()
    assert json.loads(outcome.files()["constraint_violations.json"]) == {"violations": []}


def test_bad_constraints_give_a_type_violation() -> None:
    outcome = run_check(
        _source(), fixture_json("dq_bad_constraints.json"), fixture_json("dq_statistics.json")
    )
    assert violations(outcome) == [("_c5", "data_type_check")]
    assert outcome.result.violations[0].description == (
        "Value: 0.0 does not meet the constraint requirement! "
    )


def test_the_baseline_has_no_drift_from_itself() -> None:
    outcome = run_check(
        _source(), fixture_json("dq_constraints.json"), fixture_json("dq_statistics.json")
    )
    assert outcome.result.drift == {f"_c{i}": 0.0 for i in range(6)}
