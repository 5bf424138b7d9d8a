"""One container's request handling: the script's functions over the framework's defaults."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.inference import codecs
from dagmaker.runners.builtin.inference.defaults import FrameworkDefaults
from dagmaker.runners.transform_records import media_type


@dataclass
class InferenceHandler:
    """A loaded model and the functions that answer requests with it.

    Attributes:
        model: What ``model_fn`` returned.
        input_fn: Body and content type → data.
        predict_fn: Data and model → prediction.
        output_fn: Prediction and Accept → body (or body and content type).
        transform_fn: The script's single function doing all three, when it defines one.
        default_accept: The response type when the request names none.
    """

    model: Any
    input_fn: Callable[[Any, str], Any]
    predict_fn: Callable[[Any, Any], Any]
    output_fn: Callable[[Any, str], Any]
    transform_fn: Callable[[Any, Any, str, str], Any] | None
    default_accept: str

    def transform(self, body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
        """Answer one request; returns the response body and its content type."""
        accept = accept or self.default_accept
        # The toolkit hands CSV and JSON bodies to the script as text, others as bytes.
        request: Any = (
            codecs.as_text(body) if media_type(content_type) in codecs.TEXT_TYPES else body
        )
        if self.transform_fn is not None:
            result = self.transform_fn(self.model, request, content_type, accept)
        else:
            prediction = self.predict_fn(self.input_fn(request, content_type), self.model)
            result = self.output_fn(prediction, accept)
        return _response(result, accept)


def _response(result: Any, accept: str) -> tuple[bytes, str]:
    content_type = accept
    if isinstance(result, tuple) and len(result) == 2:
        result, content_type = result
    if isinstance(result, str):
        return result.encode("utf-8"), content_type
    if isinstance(result, (bytes, bytearray, memoryview)):
        return bytes(result), content_type
    if isinstance(result, (dict, list, int, float)):
        return json.dumps(result).encode("utf-8"), codecs.JSON
    return codecs.encode(result, content_type)


def load_handler(
    defaults: FrameworkDefaults, model_dir: Path, script: ModuleType | None
) -> InferenceHandler:
    """Load the model and pick each function from the script, else from the defaults.

    Raises:
        JobFailure: when neither the script nor the framework can load the model.
    """
    functions = {
        name: getattr(script, name, None)
        for name in ("model_fn", "input_fn", "predict_fn", "output_fn", "transform_fn")
    }
    model_fn = functions["model_fn"] or defaults.model_fn
    if model_fn is None:
        where = "the inference script" if script is not None else "the model (no script given)"
        raise JobFailure(
            f"ClientError: {where} defines no model_fn, which the {defaults.name} container "
            "needs to load the model; add model_fn(model_dir) to the script (SAGEMAKER_PROGRAM)"
        )
    return InferenceHandler(
        model=_call_model_fn(model_fn, model_dir),
        input_fn=functions["input_fn"] or defaults.input_fn,
        predict_fn=functions["predict_fn"] or defaults.predict_fn,
        output_fn=functions["output_fn"] or defaults.output_fn,
        transform_fn=functions["transform_fn"],
        default_accept=defaults.default_accept,
    )


def _call_model_fn(model_fn: Callable[..., Any], model_dir: Path) -> Any:
    # Newer toolkits pass a context as the second argument to model_fn that accepts one.
    try:
        wants_context = len(inspect.signature(model_fn).parameters) >= 2
    except (TypeError, ValueError):
        wants_context = False
    return model_fn(str(model_dir), None) if wants_context else model_fn(str(model_dir))
