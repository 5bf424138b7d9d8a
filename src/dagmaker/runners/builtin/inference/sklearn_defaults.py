"""The scikit-learn container's defaults, with a model_fn that loads ``model.joblib``.

SageMaker's scikit-learn container asks the script for ``model_fn``; dagmaker also loads a
model saved with joblib (``model.joblib``) or pickle (``model.pkl``, ``model.pickle``) when
the script leaves it out, since that is what nearly every such ``model_fn`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import joblib

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.inference import codecs
from dagmaker.runners.builtin.inference.defaults import FrameworkDefaults, default_predict_fn

MODEL_FILES = ("model.joblib", "model.pkl", "model.pickle")


def model_fn(model_dir: str) -> Any:
    """Load ``model.joblib`` (or ``model.pkl`` / ``model.pickle``) from ``model_dir``.

    Raises:
        JobFailure: when none of them is there.
    """
    directory = Path(model_dir)
    for name in MODEL_FILES:
        path = directory / name
        if path.is_file():
            return joblib.load(path)
    present = sorted(p.name for p in directory.iterdir()) if directory.is_dir() else []
    raise JobFailure(
        f"ClientError: the inference script defines no model_fn and the model has none of "
        f"{', '.join(MODEL_FILES)} (it holds {', '.join(present) or 'nothing'}); define "
        "model_fn(model_dir) or save the model with joblib.dump(model, 'model.joblib')"
    )


DEFAULTS = FrameworkDefaults(
    name="sklearn",
    model_fn=model_fn,
    input_fn=codecs.decode,
    predict_fn=default_predict_fn,
    output_fn=codecs.encode,
    default_accept=codecs.JSON,
)
