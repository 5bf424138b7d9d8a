"""Serving AutoML models: the inference containers of dagmaker's AutoML image.

A model's ``code/`` folder holds one script per container role, each naming the
handlers of that role (``SAGEMAKER_PROGRAM`` picks the script):

- ``serve.py`` — the whole model (ENSEMBLING mode's single container): CSV records of
  the input columns in, predictions out;
- ``feature_transform.py`` — HYPERPARAMETER_TUNING mode's first container: records in,
  preprocessed features out (CSV of numbers);
- ``algorithm.py`` — its second: preprocessed features in, class probabilities (or, for
  regression, the predictions) out;
- ``inverse_label.py`` — its third (classification): probabilities in, predictions out.

Predictions hold the keys of ``SAGEMAKER_INFERENCE_OUTPUT`` (default
``predicted_label``): ``predicted_label``, ``probability`` (of the positive class for a
binary problem, of the predicted class otherwise), ``probabilities`` and ``labels`` (both
in label order). Answers are CSV (``text/csv``, the default), JSON
(``{"predictions": [...]}``) or JSON Lines.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dagmaker.errors import InvalidRequest
from dagmaker.runners.builtin.automl import frames
from dagmaker.runners.builtin.automl import model as models
from dagmaker.runners.builtin.automl.schema import Schema
from dagmaker.runners.builtin.inference.defaults import FrameworkDefaults
from dagmaker.runners.transform_records import media_type

CSV = "text/csv"
JSON = "application/json"
JSONLINES = "application/jsonlines"
OUTPUT_VARIABLE = "SAGEMAKER_INFERENCE_OUTPUT"
CLASSIFICATION_KEYS = ("predicted_label", "probability", "probabilities", "labels")
REGRESSION_KEYS = ("predicted_label",)
PROGRAMS = {
    "serve.py": ("input_fn", "model_fn", "output_fn", "predict_fn"),
    "feature_transform.py": (
        "input_fn",
        "model_fn",
        "matrix_output_fn as output_fn",
        "transform_fn as predict_fn",
    ),
    "algorithm.py": (
        "matrix_input_fn as input_fn",
        "model_fn",
        "matrix_output_fn as output_fn",
        "algorithm_fn as predict_fn",
    ),
    "inverse_label.py": (
        "matrix_input_fn as input_fn",
        "model_fn",
        "output_fn",
        "inverse_label_fn as predict_fn",
    ),
}


@dataclass(frozen=True)
class Answer:
    """Scores of some records, with what is needed to put them in words."""

    schema: Schema
    scores: np.ndarray


def supported_keys(schema: Schema) -> tuple[str, ...]:
    """The response keys a model of ``schema`` can answer with."""
    return CLASSIFICATION_KEYS if schema.is_classification else REGRESSION_KEYS


# -- handlers ------------------------------------------------------------------------------


def model_fn(model_dir: str) -> models.AnyModel:
    """Load the model."""
    return models.load(Path(model_dir))


def input_fn(body: Any, content_type: str) -> str:
    """The records of a CSV request.

    Raises:
        InvalidRequest: for another content type.
    """
    if media_type(content_type) not in (CSV, ""):
        raise InvalidRequest(
            f"an AutoML model takes text/csv records (no header), not {content_type!r}",
            field="ContentType",
        )
    return body if isinstance(body, str) else bytes(body).decode("utf-8")


def predict_fn(data: str, model: models.AnyModel) -> Answer:
    """Score the records."""
    return Answer(model.schema, model.scores(frames.parse_csv(data, model.schema)))


def transform_fn(data: str, model: models.TabularModel) -> np.ndarray:
    """The records' preprocessed features."""
    return model.transform(frames.parse_csv(data, model.schema))


def matrix_input_fn(body: Any, content_type: str) -> np.ndarray:
    """A CSV of numbers (what the previous container answered).

    Raises:
        InvalidRequest: for another content type or a value that is not a number.
    """
    text = input_fn(body, content_type)
    try:
        return np.loadtxt(io.StringIO(text), delimiter=",", ndmin=2, dtype=float)
    except ValueError as error:
        raise InvalidRequest(
            f"expected numbers from the previous container: {error}", field="Body"
        ) from None


