"""Loading the user's inference script (``SAGEMAKER_PROGRAM``) from the model's code directory."""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path
from types import ModuleType

from dagmaker.errors import JobFailure, UserCodeError

HANDLER_NAMES = ("model_fn", "input_fn", "predict_fn", "output_fn", "transform_fn")


def module_path(code_dir: Path, program: str) -> Path:
    """Where ``program`` (``inference.py`` or ``inference``) lives in ``code_dir``.

    Raises:
        JobFailure: when the file is not there, listing what is.
    """
    name = program if program.endswith(".py") else f"{program}.py"
    path = code_dir / name
    if not path.is_file():
        present = sorted(p.name for p in code_dir.iterdir()) if code_dir.is_dir() else []
        raise JobFailure(
            f"ClientError: the inference script {program!r} (SAGEMAKER_PROGRAM) is not in the "
            f"model's code directory; it holds {', '.join(present) or 'nothing'}. Package it "
            "with the model (source_dir / entry_point) or fix SAGEMAKER_PROGRAM"
        )
    return path


def load(code_dir: Path, program: str, unique_as: str) -> ModuleType:
    """Import the script with ``code_dir`` first on ``sys.path`` (for its own imports).

    Args:
        code_dir: The directory holding the script and its helpers.
        program: The script's file name.
        unique_as: Module name to use when another container already loaded one with the
            same name (inference pipelines often have several ``inference.py``).

    Raises:
        JobFailure: when the script is missing.
        UserCodeError: when importing it raises, with its traceback.
    """
    path = module_path(code_dir, program)
    name = path.stem if path.stem not in sys.modules else unique_as
    if str(code_dir) not in sys.path:
        sys.path.insert(0, str(code_dir))
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise JobFailure(f"ClientError: {path.name} cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[name]
        raise UserCodeError(
            f"importing the inference script {path.name} failed: {type(error).__name__}: {error}",
            log_tail=traceback.format_exc(),
        ) from error
    return module
