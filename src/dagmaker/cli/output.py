"""Console output: Rich tables for humans, JSON documents for scripts.

Rich is imported when something is first printed through a console: a command asked
for ``--json`` never pays for it.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


class _OnFirstUse:
    """Stands for a Rich console, made the first time one of its attributes is used."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


console: Console = _OnFirstUse(highlight=False, soft_wrap=True)  # type: ignore[assignment]
err_console: Console = _OnFirstUse(stderr=True, highlight=False, soft_wrap=True)  # type: ignore[assignment]

STATUS_STYLES = {
    "Succeeded": "green",
    "Completed": "green",
    "Failed": "red",
    "Stopped": "yellow",
    "Stopping": "yellow",
    "Executing": "cyan",
    "InProgress": "cyan",
    "Starting": "cyan",
    "Skipped": "dim",
    "Pending": "dim",
    "WaitingForRetry": "magenta",
}


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def print_json(document: Any) -> None:
    """Write ``document`` as indented JSON to stdout (datetimes as ISO-8601)."""
    sys.stdout.write(json.dumps(document, indent=2, default=_default) + "\n")


def styled(status: str) -> str:
    """A status with its colour markup."""
    style = STATUS_STYLES.get(status, "")
    return f"[{style}]{status}[/{style}]" if style else status


def when(value: Any) -> str:
    """Short local rendering of a timestamp."""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return "" if value is None else str(value)


def duration(start: Any, end: Any) -> str:
    """``1.23s`` between two datetimes, or "" when either is missing."""
    if isinstance(start, datetime) and isinstance(end, datetime):
        return f"{(end - start).total_seconds():.2f}s"
    return ""


def table(
    title: str, columns: list[str], rows: list[list[str]], whole: tuple[str, ...] = ()
) -> Table:
    """A Rich table with the given columns and rows.

    Columns named in ``whole`` are never wrapped (tokens and names users copy).
    """
    from rich.table import Table

    result = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        result.add_column(column, overflow="fold", no_wrap=column in whole)
    for row in rows:
        result.add_row(*row)
    return result
