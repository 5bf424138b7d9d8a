"""The user's record pre-processing and post-analytics scripts.

``preprocess_handler(inference_record)`` or ``preprocess_handler(inference_record,
logger)`` (the number of parameters decides) is called once per record; it returns a
flat dict (one row), a list of dicts (several rows), ``[]`` (drop the record), or the
record itself (use it unchanged). ``postprocess_handler()`` runs after a successful
analysis. Lines a script logs go to the job's log; an exception names the record it
happened on.
"""

from __future__ import annotations

import importlib.util
import inspect
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from dagmaker.errors import JobFailure, UserCodeError

SCRIPT_LOG = logging.getLogger("dagmaker.model_monitor.script")


def load_script(path: Path, purpose: str) -> ModuleType:
    """Import the script at ``path``.

    Raises:
        JobFailure: when the file is missing.
        UserCodeError: when importing it raises.
    """
    if not path.is_file():
        raise JobFailure(f"ClientError: the {purpose} {path} does not exist", field=purpose)
    name = f"_dagmaker_{purpose}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise JobFailure(f"ClientError: the {purpose} {path.name} is not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        raise UserCodeError(
            f"importing the {purpose} {path.name} failed: {type(error).__name__}: {error}",
            log_tail=traceback.format_exc(),
        ) from error
    return module


def _handler(module: ModuleType, name: str, purpose: str) -> Callable[..., Any]:
    handler = getattr(module, name, None)
    if not callable(handler):
        raise JobFailure(
            f"ClientError: the {purpose} defines no function {name}()",
            field=purpose,
            hint=f"Define {name} at the top level of the script.",
        )
    found: Callable[..., Any] = handler
    return found


class Preprocessor:
    """A loaded ``preprocess_handler``, called with or without a logger."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handler = _handler(
            load_script(path, "record_preprocessor_script"),
            "preprocess_handler",
            "record_preprocessor_script",
        )
        self.wants_logger = _positional_count(self.handler) >= 2

    def __call__(self, record: Any, where: object) -> Any:
        """Run the handler on one record.

        Raises:
            UserCodeError: naming ``where`` (which record) when the handler raises.
        """
        try:
            if self.wants_logger:
                return self.handler(record, SCRIPT_LOG)
            return self.handler(record)
        except Exception as error:
            raise UserCodeError(
                f"preprocess_handler in {self.path.name} raised on {where}: "
                f"{type(error).__name__}: {error}",
                log_tail=traceback.format_exc(),
            ) from error


def run_postprocessor(path: Path) -> None:
    """Import the post-analytics script and call its ``postprocess_handler()``.

    Raises:
        UserCodeError: when it raises.
    """
    handler = _handler(
        load_script(path, "post_analytics_processor_script"),
        "postprocess_handler",
        "post_analytics_processor_script",
    )
    try:
        handler()
    except Exception as error:
        raise UserCodeError(
            f"postprocess_handler in {path.name} raised: {type(error).__name__}: {error}",
            log_tail=traceback.format_exc(),
        ) from error


def _positional_count(function: Callable[..., Any]) -> int:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return 1
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(p.kind == inspect.Parameter.VAR_POSITIONAL for p in parameters):
        return 2
    return sum(1 for p in parameters if p.kind in kinds)
