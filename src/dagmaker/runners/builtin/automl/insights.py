"""The best candidate's two reports: model quality, and feature attributions.

Model quality is Model Monitor's model-quality ``statistics.json``
(`dagmaker.quality.model_quality_statistics`), computed from the candidate's
validation scores: the held-out rows when the job kept some, else the out-of-fold
predictions of every training row. Binary problems are reported with the positive
class as ``1``.

Feature attributions are Clarify's ``analysis.json`` (``explanations.kernel_shap``,
`dagmaker.quality.explain_shap`) over the model's input columns. Kernel SHAP needs
numbers, so each categorical column is explained through the index of its value (the
model still sees the value itself), and missing numbers take the column's median. The
baseline is a sample of training rows, so every value in it is one the column takes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dagmaker.quality.explain_shap import ShapSettings, explain, kernel_shap_section
from dagmaker.quality.model_quality_problem import ProblemType
from dagmaker.quality.model_quality_statistics import ModelQualityInput, statistics
from dagmaker.runners.builtin.automl import frames
from dagmaker.runners.builtin.automl.model import AnyModel
from dagmaker.runners.builtin.automl.schema import NUMERIC, Schema

EXPLAINED_ROWS = 24
BASELINE_ROWS = 10
MAX_SHAP_SAMPLES = 128


def model_quality(
    schema: Schema, truth: np.ndarray, scores: np.ndarray, evaluation_time: str | None = None
) -> dict[str, Any]:
    """``statistics.json`` of scores against class indices or values."""
    problem = ProblemType(schema.problem_type)
    if problem is ProblemType.REGRESSION:
        data = ModelQualityInput(problem, truth.tolist(), scores.tolist())
    elif problem is ProblemType.BINARY:
        positive = schema.labels.index(schema.positive_label or schema.labels[-1])
        probability = scores[:, positive]
        data = ModelQualityInput(
            problem,
            (truth == positive).astype(int).tolist(),
            (probability > 0.5).astype(int).tolist(),
            probability.tolist(),
        )
    else:
        labels = schema.labels
        predicted = [labels[i] for i in np.argmax(scores, axis=1)]
        data = ModelQualityInput(problem, [labels[i] for i in truth], predicted)
    return statistics(data, evaluation_time=evaluation_time)


@dataclass
class Encoding:
    """Raw feature columns ↔ the numbers Kernel SHAP perturbs.

    Attributes:
        schema: The model's layout.
        categories: Categorical column → its values, indexed by code.
        medians: Numeric column → the value standing in for a missing one.
    """

    schema: Schema
    categories: dict[str, list[str]]
    medians: dict[str, float]

    @classmethod
    def of(cls, schema: Schema, frame: pd.DataFrame) -> Encoding:
        """The encoding of every value ``frame`` holds."""
        data = frames.features(frame, schema)
        categories, medians = {}, {}
        for feature in schema.features:
            column = data[feature.name]
            if feature.kind == NUMERIC:
                median = column.median()
                medians[feature.name] = float(median) if pd.notna(median) else 0.0
            else:
                categories[feature.name] = sorted(column.fillna("").astype(str).unique())
        return cls(schema, categories, medians)

    def encode(self, frame: pd.DataFrame) -> np.ndarray:
        """Rows as numbers, one column per feature."""
        data = frames.features(frame, self.schema)
        columns = []
        for feature in self.schema.features:
            column = data[feature.name]
            if feature.kind == NUMERIC:
                columns.append(column.fillna(self.medians[feature.name]).to_numpy(dtype=float))
            else:
                index = {value: i for i, value in enumerate(self.categories[feature.name])}
                texts = column.fillna("").astype(str)
                columns.append(texts.map(index).fillna(0).to_numpy(dtype=float))
        return np.column_stack(columns)

    def decode(self, matrix: np.ndarray) -> pd.DataFrame:
        """Numbers back to raw columns, the form the model reads."""
        decoded: dict[str, Any] = {}
        for position, feature in enumerate(self.schema.features):
            column = matrix[:, position]
            if feature.kind == NUMERIC:
                decoded[feature.name] = column
            else:
                values = self.categories[feature.name]
                codes = np.clip(np.rint(column), 0, len(values) - 1).astype(int)
                decoded[feature.name] = [values[c] or None for c in codes]
        return pd.DataFrame(decoded)


def explainability(
    model: AnyModel, explained: pd.DataFrame, background: pd.DataFrame, seed: int
) -> dict[str, Any]:
    """``analysis.json`` with the kernel SHAP values of ``explained`` rows."""
    schema = model.schema
    rng = np.random.default_rng(seed)
    explained = _sample(explained, EXPLAINED_ROWS, rng)
    baseline_rows = _sample(background, BASELINE_ROWS, rng)
    encoding = Encoding.of(schema, pd.concat([explained, baseline_rows], ignore_index=True))
    names = schema.feature_names
    settings = ShapSettings(
        baseline=encoding.encode(baseline_rows),
        num_samples=min(2 * len(names) + 2048, MAX_SHAP_SAMPLES + 2 * len(names)),
        seed=seed,
    )
    predict, headers = _predictor(model, encoding)
    found = explain(encoding.encode(explained), names, predict, settings, headers)
    return {"version": "1.0", "explanations": {"kernel_shap": kernel_shap_section(found)}}


def _sample(frame: pd.DataFrame, count: int, rng: np.random.Generator) -> pd.DataFrame:
    if len(frame) <= count:
        return frame.reset_index(drop=True)
    rows = np.sort(rng.choice(len(frame), count, replace=False))
    return frame.iloc[rows].reset_index(drop=True)


def _predictor(
    model: AnyModel, encoding: Encoding
) -> tuple[Callable[[np.ndarray], np.ndarray], list[str] | None]:
    """What SHAP explains, and the labels of its outputs.

    The positive class's probability (binary), every class's probability (multiclass,
    labelled by class), or the prediction (regression).
    """
    schema = model.schema

    def scores(matrix: np.ndarray) -> np.ndarray:
        return model.scores(encoding.decode(matrix))

    if schema.problem_type == ProblemType.BINARY.value:
        positive = schema.labels.index(schema.positive_label or schema.labels[-1])
        return (lambda matrix: scores(matrix)[:, positive]), None
    if schema.problem_type == ProblemType.MULTICLASS.value:
        return scores, list(schema.labels)
    return scores, None
