"""The inference toolkit's default decoders and encoders (NumPy arrays ↔ request bodies).

Supported types, as in SageMaker's framework containers: ``application/json``,
``text/csv`` and ``application/x-npy``, plus JSON Lines. Two conveniences over the
toolkit: a CSV body always decodes to a two-dimensional array (one row per line, even for
a single record), and several JSON documents one per line stack into one array, so that
MultiRecord batches of JSON Lines decode like CSV ones.
"""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np

from dagmaker.errors import InvalidRequest
from dagmaker.runners.transform_records import media_type

CSV = "text/csv"
JSON = "application/json"
JSONLINES = "application/jsonlines"
NPY = "application/x-npy"
# Bodies of these types reach a user's input_fn as text, as the toolkit passes them.
TEXT_TYPES = frozenset({CSV, JSON})


def as_text(body: bytes | str) -> str:
    """A body as text (UTF-8)."""
    return body if isinstance(body, str) else bytes(body).decode("utf-8")


def decode(body: bytes | str, content_type: str) -> np.ndarray:
    """Decode a request body into an array.

    Raises:
        InvalidRequest: for an unsupported type or a body that is not of its type.
    """
    media = media_type(content_type)
    if media == CSV:
        return _csv(as_text(body))
    if media in (JSON, JSONLINES, "application/x-jsonlines"):
        return _json(as_text(body))
    if media == NPY:
        raw = body.encode("latin1") if isinstance(body, str) else bytes(body)
        return np.asarray(np.load(io.BytesIO(raw), allow_pickle=False))
    raise InvalidRequest(
        f"content type {content_type!r} is not supported by the default input_fn; use "
        f"{CSV}, {JSON} or {NPY}, or define input_fn in the inference script",
        field="ContentType",
    )


def _csv(text: str) -> np.ndarray:
    try:
        return np.loadtxt(io.StringIO(text), delimiter=",", ndmin=2, dtype=np.float64)
    except ValueError:
        # Not all numbers: keep the cells as text, still one row per line.
        return np.loadtxt(io.StringIO(text), delimiter=",", ndmin=2, dtype=str)


def _json(text: str) -> np.ndarray:
    try:
        return _rows(np.asarray(json.loads(text)))
    except ValueError:
        pass
    lines = [line for line in text.splitlines() if line.strip()]
    try:
        return np.asarray([json.loads(line) for line in lines])
    except ValueError as error:
        raise InvalidRequest(f"the body is not JSON or JSON Lines: {error}", field="Body") from None


def _rows(array: np.ndarray) -> np.ndarray:
    # A single record such as [1, 2, 3] becomes one row, which is what predict expects.
    if array.ndim == 1 and array.dtype.kind in "biuf":
        return array.reshape(1, -1)
    return array


def encode(prediction: Any, accept: str) -> tuple[bytes, str]:
    """Encode a prediction (array, list or scalar) as ``accept``.

    Raises:
        InvalidRequest: for an unsupported Accept type.
    """
    media = media_type(accept) or JSON
    if media in ("*/*",):
        media = JSON
    values = _plain(prediction)
    if media == JSON:
        return json.dumps(values).encode("utf-8"), JSON
    if media == CSV:
        return _csv_lines(values).encode("utf-8"), CSV
    if media in (JSONLINES, "application/x-jsonlines"):
        rows = values if isinstance(values, list) else [values]
        return "".join(json.dumps(row) + "\n" for row in rows).encode("utf-8"), media
    if media == NPY:
        out = io.BytesIO()
        np.save(out, np.asarray(prediction), allow_pickle=False)
        return out.getvalue(), NPY
    raise InvalidRequest(
        f"Accept type {accept!r} is not supported by the default output_fn; use {JSON}, "
        f"{CSV}, {JSONLINES} or {NPY}, or define output_fn in the inference script",
        field="Accept",
    )


def _plain(prediction: Any) -> Any:
    if hasattr(prediction, "tolist"):
        return prediction.tolist()
    return prediction


def _csv_lines(values: Any) -> str:
    rows = values if isinstance(values, list) else [values]
    lines = [",".join(map(str, row)) if isinstance(row, list) else str(row) for row in rows]
    return "".join(line + "\n" for line in lines)
