"""The models an AutoML job produces, and how they are stored in ``/opt/ml/model``.

A candidate is a ``TabularModel``: its feature preprocessing, fitted on every training
row, and one fitted estimator per cross-validation fold (their average answers), or a
single estimator when the job validates on a held-out set. The
ensemble is an ``EnsembleModel``: candidates and their weights. Both answer with
``scores``: per-class probabilities (classification, columns in label order) or
predicted values (regression). ``automl-model.joblib`` holds the model, ``schema.json``
its data layout, and ``code/`` the serving scripts (see `serving`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.automl import frames
from dagmaker.runners.builtin.automl.schema import Schema

MODEL_FILE = "automl-model.joblib"


@dataclass
class TabularModel:
    """One candidate pipeline, fitted.

    Attributes:
        schema: The data layout it was trained on.
        algorithm: Its algorithm.
        params: Its hyperparameters.
        preprocessor: The fitted feature transformation (fitted on every training row).
        estimators: The fitted estimators (one per fold, or one).
    """

    schema: Schema
    algorithm: str
    params: dict[str, Any]
    preprocessor: Any = None
    estimators: list[Any] = field(default_factory=list)

    def scores(self, frame: pd.DataFrame) -> np.ndarray:
        """Probabilities (n × classes) or predicted values (n) for raw rows."""
        return self.scores_of_features(self.transform(frame))

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """The preprocessed features of raw rows."""
        data = frames.features(frame, self.schema)
        return np.asarray(self.preprocessor.transform(data), dtype=float)

    def scores_of_features(self, matrix: np.ndarray) -> np.ndarray:
        """Scores of preprocessed rows: the estimators' average."""
        scores = [estimator_scores(e, matrix, self.schema) for e in self.estimators]
        return np.asarray(np.mean(scores, axis=0))


@dataclass
class EnsembleModel:
    """A weighted average of candidates.

    Attributes:
        schema: The data layout the candidates share.
        members: The candidates, by name.
        weights: Each member's weight (they sum to 1).
    """

    schema: Schema
    members: dict[str, TabularModel]
    weights: dict[str, float]

    @property
    def algorithm(self) -> str:
        """``ensemble``."""
        return "ensemble"

    def scores(self, frame: pd.DataFrame) -> np.ndarray:
        """The weighted average of the members' scores."""
        total = sum(self.weights[name] * m.scores(frame) for name, m in self.members.items())
        return np.asarray(total)


AnyModel = TabularModel | EnsembleModel


def estimator_scores(estimator: Any, matrix: Any, schema: Schema) -> np.ndarray:
    """One estimator's probabilities (columns in label order) or predictions."""
    if not schema.is_classification:
        return np.asarray(estimator.predict(matrix), dtype=float)
    probabilities = np.asarray(estimator.predict_proba(matrix), dtype=float)
    full = np.zeros((probabilities.shape[0], len(schema.labels)))
    # A fold may have missed a class; its column stays 0 for that fold.
    full[:, np.asarray(estimator.classes_, dtype=int)] = probabilities
    return full


def predicted_labels(scores: np.ndarray, schema: Schema) -> list[str]:
    """The predicted class labels (classification) or values as text (regression)."""
    if not schema.is_classification:
        return [repr(float(v)) for v in scores]
    return [schema.labels[i] for i in np.argmax(scores, axis=1)]


def save(model: AnyModel, model_dir: Path) -> None:
    """Write the model and its schema into ``model_dir``."""
    model_dir.mkdir(parents=True, exist_ok=True)
    partial = model_dir / f".{MODEL_FILE}.partial"
    joblib.dump(model, partial)
    partial.replace(model_dir / MODEL_FILE)
    model.schema.write(model_dir)


def load(model_dir: Path) -> AnyModel:
    """Read the model saved in ``model_dir``.

    Raises:
        JobFailure: when the directory holds no AutoML model.
    """
    path = Path(model_dir) / MODEL_FILE
    if not path.is_file():
        present = (
            sorted(p.name for p in Path(model_dir).iterdir()) if Path(model_dir).is_dir() else []
        )
        raise JobFailure(
            f"{model_dir} holds no AutoML model ({MODEL_FILE}); it holds "
            f"{', '.join(present) or 'nothing'}"
        )
    loaded: AnyModel = joblib.load(path)
    return loaded
