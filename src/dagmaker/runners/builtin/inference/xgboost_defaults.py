"""The XGBoost container's defaults: framework mode (with a script) and algorithm mode.

Both read CSV and LibSVM into a ``DMatrix`` and answer in CSV, JSON or JSON Lines, as
`dagmaker.runners.builtin.xgboost_inference` does. Algorithm mode (a model trained by the
built-in algorithm, no script) also loads ``xgboost-model`` itself; framework mode needs
the script's ``model_fn``.

CSV bodies are parsed by NumPy's C reader first; only a body it rejects goes through the
built-in parser, which explains what is wrong with which line.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import xgboost as xgb

from dagmaker.runners.builtin import xgboost_inference
from dagmaker.runners.builtin.inference import codecs
from dagmaker.runners.builtin.inference.defaults import FrameworkDefaults
from dagmaker.runners.transform_records import media_type


def input_fn(body: bytes | str, content_type: str) -> xgb.DMatrix:
    """CSV (features only) or LibSVM records → DMatrix."""
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    if media_type(content_type) in ("", "text/csv", "csv"):
        try:
            rows = np.loadtxt(io.BytesIO(raw), delimiter=",", ndmin=2, dtype=np.float32)
        except ValueError:
            rows = None
        if rows is not None and rows.size:
            return xgb.DMatrix(rows)
    return xgboost_inference.input_fn(raw, content_type)


def predict_fn(data: Any, model: xgb.Booster) -> Any:
    """Predict with every tree."""
    return xgboost_inference.predict_fn(data, model)


def output_fn(prediction: Any, accept: str) -> tuple[bytes, str]:
    """CSV (default), JSON or JSON Lines."""
    array = np.asarray(prediction)
    if array.ndim == 1 and media_type(accept) in ("", "*/*", "text/csv"):
        # One value per line, written in one pass: the same text as the built-in handler.
        lines = "\n".join(map(str, array.tolist()))
        return f"{lines}\n".encode() if array.size else b"", "text/csv"
    return xgboost_inference.output_fn(array, accept)


ALGORITHM = FrameworkDefaults(
    name="xgboost-algorithm",
    model_fn=xgboost_inference.model_fn,
    input_fn=input_fn,
    predict_fn=predict_fn,
    output_fn=output_fn,
    default_accept=codecs.CSV,
)

FRAMEWORK = FrameworkDefaults(
    name="xgboost",
    model_fn=None,
    input_fn=input_fn,
    predict_fn=predict_fn,
    output_fn=output_fn,
    default_accept=codecs.CSV,
)
