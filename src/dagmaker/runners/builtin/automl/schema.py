"""What an AutoML job learns about its data before training: problem, features, labels.

- The problem type, unless given: a target of text with two values is
  BinaryClassification, with more MulticlassClassification; a numeric target with two
  values is BinaryClassification, whole numbers with at most ``MAX_CLASSES_FOR_INTEGERS``
  values MulticlassClassification, anything else Regression.
- Each column's kind: numbers are ``numeric``, anything else ``categorical``; a
  ``FeatureSpecificationS3Uri`` file may choose the features and set their kinds.
  Columns that are empty, hold one value, or (text) a different value on every row (an
  identifier) are dropped, with the reason kept.
- Class labels in order (numbers by value, text alphabetically); for a binary problem
  the positive label is ``1``, ``true``, ``yes`` (any case) when present, else the
  last label in that order.

The schema travels with every candidate and every model as ``schema.json``.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.automl.objectives import BINARY, MULTICLASS, REGRESSION

NUMERIC = "numeric"
CATEGORICAL = "categorical"
MAX_CLASSES_FOR_INTEGERS = 10
POSITIVE_NAMES = ("1", "1.0", "true", "yes", "y", "t", "positive")
SCHEMA_FILE = "schema.json"
# Feature types a feature specification may give, and the kind each is treated as.
SPEC_KINDS = {"numeric": NUMERIC, "categorical": CATEGORICAL, "text": CATEGORICAL}


@dataclass
class Feature:
    """A column the candidates learn from.

    Attributes:
        name: The column name.
        kind: ``numeric`` or ``categorical``.
    """

    name: str
    kind: str


@dataclass
class Schema:
    """The data's layout and the problem it poses.

    Attributes:
        target: The column to predict.
        problem_type: BinaryClassification, MulticlassClassification or Regression.
        columns: Every column of the input data, in order (target included).
        features: The columns learned from.
        labels: The class labels in order (classification).
        positive_label: The positive class (binary).
        weight: The sample-weight column, if any.
        dropped: Column → why it is not learned from.
        rows: How many rows the analysis saw.
        folds: How many cross-validation folds the training rows are split into (1: none).
        validation_rows: How many rows are held out for validation (0: none).
    """

    target: str
    problem_type: str
    columns: list[str]
    features: list[Feature]
    labels: list[str] = field(default_factory=list)
    positive_label: str | None = None
    weight: str | None = None
    dropped: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    folds: int = 1
    validation_rows: int = 0

    @property
    def feature_names(self) -> list[str]:
        """The features' names, in column order."""
        return [f.name for f in self.features]

    @property
    def input_columns(self) -> list[str]:
        """The columns an inference request holds: every column but target and weight."""
        return [c for c in self.columns if c not in (self.target, self.weight)]

    @property
    def is_classification(self) -> bool:
        """Whether the problem predicts classes."""
        return self.problem_type != REGRESSION

    def to_json(self) -> str:
        """``schema.json``'s text."""
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> Schema:
        """Read ``schema.json``'s text."""
        document: dict[str, Any] = json.loads(text)
        features = [Feature(**f) for f in document.pop("features")]
        return cls(features=features, **document)

    def write(self, folder: Path) -> Path:
        """Write ``schema.json`` into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / SCHEMA_FILE
        path.write_text(self.to_json(), encoding="utf-8")
        return path

    @classmethod
    def read(cls, folder: Path) -> Schema:
        """Read ``schema.json`` from ``folder``.

        Raises:
            JobFailure: when the file is missing.
        """
        path = folder / SCHEMA_FILE
        if not path.is_file():
            raise JobFailure(f"{SCHEMA_FILE} is missing from {folder}")
        return cls.from_json(path.read_text(encoding="utf-8"))


def infer(
    frame: pd.DataFrame,
    target: str,
    problem_type: str | None = None,
    feature_spec: dict[str, Any] | None = None,
    weight: str | None = None,
) -> Schema:
    """The schema of ``frame`` (rows with a target).

    Raises:
        JobFailure: when the target or weight column is missing, the target has a single
            value, or no feature is left.
    """
    _require_column(frame, target, "TargetAttributeName")
    if weight:
        _require_column(frame, weight, "SampleWeightAttributeName")
    values = frame[target].dropna().astype(str)
    problem = problem_type or infer_problem_type(values)
    schema = Schema(target, problem, [str(c) for c in frame.columns], [], weight=weight)
    schema.rows = len(frame)
    if problem != REGRESSION:
        schema.labels = ordered_labels(values.unique().tolist())
        _check_classes(schema, problem)
        schema.positive_label = positive_label(schema.labels) if problem == BINARY else None
    _choose_features(schema, frame, feature_spec)
    return schema


def _require_column(frame: pd.DataFrame, name: str, field_name: str) -> None:
    if name not in frame.columns:
        raise JobFailure(
            f"{field_name} {name!r} is not a column of the data; its columns are "
            f"{', '.join(map(str, frame.columns))}"
        )


def infer_problem_type(values: pd.Series) -> str:
    """The problem a target column poses (see the module notes).

    Raises:
        JobFailure: when the column has fewer than two values.
    """
    distinct = values.unique().tolist()
    if len(distinct) < 2:
        raise JobFailure(
            f"the target column has {len(distinct)} distinct value(s); at least two are needed"
        )
    numbers = _as_numbers(distinct)
    if numbers is None:
        return BINARY if len(distinct) == 2 else MULTICLASS
    if len(distinct) == 2:
        return BINARY
    whole = all(n.is_integer() for n in numbers)
    return MULTICLASS if whole and len(distinct) <= MAX_CLASSES_FOR_INTEGERS else REGRESSION


def _as_numbers(values: list[str]) -> list[float] | None:
    try:
        numbers = [float(v) for v in values]
    except ValueError:
        return None
    return numbers if all(math.isfinite(n) for n in numbers) else None


def ordered_labels(labels: list[str]) -> list[str]:
    """Labels by numeric value when they are all numbers, else alphabetically."""
    numbers = _as_numbers(labels)
    if numbers is not None:
        return [label for _, label in sorted(zip(numbers, labels, strict=True))]
    return sorted(labels)


def positive_label(labels: list[str]) -> str:
    """The positive class of a binary problem (see the module notes)."""
    for label in labels:
        if label.strip().lower() in POSITIVE_NAMES:
            return label
    return labels[-1]


def _check_classes(schema: Schema, problem: str) -> None:
    count = len(schema.labels)
    if problem == BINARY and count != 2:
        raise JobFailure(
            f"ProblemType BinaryClassification needs a target with 2 classes; "
            f"{schema.target!r} has {count}: {', '.join(schema.labels[:10])}"
        )
    if problem == MULTICLASS and count < 3:
        raise JobFailure(
            f"ProblemType MulticlassClassification needs at least 3 classes; "
            f"{schema.target!r} has {count}; use BinaryClassification"
        )


def _choose_features(
    schema: Schema, frame: pd.DataFrame, feature_spec: dict[str, Any] | None
) -> None:
    spec = feature_spec or {}
    chosen = spec.get("FeatureAttributeNames")
    types = {str(k): str(v).lower() for k, v in (spec.get("FeatureDataTypes") or {}).items()}
    for column in schema.input_columns:
        if chosen is not None and column not in chosen:
            schema.dropped[column] = "not in FeatureAttributeNames"
            continue
        reason = _drop_reason(frame[column], len(frame))
        if reason and column not in types:
            schema.dropped[column] = reason
            continue
        kind = SPEC_KINDS.get(types.get(column, ""), "") or column_kind(frame[column])
        schema.features.append(Feature(column, kind))
    if not schema.features:
        raise JobFailure(
            f"no feature is left to learn from: {json.dumps(schema.dropped)}; the data needs "
            "at least one column besides the target"
        )


def _drop_reason(column: pd.Series, rows: int) -> str:
    present = column.dropna()
    if present.empty:
        return "every value is missing"
    distinct = present.nunique()
    if distinct == 1:
        return "a single value"
    text = column_kind(column) == CATEGORICAL
    if text and rows > 20 and distinct == len(present):
        return "a different value on every row (an identifier)"
    return ""


def column_kind(column: pd.Series) -> str:
    """``numeric`` when every present value is a number, else ``categorical``."""
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
        return NUMERIC
    present = column.dropna()
    converted = pd.to_numeric(present, errors="coerce")
    return NUMERIC if len(present) and converted.notna().all() else CATEGORICAL
