"""The PyTorch container's defaults: a TorchScript ``model.pth``, tensors in and out.

PyTorch is imported only when a PyTorch model is used, so dagmaker works without it; a
job that needs it and cannot import it fails saying how to provide it.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.inference import codecs
from dagmaker.runners.builtin.inference.defaults import FrameworkDefaults

MODEL_FILE = "model.pth"


def torch_module() -> ModuleType:
    """``torch``, or a clear failure when it is not installed.

    Raises:
        JobFailure: when PyTorch cannot be imported by the job's interpreter.
    """
    try:
        return importlib.import_module("torch")
    except ImportError as error:
        raise JobFailure(
            f"ClientError: this model needs PyTorch, which the job's Python cannot import "
            f"({error}); install torch in dagmaker's environment, or map the image to an "
            "interpreter that has it: dagmaker images map '<image>' --to python:/path/to/python"
        ) from None


def model_fn(model_dir: str) -> Any:
    """Load the TorchScript model ``model.pth`` in evaluation mode, on the CPU.

    Raises:
        JobFailure: when PyTorch is missing or there is no ``model.pth``.
    """
    path = Path(model_dir) / MODEL_FILE
    if not path.is_file():
        raise JobFailure(
            f"ClientError: the inference script defines no model_fn and the model has no "
            f"{MODEL_FILE}; define model_fn(model_dir) or save a TorchScript model "
            "(torch.jit.save(torch.jit.script(model), 'model.pth'))"
        )
    model = torch_module().jit.load(str(path), map_location="cpu")
    model.eval()
    return model


def input_fn(body: bytes | str, content_type: str) -> Any:
    """Decode the body (JSON, CSV, NPY) into a float32 tensor."""
    array = np.asarray(codecs.decode(body, content_type), dtype=np.float32)
    return torch_module().from_numpy(array)


def predict_fn(data: Any, model: Any) -> Any:
    """``model(data)`` without gradient tracking."""
    with torch_module().no_grad():
        return model(data)


def output_fn(prediction: Any, accept: str) -> tuple[bytes, str]:
    """Encode a tensor (or array) as JSON, CSV or NPY."""
    if hasattr(prediction, "detach"):
        prediction = prediction.detach().cpu().numpy()
    return codecs.encode(prediction, accept)


DEFAULTS = FrameworkDefaults(
    name="pytorch",
    model_fn=model_fn,
    input_fn=input_fn,
    predict_fn=predict_fn,
    output_fn=output_fn,
    default_accept=codecs.JSON,
)
