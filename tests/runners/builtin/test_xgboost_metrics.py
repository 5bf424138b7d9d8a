"""The built-in XGBoost metric table matches SageMaker's registered definitions."""

from __future__ import annotations

import re

from dagmaker.runners.builtin.xgboost_metrics import (
    BUILTIN_XGBOOST_METRICS,
    format_evaluation_line,
    is_maximized,
    metric_definitions,
)

# As DescribeTrainingJob shows it for a built-in XGBoost job.
SAGEMAKER_VALIDATION_RMSE = (
    r".*\[[0-9]+\].*#011validation-rmse:([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*"
)
CLOUDWATCH_LINE = "[12]#011train-rmse:1.19876#011validation-rmse:2.31553"


def test_regexes_are_sagemakers():
    assert BUILTIN_XGBOOST_METRICS["validation:rmse"] == SAGEMAKER_VALIDATION_RMSE
    assert BUILTIN_XGBOOST_METRICS["train:auc"] == SAGEMAKER_VALIDATION_RMSE.replace(
        "validation-rmse", "train-auc"
    )
    for name in (
        "train:mae",
        "validation:logloss",
        "validation:merror",
        "validation:f1",
        "train:mlogloss",
    ):
        assert name in BUILTIN_XGBOOST_METRICS


def test_regexes_capture_values_from_a_cloudwatch_line():
    train = re.match(BUILTIN_XGBOOST_METRICS["train:rmse"], CLOUDWATCH_LINE)
    validation = re.match(BUILTIN_XGBOOST_METRICS["validation:rmse"], CLOUDWATCH_LINE)

    assert train is not None and train.group(1) == "1.19876"
    assert validation is not None and validation.group(1) == "2.31553"
    assert re.match(BUILTIN_XGBOOST_METRICS["validation:mse"], CLOUDWATCH_LINE) is None
    assert (
        re.match(BUILTIN_XGBOOST_METRICS["validation:rmse"], "Validation matrix has 60 rows")
        is None
    )


def test_format_evaluation_line_is_what_the_regexes_expect():
    line = format_evaluation_line(
        12, {"train": {"rmse": 1.198764}, "validation": {"rmse": 2.3155349}}
    )

    assert line == CLOUDWATCH_LINE
    assert format_evaluation_line(0, {"validation": {"auc": 0.5, "error": 1e-7}}) == (
        "[0]#011validation-auc:0.50000#011validation-error:0.00000"
    )


def test_metric_definitions_shape_and_directions():
    definitions = metric_definitions()

    assert definitions[0] == {
        "Name": "train:accuracy",
        "Regex": BUILTIN_XGBOOST_METRICS["train:accuracy"],
    }
    assert [d["Name"] for d in definitions] == sorted(BUILTIN_XGBOOST_METRICS)
    assert is_maximized("validation:auc") and is_maximized("ndcg@5") and is_maximized("f1")
    assert not is_maximized("validation:rmse") and not is_maximized("error@0.7")
