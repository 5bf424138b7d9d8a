"""The CLI's single error boundary: headline, location and message; exit codes."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import PurePath
from typing import Any, TypeVar

import typer

from dagmaker.cli.output import err_console
from dagmaker.errors import DagmakerError, InternalError, InvalidRequest, JobFailure

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

F = TypeVar("F", bound=Callable[..., Any])
_state = {"debug": False}


def set_debug(flag: bool) -> None:
    """Show tracebacks for every error (``--debug``)."""
    _state["debug"] = flag


def exit_code_for(exc: BaseException) -> int:
    """1 for a failed job or execution, 2 for bad input, 3 for dagmaker's own errors."""
    if isinstance(exc, JobFailure):
        return EXIT_FAILED
    if isinstance(exc, DagmakerError) and not isinstance(exc, InternalError):
        return EXIT_BAD_INPUT
    return EXIT_INTERNAL


def report(exc: BaseException) -> int:
    """Print an error for humans and return the exit code it maps to."""
    code = exit_code_for(exc)
    if code == EXIT_INTERNAL:
        err_console.print("[bold red]Internal error[/bold red] (a dagmaker bug; please report it)")
        err_console.print(f"{type(exc).__name__}: {exc}", markup=False)
        if not _state["debug"]:
            err_console.print("Run again with --debug to see the traceback.")
    else:
        assert isinstance(exc, DagmakerError)
        err_console.print(f"[bold red]{exc.headline}[/bold red]")
        if exc.location:
            err_console.print(f"  at {exc.location}", markup=False)
        err_console.print(exc.details(), markup=False)
    if _state["debug"]:
        err_console.print("".join(traceback.format_exception(exc)), markup=False)
    return code


def guarded(func: F) -> F:
    """Run a command inside the error boundary."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            _check_text(kwargs)
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except Exception as exc:
            raise typer.Exit(report(exc)) from None

    return wrapper  # type: ignore[return-value]


def _check_text(arguments: dict[str, Any]) -> None:
    """Refuse arguments that are not UTF-8 text, before they reach a file, a table or a URI.

    Python decodes such command-line bytes into lone surrogates, which cannot be written
    anywhere; the user learns which argument it was instead of meeting an encoding error.
    """
    for name, value in arguments.items():
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if not isinstance(item, (str, PurePath)):
                continue
            try:
                str(item).encode("utf-8")
            except UnicodeEncodeError:
                shown = str(item).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                raise InvalidRequest(
                    f"the value given for {name} is not UTF-8 text: {shown!r}",
                    field=name,
                    hint="Arguments, names and paths must be UTF-8; rename the file or "
                    "re-type the value.",
                ) from None
