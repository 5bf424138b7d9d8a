"""Reading objects: byte ranges, conditional requests, and streaming a file range out."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagmaker.server.error_codes import WireError
from dagmaker.server.s3_objects import ObjectInfo
from dagmaker.server.wire_output import as_datetime

CHUNK = 1024 * 1024
_RANGE = re.compile(r"^bytes=(?P<start>\d*)-(?P<end>\d*)$")


@dataclass(frozen=True)
class Span:
    """An inclusive byte range."""

    start: int
    end: int

    @property
    def length(self) -> int:
        """How many bytes the range holds."""
        return self.end - self.start + 1 if self.end >= self.start else 0


@dataclass(frozen=True)
class FileRange:
    """Bytes of a file to send (read a chunk at a time, never whole)."""

    path: Path
    start: int
    length: int
    partial: bool = False

    def chunks(self) -> Iterator[bytes]:
        """The bytes, one chunk at a time."""
        with self.path.open("rb") as handle:
            handle.seek(self.start)
            left = self.length
            while left > 0:
                data = handle.read(min(CHUNK, left))
                if not data:
                    return
                left -= len(data)
                yield data

    def copy_to(self, target: Path) -> None:
        """Write the bytes to ``target`` in the kernel."""
        with self.path.open("rb") as source, target.open("wb") as out:
            offset, left = self.start, self.length
            while left > 0:
                sent = os.copy_file_range(source.fileno(), out.fileno(), left, offset)
                if sent == 0:
                    break
                offset += sent
                left -= sent


def byte_range(header: str | None, size: int) -> Span:
    """The span a ``Range`` header asks for (the whole object without one).

    Raises:
        WireError: InvalidRange (416) when the range lies outside the object.
    """
    if not header:
        return Span(0, size - 1)
    match = _RANGE.match(header.strip())
    if match is None or (not match["start"] and not match["end"]):
        return Span(0, size - 1)  # S3 ignores ranges it cannot parse
    if not match["start"]:
        suffix = int(match["end"])
        return Span(max(0, size - suffix), size - 1)
    start = int(match["start"])
    end = min(int(match["end"]), size - 1) if match["end"] else size - 1
    if start >= size or end < start:
        raise WireError(416, "InvalidRange", "The requested range is not satisfiable")
    return Span(start, end)


def check_conditions(info: ObjectInfo, request: dict[str, Any]) -> None:
    """Apply If-Match, If-Unmodified-Since (412) and If-None-Match, If-Modified-Since (304).

    Raises:
        WireError: PreconditionFailed or NotModified.
    """
    if_match = request.get("IfMatch")
    if if_match and _tag(if_match) not in ("*", _tag(info.etag)):
        raise WireError(
            412,
            "PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold",
        )
    unmodified = request.get("IfUnmodifiedSince")
    if (
        unmodified
        and not if_match
        and info.modified.replace(microsecond=0) > as_datetime(unmodified)
    ):
        raise WireError(
            412,
            "PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold",
        )
    none_match = request.get("IfNoneMatch")
    if none_match and _tag(none_match) in ("*", _tag(info.etag)):
        raise WireError(304, "NotModified", "Not Modified")
    modified = request.get("IfModifiedSince")
    if (
        modified
        and not none_match
        and info.modified.replace(microsecond=0) <= as_datetime(modified)
    ):
        raise WireError(304, "NotModified", "Not Modified")


def _tag(value: str) -> str:
    return value.strip().removeprefix("W/").strip('"')