def algorithm_fn(matrix: np.ndarray, model: models.TabularModel) -> np.ndarray:
    """Probabilities (classification) or predictions (regression) of preprocessed rows."""
    return model.scores_of_features(matrix)


def inverse_label_fn(matrix: np.ndarray, model: models.AnyModel) -> Answer:
    """Probabilities back to the problem's labels."""
    return Answer(model.schema, matrix)


def matrix_output_fn(matrix: np.ndarray, accept: str) -> tuple[str, str]:
    """Numbers as CSV, one record per line."""
    rows = matrix.reshape(-1, 1) if matrix.ndim == 1 else matrix
    return "".join(",".join(repr(float(v)) for v in row) + "\n" for row in rows), CSV


def output_fn(answer: Answer, accept: str) -> tuple[str, str]:
    """The predictions with the keys of ``SAGEMAKER_INFERENCE_OUTPUT``, as ``accept``.

    Raises:
        InvalidRequest: for an unsupported key or Accept type.
    """
    keys = _keys(answer.schema)
    records = [
        {key: _value(key, answer.schema, row) for key in keys} for row in _rows(answer.scores)
    ]
    media = media_type(accept) or CSV
    if media in (CSV, "*/*"):
        return _csv(records, keys), CSV
    if media == JSON:
        return json.dumps({"predictions": records}), JSON
    if media in (JSONLINES, "application/x-jsonlines"):
        return "".join(json.dumps(r) + "\n" for r in records), media
    raise InvalidRequest(
        f"an AutoML model answers in {CSV}, {JSON} or {JSONLINES}, not {accept!r}",
        field="Accept",
    )


def _keys(schema: Schema) -> list[str]:
    chosen = [k.strip() for k in os.environ.get(OUTPUT_VARIABLE, "predicted_label").split(",")]
    keys = [k for k in chosen if k]
    unsupported = [k for k in keys if k not in supported_keys(schema)]
    if unsupported:
        raise InvalidRequest(
            f"{OUTPUT_VARIABLE} asks for {', '.join(unsupported)}; this model answers with "
            f"{', '.join(supported_keys(schema))}",
            field=OUTPUT_VARIABLE,
        )
    return keys or ["predicted_label"]


def _rows(scores: np.ndarray) -> list[np.ndarray]:
    return list(scores) if scores.ndim > 1 else [np.asarray(v) for v in scores]


def _value(key: str, schema: Schema, row: np.ndarray) -> Any:
    if not schema.is_classification:
        return float(np.ravel(row)[0])
    if key == "predicted_label":
        return schema.labels[int(np.argmax(row))]
    if key == "probability":
        positive = schema.labels.index(schema.positive_label) if schema.positive_label else None
        return float(row[positive] if positive is not None else np.max(row))
    if key == "probabilities":
        return [float(v) for v in row]
    return list(schema.labels)


def _csv(records: list[dict[str, Any]], keys: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for record in records:
        writer.writerow([_cell(record[key]) for key in keys])
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return json.dumps(value)
    return repr(value) if isinstance(value, float) else str(value)


# -- the scripts models carry ---------------------------------------------------------------

DEFAULTS = FrameworkDefaults(
    name="automl",
    model_fn=model_fn,
    input_fn=input_fn,
    predict_fn=predict_fn,
    output_fn=output_fn,
    default_accept=CSV,
)


def write_code(model_dir: Path) -> None:
    """Put the serving scripts into ``model_dir/code``."""
    code = model_dir / "code"
    code.mkdir(parents=True, exist_ok=True)
    for program, names in PROGRAMS.items():
        imports = ",\n    ".join(names)
        text = (
            f'"""Serving script of a dagmaker AutoML model ({program}; see '
            '``dagmaker.runners.builtin.automl.serving``)."""\n\n'
            "from dagmaker.runners.builtin.automl.serving import (  # noqa: F401\n"
            f"    {imports},\n)\n"
        )
        (code / program).write_text(text, encoding="utf-8")
