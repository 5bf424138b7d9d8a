"""The built-in XGBoost algorithm trains binary and multi-class classifiers as job processes."""

from __future__ import annotations

import numpy as np
import pytest
import xgboost as xgb
from sklearn.metrics import roc_auc_score

from dagmaker.runners.builtin.xgboost_metrics import BUILTIN_XGBOOST_METRICS
from tests.runners.builtin.xgboost_job_helpers import (
    load_model,
    metric_values,
    run_algorithm,
    to_csv,
)


def binary_table(rows: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    features = np.round(rng.normal(size=(rows, 6)), 4)
    score = features[:, 0] + 0.8 * features[:, 1] - 0.5 * features[:, 2] + rng.normal(0, 0.5, rows)
    return np.column_stack([(score > 0).astype(float), features])


def multiclass_table(rows: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, rows)
    centers = np.array([[0.0, 0.0], [2.5, 0.0], [0.0, 2.5]])
    features = np.round(centers[labels] + rng.normal(0, 0.8, (rows, 2)), 4)
    noise = np.round(rng.normal(size=(rows, 2)), 4)
    return np.column_stack([labels.astype(float), features, noise])


def predict(booster: xgb.Booster, table: np.ndarray) -> np.ndarray:
    return booster.predict(xgb.DMatrix(table[:, 1:].astype(np.float32)))


def test_binary_logistic_reports_validation_auc_and_error(job):
    train, validation = binary_table(400, seed=3), binary_table(150, seed=4)
    base = job(
        {
            "objective": "binary:logistic",
            "num_round": "25",
            "max_depth": "3",
            "eval_metric": "auc,error",
        },
        {
            "train": ("text/csv", {"train.csv": to_csv(train)}),
            "validation": ("csv", {"validation.csv": to_csv(validation)}),
        },
    )

    result = run_algorithm(base)

    assert result.returncode == 0, result.stdout + result.stderr
    probabilities = predict(load_model(base), validation)
    labels = validation[:, 0]
    auc = metric_values(result.stdout, BUILTIN_XGBOOST_METRICS["validation:auc"])
    error = metric_values(result.stdout, BUILTIN_XGBOOST_METRICS["validation:error"])
    assert len(auc) == len(error) == 25
    assert auc[-1] == pytest.approx(roc_auc_score(labels, probabilities), abs=1e-4)
    assert auc[-1] > 0.85
    assert error[-1] == pytest.approx(float(np.mean((probabilities > 0.5) != labels)), abs=1e-4)
    assert metric_values(result.stdout, BUILTIN_XGBOOST_METRICS["train:auc"])


def test_multi_softprob_gives_class_probabilities_and_container_accuracy(job):
    train, validation = multiclass_table(450, seed=5), multiclass_table(150, seed=6)
    base = job(
        {
            "objective": "multi:softprob",
            "num_class": "3",
            "num_round": "20",
            "max_depth": "3",
            "eval_metric": "mlogloss,merror,accuracy",
        },
        {
            "train": ("text/csv", {"train.csv": to_csv(train)}),
            "validation": ("text/csv", {"validation.csv": to_csv(validation)}),
        },
    )

    result = run_algorithm(base)

    assert result.returncode == 0, result.stdout + result.stderr
    probabilities = predict(load_model(base), validation)
    assert probabilities.shape == (150, 3)
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    accuracy = float(np.mean(np.argmax(probabilities, axis=1) == validation[:, 0]))
    assert accuracy > 0.8
    logged_accuracy = metric_values(result.stdout, BUILTIN_XGBOOST_METRICS["validation:accuracy"])
    logged_merror = metric_values(result.stdout, BUILTIN_XGBOOST_METRICS["validation:merror"])
    assert logged_accuracy[-1] == pytest.approx(accuracy, abs=1e-5)
    assert logged_merror[-1] == pytest.approx(1 - accuracy, abs=1e-5)
    assert len(metric_values(result.stdout, BUILTIN_XGBOOST_METRICS["validation:mlogloss"])) == 20
