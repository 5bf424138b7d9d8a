"""The built-in XGBoost algorithm trains a regression model as a real job process."""

from __future__ import annotations

import math

import numpy as np
import pytest
import xgboost as xgb

from dagmaker.runners.builtin.xgboost_metrics import BUILTIN_XGBOOST_METRICS
from tests.runners.builtin.xgboost_job_helpers import (
    abalone_like,
    load_model,
    metric_values,
    run_algorithm,
    to_csv,
    to_libsvm,
)

# The seed's hyperparameters, as SageMaker writes them (all strings).
SEED_HYPERPARAMETERS = {
    "objective": "reg:linear",
    "num_round": "50",
    "max_depth": "5",
    "eta": "0.2",
    "gamma": "4",
    "min_child_weight": "6",
    "subsample": "0.7",
    "silent": "0",
}


def rmse(booster: xgb.Booster, table: np.ndarray) -> float:
    predictions = booster.predict(xgb.DMatrix(table[:, 1:].astype(np.float32)))
    labels = table[:, 0].astype(np.float32)
    return math.sqrt(float(np.mean((predictions - labels) ** 2)))


def test_csv_regression_trains_logs_sagemaker_metric_lines_and_saves_a_loadable_model(job):
    data = abalone_like(300, seed=1)
    train, validation = data[:240], data[240:]
    base = job(
        SEED_HYPERPARAMETERS,
        {
            "train": ("text/csv", {"train.csv": to_csv(train)}),
            "validation": ("text/csv", {"validation.csv": to_csv(validation)}),
        },
    )

    result = run_algorithm(base)

    assert result.returncode == 0, result.stdout + result.stderr
    assert not (base / "output" / "failure").exists()
    booster = load_model(base)
    assert booster.num_boosted_rounds() == 50
    assert booster.num_features() == 8
    validation_rmse = rmse(booster, validation)
    assert validation_rmse < float(np.std(validation[:, 0]))

    logged_validation = metric_values(result.stdout, BUILTIN_XGBOOST_METRICS["validation:rmse"])
    logged_train = metric_values(result.stdout, BUILTIN_XGBOOST_METRICS["train:rmse"])
    assert len(logged_validation) == len(logged_train) == 50
    assert logged_validation[-1] == pytest.approx(validation_rmse, abs=1e-4)
    assert logged_train[-1] == pytest.approx(rmse(booster, train), abs=1e-4)
    assert logged_train[-1] < logged_train[0]
    assert "Train matrix has 240 rows and 8 columns" in result.stdout


def test_libsvm_channels_train_with_default_content_type(job):
    data = abalone_like(300, seed=2)
    train, validation = data[:240], data[240:]
    base = job(
        {"num_round": "30", "max_depth": "4", "eta": "0.3"},
        {
            "train": (
                "text/libsvm",
                {"part-0.libsvm": to_libsvm(train[:120]), "part-1.libsvm": to_libsvm(train[120:])},
            ),
            # No ContentType: SageMaker's built-in XGBoost defaults to LibSVM.
            "validation": (None, {"validation.libsvm": to_libsvm(validation)}),
        },
    )

    result = run_algorithm(base)

    assert result.returncode == 0, result.stdout + result.stderr
    booster = load_model(base)
    # LibSVM indices are column numbers: 1..8 gives nine columns, the first unused.
    assert booster.num_features() == 9
    padded = np.column_stack(
        [validation[:, 0], np.full(len(validation), np.nan), validation[:, 1:]]
    )
    validation_rmse = rmse(booster, padded)
    assert validation_rmse < float(np.std(validation[:, 0]))
    logged = metric_values(result.stdout, BUILTIN_XGBOOST_METRICS["validation:rmse"])
    assert logged[-1] == pytest.approx(validation_rmse, abs=1e-4)
    assert "Train matrix has 240 rows and 9 columns" in result.stdout
