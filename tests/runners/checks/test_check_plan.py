"""The truth table and the baseline precedence, as pure decisions."""

from __future__ import annotations

import pytest

from dagmaker.errors import JobFailure
from dagmaker.runners.check_plan import Baseline, plan, previous_baseline, registry_baseline
from dagmaker.runners.check_settings import CheckSettings, read_settings

CALCULATED = Baseline("s3://b/new/statistics.json", "s3://b/new/constraints.json", "calculated")
PREVIOUS = Baseline("s3://b/old/statistics.json", "s3://b/old/constraints.json", "supplied")


def settings(**changes: object) -> CheckSettings:
    values = {
        "CheckType": "DATA_QUALITY",
        "SkipCheck": None,
        "FailOnViolation": None,
        "RegisterNewBaseline": None,
        "ModelPackageGroupName": None,
        "SuppliedBaselineStatistics": None,
        "SuppliedBaselineConstraints": None,
    }
    values.update(changes)
    return read_settings(values, "QualityCheck")


def test_nulls_mean_the_defaults() -> None:
    read = settings()
    assert (read.skip_check, read.fail_on_violation, read.register_new_baseline) == (
        False,
        True,
        False,
    )
    assert read.supplied_statistics is None and read.model_package_group_name is None
    assert settings(SuppliedBaselineConstraints="").supplied_constraints is None
    assert settings(SkipCheck="true").skip_check is True


@pytest.mark.parametrize(
    ("skip", "register", "runs", "used"),
    [
        (False, False, True, PREVIOUS),
        (False, True, True, CALCULATED),
        (True, False, False, PREVIOUS),
        (True, True, False, CALCULATED),
    ],
)
def test_truth_table(skip: bool, register: bool, runs: bool, used: Baseline) -> None:
    decided = plan(settings(SkipCheck=skip, RegisterNewBaseline=register), PREVIOUS)
    assert decided.run_check is runs
    assert decided.previous == PREVIOUS
    assert decided.used(CALCULATED) == used


def test_only_a_first_run_may_go_without_a_previous_baseline() -> None:
    assert plan(settings(SkipCheck=True, RegisterNewBaseline=True), None).used(CALCULATED) == (
        CALCULATED
    )
    for skip, register in ((False, False), (False, True), (True, False)):
        with pytest.raises(JobFailure, match="no supplied baseline constraints"):
            plan(settings(SkipCheck=skip, RegisterNewBaseline=register), None)
    statistics_only = Baseline("s3://b/statistics.json", None)
    with pytest.raises(JobFailure, match="needs a previous baseline"):
        plan(settings(), statistics_only)


def test_supplied_files_win_and_are_not_mixed_with_the_registry() -> None:
    registry = Baseline("s3://r/statistics.json", "s3://r/constraints.json", "model package p")
    supplied = previous_baseline(
        settings(SuppliedBaselineConstraints="s3://s/constraints.json"), registry
    )
    assert supplied == Baseline(None, "s3://s/constraints.json", "supplied")
    assert previous_baseline(settings(), registry) == registry


def test_registry_slots_per_check_type() -> None:
    package = {
        "ModelPackageArn": "arn:p/1",
        "DriftCheckBaselines": {
            "ModelQuality": {"Constraints": {"S3Uri": "s3://m/constraints.json"}},
            "Bias": {
                "PreTrainingConstraints": {"S3Uri": "s3://b/pre.json"},
                "PostTrainingConstraints": {"S3Uri": "s3://b/post.json"},
                "ConfigFile": {"S3Uri": "s3://b/config.json"},
            },
            "Explainability": {"Constraints": {"S3Uri": "s3://e/analysis.json"}},
        },
    }
    assert registry_baseline("MODEL_QUALITY", package) == Baseline(
        None, "s3://m/constraints.json", "model package arn:p/1"
    )
    assert registry_baseline("DATA_BIAS", package).constraints == "s3://b/pre.json"
    assert registry_baseline("MODEL_BIAS", package).constraints == "s3://b/post.json"
    assert registry_baseline("MODEL_EXPLAINABILITY", package).constraints == "s3://e/analysis.json"
    assert registry_baseline("DATA_QUALITY", package) is None
    assert registry_baseline("DATA_QUALITY", None) is None


def test_bad_check_types_are_named() -> None:
    with pytest.raises(JobFailure, match="CheckType 'DATA_BIAS' is not a QualityCheck check type"):
        settings(CheckType="DATA_BIAS")
