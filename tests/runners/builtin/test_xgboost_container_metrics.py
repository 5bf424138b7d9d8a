"""SageMaker's own XGBoost metrics agree with scikit-learn's definitions."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.xgboost_container_metrics import evaluate, predicted_classes

RNG = np.random.default_rng(11)
BINARY_LABELS = RNG.integers(0, 2, 200).astype(float)
PROBABILITIES = np.clip(0.6 * BINARY_LABELS + RNG.uniform(-0.3, 0.6, 200), 0, 1)
MULTI_LABELS = RNG.integers(0, 4, 200).astype(float)
CLASS_PROBABILITIES = RNG.dirichlet(np.ones(4), 200)


def test_binary_metrics_match_scikit_learn():
    predicted = (PROBABILITIES > 0.5).astype(float)
    names = ("accuracy", "precision", "recall", "f1_binary", "f1", "balanced_accuracy", "mse", "r2")

    results = dict(evaluate(names, BINARY_LABELS, PROBABILITIES))

    assert list(results) == list(names)
    assert results["accuracy"] == pytest.approx(metrics.accuracy_score(BINARY_LABELS, predicted))
    assert results["precision"] == pytest.approx(metrics.precision_score(BINARY_LABELS, predicted))
    assert results["recall"] == pytest.approx(metrics.recall_score(BINARY_LABELS, predicted))
    assert results["f1_binary"] == pytest.approx(metrics.f1_score(BINARY_LABELS, predicted))
    assert results["f1"] == pytest.approx(
        metrics.f1_score(BINARY_LABELS, predicted, average="macro")
    )
    assert results["balanced_accuracy"] == pytest.approx(
        metrics.balanced_accuracy_score(BINARY_LABELS, predicted)
    )
    assert results["mse"] == pytest.approx(metrics.mean_squared_error(BINARY_LABELS, PROBABILITIES))
    assert results["r2"] == pytest.approx(metrics.r2_score(BINARY_LABELS, PROBABILITIES))


def test_multiclass_metrics_use_the_most_probable_class():
    predicted = np.argmax(CLASS_PROBABILITIES, axis=1).astype(float)
    names = ("f1_macro", "precision_macro", "recall_macro", "precision_micro", "recall_micro")

    results = dict(evaluate(names, MULTI_LABELS, CLASS_PROBABILITIES))

    assert list(predicted_classes(CLASS_PROBABILITIES)) == list(predicted)
    for name in names:
        kind, average = name.split("_")
        scorer = {
            "f1": metrics.f1_score,
            "precision": metrics.precision_score,
            "recall": metrics.recall_score,
        }[kind]
        expected = scorer(MULTI_LABELS, predicted, average=average, zero_division=0)
        assert results[name] == pytest.approx(expected), name


def test_binary_averages_refuse_more_than_two_classes():
    with pytest.raises(JobFailure, match="Target is multiclass but average='binary'"):
        evaluate(("precision",), MULTI_LABELS, CLASS_PROBABILITIES)
