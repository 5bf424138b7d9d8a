"""The process that runs one Lambda invocation: ``python -m dagmaker.runners.lambda_bootstrap``.

Arguments: the request file (handler, event, context fields) and the result file. The
working directory is the function's code folder, so its modules import as in Lambda.
The result file gets ``{"result": ...}`` or Lambda's error document
(``errorType``, ``errorMessage``, ``stackTrace``); it is written atomically, and its
absence tells the caller the process died before it could answer.

This module uses the standard library only, so that it starts fast.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any


class LambdaContext:
    """The ``context`` argument of a handler, with the attributes Lambda's Python runtime sets.

    ``memory_limit_in_mb`` is text because the Lambda runtime reads it from the
    environment as text.
    """

    def __init__(self, fields: dict[str, Any]) -> None:
        self.function_name: str = fields["function_name"]
        self.function_version: str = fields.get("function_version", "$LATEST")
        self.invoked_function_arn: str = fields["invoked_function_arn"]
        self.memory_limit_in_mb: str = str(fields["memory_limit_in_mb"])
        self.aws_request_id: str = fields["aws_request_id"]
        self.log_group_name: str = f"/aws/lambda/{self.function_name}"
        self.log_stream_name: str = fields.get("log_stream_name", "")
        self.identity: Any = None
        self.client_context: Any = None
        self._deadline: float = float(fields["deadline"])

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the function's timeout."""
        return max(0, int((self._deadline - time.time()) * 1000))


class _HandlerError(Exception):
    """A handler that cannot be loaded, reported with Lambda's error type."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type


def load_handler(spec: str) -> Any:
    """``dir/module.function`` → the function object.

    Raises:
        _HandlerError: Runtime.MalformedHandlerName, Runtime.ImportModuleError,
            Runtime.UserCodeSyntaxError or Runtime.HandlerNotFound, as Lambda reports them.
    """
    module_path, dot, function = spec.rpartition(".")
    if not dot or not module_path or not function:
        raise _HandlerError(
            "Runtime.MalformedHandlerName",
            f"Bad handler '{spec}': use module.function, e.g. lambda_function.handler",
        )
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise _HandlerError(
            "Runtime.ImportModuleError", f"Unable to import module '{module_name}': {exc}"
        ) from exc
    except SyntaxError as exc:
        raise _HandlerError(
            "Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {exc}"
        ) from exc
    handler = getattr(module, function, None)
    if not callable(handler):
        raise _HandlerError(
            "Runtime.HandlerNotFound", f"Handler '{function}' missing on module '{module_name}'"
        )
    return handler


def invoke(request: dict[str, Any]) -> dict[str, Any]:
    """Run the handler on the request's event; the result or error document."""
    try:
        handler = load_handler(request["handler"])
    except _HandlerError as exc:
        return _error(exc.error_type, str(exc), [])
    except Exception as exc:
        return _failure(exc)
    try:
        result = handler(request["event"], LambdaContext(request["context"]))
    except Exception as exc:
        return _failure(exc)
    try:
        json.dumps(result)
    except (TypeError, ValueError) as exc:
        return _error("Runtime.MarshalError", f"Unable to marshal response: {exc}", [])
    return {"result": result}


def _failure(exc: Exception) -> dict[str, Any]:
    # Only the user's frames: not this module's, not the import machinery's.
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename != __file__ and not frame.filename.startswith("<frozen")
    ]
    return _error(type(exc).__name__, str(exc), traceback.format_list(frames))


def _error(error_type: str, message: str, stack: list[str]) -> dict[str, Any]:
    document = {"errorType": error_type, "errorMessage": message, "stackTrace": stack}
    sys.stderr.write(f"[ERROR] {error_type}: {message}\n{''.join(stack)}")
    return document


def _write(path: Path, document: dict[str, Any]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(document))
    temporary.replace(path)


def main(argv: list[str]) -> int:
    """Read the request, invoke, write the result; the exit code is 0 once answered."""
    request_file, result_file = Path(argv[0]), Path(argv[1])
    request = json.loads(request_file.read_text())
    code_dir = str(Path.cwd())
    if code_dir not in sys.path:
        sys.path.insert(0, code_dir)
    _write(result_file, invoke(request))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
