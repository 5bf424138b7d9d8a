"""Reading the end of a job's log files without reading the whole file."""

from __future__ import annotations

import os
from pathlib import Path

STDOUT_LOG = "stdout.log"
STDERR_LOG = "stderr.log"
_BLOCK = 8192


def tail(path: Path, lines: int = 20) -> str:
    """Return the last ``lines`` lines of a text file, reading backwards from its end.

    Args:
        path: The log file; a missing file reads as empty.
        lines: How many lines to keep.

    Returns:
        The lines joined with newlines, without a trailing newline; bytes that are not
        UTF-8 are shown as replacement characters.
    """
    if lines <= 0:
        return ""
    try:
        with path.open("rb") as handle:
            data = _read_tail_bytes(handle.fileno(), lines)
    except FileNotFoundError:
        return ""
    text = data.decode("utf-8", errors="replace").rstrip("\n")
    return "\n".join(text.split("\n")[-lines:])


def _read_tail_bytes(fd: int, lines: int) -> bytes:
    """Read blocks from the end until the data holds more than ``lines`` line breaks."""
    position = os.fstat(fd).st_size
    chunks: list[bytes] = []
    newlines = 0
    # One more break than lines are wanted: the file's final newline ends the last line.
    while position > 0 and newlines <= lines:
        size = min(_BLOCK, position)
        position -= size
        chunk = os.pread(fd, size, position)
        chunks.append(chunk)
        newlines += chunk.count(b"\n")
    return b"".join(reversed(chunks))
