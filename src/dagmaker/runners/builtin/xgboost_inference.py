"""Inference handlers of SageMaker's built-in XGBoost, for batch transform and local endpoints.

The four functions follow the SageMaker inference-toolkit contract (``model_fn``,
``input_fn``, ``predict_fn``, ``output_fn``) with the built-in container's formats:

- requests: ``text/csv`` (features only, no label column) or LibSVM (``text/libsvm``,
  ``text/x-libsvm``; a leading label is ignored);
- responses: ``text/csv`` (the default) with one prediction per line, or one
  comma-separated row of class probabilities per record for ``multi:softprob``;
  ``application/json`` as ``{"predictions": [{"score": ...}, ...]}``; and
  ``application/jsonlines`` with one ``{"score": ...}`` per line.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import xgboost as xgb
from scipy import sparse

from dagmaker.errors import InvalidRequest

MODEL_NAME = "xgboost-model"
CSV = "text/csv"
JSON = "application/json"
JSONLINES = "application/jsonlines"
_LIBSVM_TYPES = ("text/libsvm", "text/x-libsvm", "libsvm")
_CSV_TYPES = (CSV, "csv")


def _media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def _model_file(model_dir: Path) -> Path:
    named = model_dir / MODEL_NAME
    if named.is_file():
        return named
    files = [p for p in sorted(model_dir.iterdir()) if p.is_file() and not p.name.startswith(".")]
    if len(files) != 1:
        shown = ", ".join(p.name for p in files) or "no files"
        raise InvalidRequest(
            f"Cannot find the XGBoost model in {model_dir}: expected '{MODEL_NAME}' or a single "
            f"model file, found {shown}",
            field="ModelDataUrl",
        )
    return files[0]


def model_fn(model_dir: str) -> xgb.Booster:
    """Load the booster from ``model_dir`` (``xgboost-model``, or its only file).

    The bytes are handed to XGBoost, which recognises JSON, UBJSON and its older binary
    format by their content whatever the file is called.
    """
    path = _model_file(Path(model_dir))
    booster = xgb.Booster()
    try:
        booster.load_model(bytearray(path.read_bytes()))
    except xgb.core.XGBoostError as error:
        raise InvalidRequest(
            f"{path} is not a model XGBoost {xgb.__version__} can load ({error}); models must be "
            "saved with Booster.save_model (JSON or UBJSON format)",
            field="ModelDataUrl",
        ) from error
    return booster


def _csv_matrix(text: str) -> xgb.DMatrix:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append([float(cell) if cell.strip() else math.nan for cell in line.split(",")])
        except ValueError:
            raise InvalidRequest(
                f"Loading csv data failed: line {number} is not numeric CSV ({line[:60]!r}); send "
                "features only, comma separated, without a header or label column",
                field="Body",
            ) from None
    widths = {len(row) for row in rows}
    if len(widths) > 1:
        raise InvalidRequest("Loading csv data failed: rows have different numbers of columns")
    return xgb.DMatrix(np.asarray(rows, dtype=np.float32).reshape(len(rows), -1))


def _libsvm_matrix(text: str) -> xgb.DMatrix:
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        for token in line.split():
            if ":" not in token:
                continue  # the label, when the record carries one
            index, _, value = token.partition(":")
            try:
                indices.append(int(index))
                data.append(float(value))
            except ValueError:
                raise InvalidRequest(
                    f"Loading libsvm data failed: line {number} has {token!r}, "
                    "not '<index>:<value>'",
                    field="Body",
                ) from None
        indptr.append(len(indices))
    shape = (len(indptr) - 1, max(indices, default=-1) + 1)
    return xgb.DMatrix(sparse.csr_matrix((data, indices, indptr), shape=shape, dtype=np.float32))


def input_fn(body: bytes, content_type: str) -> xgb.DMatrix:
    """Parse a request body into a DMatrix.

    Args:
        body: The payload: CSV (features only) or LibSVM records, one per line.
        content_type: Its media type; parameters such as ``charset`` are ignored.

    Raises:
        InvalidRequest: For another content type, an empty body or unparsable records.
    """
    media = _media_type(content_type) or CSV
    text = body.decode("utf-8").strip()
    if not text:
        raise InvalidRequest("The request body is empty; send at least one record", field="Body")
    if media in _CSV_TYPES:
        return _csv_matrix(text)
    if media in _LIBSVM_TYPES:
        return _libsvm_matrix(text)
    raise InvalidRequest(
        f"Content type {content_type!r} is not supported; use text/csv, text/libsvm "
        "or text/x-libsvm",
        field="ContentType",
    )


def predict_fn(data: xgb.DMatrix, model: xgb.Booster) -> np.ndarray:
    """Predict with every tree of ``model``.

    Returns:
        One value per record, or one row of class probabilities per record
        (``multi:softprob``).
    """
    # Feature names are not part of SageMaker's request formats, so do not check them.
    return np.asarray(model.predict(data, validate_features=False))


def _records(prediction: np.ndarray) -> list[Any]:
    """One Python float (or list of floats) per record."""
    return [row if isinstance(row, list) else float(row) for row in prediction.tolist()]


def output_fn(prediction: np.ndarray, accept: str | None) -> tuple[bytes, str]:
    """Serialize predictions for the response.

    Args:
        prediction: `predict_fn`'s result.
        accept: The requested media type; empty or ``*/*`` means ``text/csv``.

    Returns:
        The body and its content type.

    Raises:
        InvalidRequest: For an Accept type the built-in container does not produce.
    """
    media = _media_type(accept)
    records = _records(prediction)
    if media in ("", "*/*", CSV):
        lines = [",".join(map(str, r)) if isinstance(r, list) else str(r) for r in records]
        return ("".join(f"{line}\n" for line in lines)).encode("utf-8"), CSV
    if media == JSON:
        return json.dumps({"predictions": [{"score": r} for r in records]}).encode("utf-8"), JSON
    if media == JSONLINES:
        body = "".join(json.dumps({"score": r}) + "\n" for r in records)
        return body.encode("utf-8"), JSONLINES
    raise InvalidRequest(
        f"Accept type {accept!r} is not supported; use text/csv, application/json or "
        "application/jsonlines",
        field="Accept",
    )
