"""Fitting one candidate and measuring it on rows it did not learn from.

Preprocessing is fitted once, on every training row. With folds (ENSEMBLING mode) the
estimator is fitted once per fold on the other folds and predicts the rows of its own:
every training row gets an out-of-fold prediction, and the fold estimators, averaged,
are the candidate. With a held-out set only, it is
fitted once on the training rows. Its metrics come from the held-out rows when there
are any, else from the out-of-fold predictions.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import has_fit_parameter

from dagmaker.runners.builtin.automl import estimators, frames, scoring
from dagmaker.runners.builtin.automl.model import TabularModel, estimator_scores
from dagmaker.runners.builtin.automl.schema import Schema


@dataclass
class Validated:
    """A model with its predictions on rows it did not learn from.

    Attributes:
        out_of_fold: Scores of every training row by the folds that left it out (None
            without folds).
        held_out: Scores of the held-out rows (None without them).
        metrics: Every metric of the problem type, on the rows named by ``measured_on``.
        measured_on: ``held-out`` or ``out-of-fold``.
    """

    out_of_fold: np.ndarray | None
    held_out: np.ndarray | None
    metrics: dict[str, float]
    measured_on: str


@dataclass
class Data:
    """The rows a job learns from and validates on.

    Attributes:
        schema: Their layout.
        train: The training rows (with ``__fold__`` when the schema has folds).
        validation: The held-out rows, if any.
    """

    schema: Schema
    train: pd.DataFrame
    validation: pd.DataFrame | None

    def truth(self) -> tuple[np.ndarray, np.ndarray | None]:
        """Targets of the training rows and of the held-out rows."""
        held = None if self.validation is None else frames.target(self.validation, self.schema)
        return frames.target(self.train, self.schema), held


def fit(
    data: Data, algorithm: str, params: dict[str, Any], seed: int
) -> tuple[TabularModel, Validated]:
    """Fit the candidate and validate it.

    Raises:
        ValueError: for an unknown algorithm; estimators raise for data they reject.
    """
    schema = data.schema
    labels = frames.target(data.train, schema)
    weights = frames.weights(data.train, schema)
    model = TabularModel(schema, algorithm, dict(params))
    model.preprocessor = estimators.preprocessor(schema, scaled=algorithm in estimators.SCALED)
    matrix = np.asarray(
        model.preprocessor.fit_transform(frames.features(data.train, schema)), dtype=float
    )
    out_of_fold = None
    if schema.folds > 1:
        folds = data.train[frames.FOLD_COLUMN].to_numpy()
        out_of_fold = _empty_scores(schema, len(labels))
        settings = estimators.per_fold(algorithm, params, schema.folds)
        for fold in range(schema.folds):
            learn, check = folds != fold, folds == fold
            fitted = _fitted(
                schema,
                algorithm,
                settings,
                seed + fold,
                matrix[learn],
                labels[learn],
                _rows(weights, learn),
            )
            model.estimators.append(fitted)
            out_of_fold[check] = estimator_scores(fitted, matrix[check], schema)
    else:
        model.estimators.append(_fitted(schema, algorithm, params, seed, matrix, labels, weights))
    return model, validate(data, model.scores, out_of_fold)


def _rows(weights: np.ndarray | None, chosen: np.ndarray) -> np.ndarray | None:
    return None if weights is None else weights[chosen]


def validate(data: Data, scores: Any, out_of_fold: np.ndarray | None) -> Validated:
    """Score the held-out rows with ``scores`` and measure (held-out rows first)."""
    labels, held_labels = data.truth()
    held_out = None if data.validation is None else scores(data.validation)
    if data.validation is not None and held_out is not None and held_labels is not None:
        held_weights = frames.weights(data.validation, data.schema)
        metrics = scoring.evaluate(data.schema, held_labels, held_out, held_weights)
        return Validated(out_of_fold, held_out, metrics, "held-out")
    if out_of_fold is None:
        raise ValueError("a candidate without folds needs held-out rows to be measured on")
    weights = frames.weights(data.train, data.schema)
    metrics = scoring.evaluate(data.schema, labels, out_of_fold, weights)
    return Validated(out_of_fold, None, metrics, "out-of-fold")


def _empty_scores(schema: Schema, rows: int) -> np.ndarray:
    if schema.is_classification:
        return np.zeros((rows, len(schema.labels)))
    return np.zeros(rows)


def _fitted(
    schema: Schema,
    algorithm: str,
    params: dict[str, Any],
    seed: int,
    matrix: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray | None,
) -> Any:
    model = estimators.estimator(algorithm, params, schema.is_classification, seed)
    options: dict[str, Any] = {}
    if weights is not None and has_fit_parameter(model, "sample_weight"):
        options["sample_weight"] = weights
    with warnings.catch_warnings():
        # An iteration limit reached is a property of the candidate, not an error.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(matrix, labels, **options)
    return model
