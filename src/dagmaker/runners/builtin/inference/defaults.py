"""Each framework container's default handlers, found through one table and loaded lazily.

Loading the table entry imports only that framework (PyTorch, for instance, need not be
installed unless a PyTorch model is used).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.inference import codecs


@dataclass(frozen=True)
class FrameworkDefaults:
    """What a container does for the functions an inference script leaves out.

    Attributes:
        name: The framework (``sklearn``, ``xgboost``, ``xgboost-algorithm``, ``pytorch``,
            ``automl``, ``generic``).
        model_fn: Loads the model from its directory; None when the script must define it.
        input_fn: Request body (text for CSV and JSON, else bytes) and content type → data.
        predict_fn: Data and model → prediction.
        output_fn: Prediction and Accept type → body, or (body, content type).
        default_accept: The response type when the job sets no Accept.
    """

    name: str
    model_fn: Callable[[str], Any] | None
    input_fn: Callable[[Any, str], Any]
    predict_fn: Callable[[Any, Any], Any]
    output_fn: Callable[[Any, str], Any]
    default_accept: str


def default_predict_fn(data: Any, model: Any) -> Any:
    """``model.predict(data)``, as the scikit-learn container does."""
    return model.predict(data)


GENERIC = FrameworkDefaults(
    name="generic",
    model_fn=None,
    input_fn=codecs.decode,
    predict_fn=default_predict_fn,
    output_fn=codecs.encode,
    default_accept=codecs.JSON,
)

_TABLE = {
    "sklearn": "dagmaker.runners.builtin.inference.sklearn_defaults:DEFAULTS",
    "xgboost": "dagmaker.runners.builtin.inference.xgboost_defaults:FRAMEWORK",
    "xgboost-algorithm": "dagmaker.runners.builtin.inference.xgboost_defaults:ALGORITHM",
    "pytorch": "dagmaker.runners.builtin.inference.pytorch_defaults:DEFAULTS",
    "automl": "dagmaker.runners.builtin.automl.serving:DEFAULTS",
}
FRAMEWORKS = ("generic", *_TABLE)


def defaults_for(framework: str) -> FrameworkDefaults:
    """The defaults of ``framework``.

    Raises:
        JobFailure: for a framework name dagmaker does not know.
    """
    if framework == "generic":
        return GENERIC
    target = _TABLE.get(framework)
    if target is None:
        raise JobFailure(
            f"ClientError: no inference defaults for framework {framework!r}; "
            f"known: {', '.join(FRAMEWORKS)}"
        )
    module_name, _, attribute = target.partition(":")
    defaults: FrameworkDefaults = getattr(importlib.import_module(module_name), attribute)
    return defaults
