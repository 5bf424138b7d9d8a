"""Receive an object's bytes as they stream in: to a hidden temporary file, checked, then kept.

Nothing is held in memory beyond one chunk. The declared checks (Content-Length,
Content-MD5, ``x-amz-checksum-*``, a signed ``x-amz-content-sha256``) are computed on
the way; a mismatch discards the file, so a failed upload never leaves a partial object.
Bodies sent in ``aws-chunked`` encoding (with trailing checksums) are decoded here too.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dagmaker.server.error_codes import WireError
from dagmaker.storage.artifacts.keys import TEMP_MARKER

_CHECKSUMS: dict[str, Callable[[], Any]] = {
    "x-amz-checksum-sha256": hashlib.sha256,
    "x-amz-checksum-sha1": hashlib.sha1,
}


class _Crc32:
    """zlib's CRC-32 behind hashlib's update/digest interface."""

    def __init__(self) -> None:
        self.value = 0

    def update(self, data: bytes) -> None:
        self.value = zlib.crc32(data, self.value)

    def digest(self) -> bytes:
        return self.value.to_bytes(4, "big")


def hidden_file(directory: Path, label: str = "") -> Path:
    """A new empty file in ``directory`` that listings skip (the stores' temporary prefix)."""
    directory.mkdir(parents=True, exist_ok=True)
    while True:
        path = directory / f"{TEMP_MARKER}{label}{secrets.token_hex(8)}"
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return path
        except FileExistsError:
            continue


class Receiver:
    """Writes one streamed body to a hidden file beside its destination.

    Args:
        directory: Where the temporary file goes (same filesystem as the destination).
        headers: The request headers (lower-case names), for the declared checks.
        verify_sha256: Check a hex ``x-amz-content-sha256`` (a signed server does).
        into: Write into this existing file at ``offset`` instead (a multipart upload's
            assembly file); nothing is removed there on failure.
        offset: Where in ``into`` the body goes.
    """

    def __init__(
        self,
        directory: Path,
        headers: dict[str, str],
        *,
        verify_sha256: bool,
        into: Path | None = None,
        offset: int = 0,
    ) -> None:
        self.owned = into is None
        self.path = hidden_file(directory) if into is None else into
        self.handle = self.path.open("wb") if into is None else self.path.open("r+b")
        self.handle.seek(offset)
        self.size = 0
        self.headers = headers
        self.chunked = _is_chunked(headers)
        self.decoder = ChunkDecoder() if self.chunked else None
        self.md5 = hashlib.md5(usedforsecurity=False) if "content-md5" in headers else None
        declared = headers.get("x-amz-content-sha256", "")
        self.sha256 = (
            hashlib.sha256() if verify_sha256 and len(declared) == 64 and not self.chunked else None
        )
        self.checksums = _checksum_hashers(headers)

    def write(self, chunk: bytes) -> None:
        """Take the next piece of the request body."""
        if self.decoder is not None:
            for data in self.decoder.feed(chunk):
                self._keep(data)
        else:
            self._keep(chunk)

    def _keep(self, data: bytes) -> None:
        self.handle.write(data)
        self.size += len(data)
        for hasher in (self.md5, self.sha256, *self.checksums.values()):
            if hasher is not None:
                hasher.update(data)

    def finish(self) -> tuple[Path, dict[str, str]]:
        """Close, check and flush the file; return it and the checksums it was sent with.

        The size received is ``self.size``.

        Raises:
            WireError: IncompleteBody, BadDigest or XAmzContentSHA256Mismatch (the file
                is removed).
        """
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            return self.path, self._verify()
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Drop the file (a failed or abandoned upload)."""
        if not self.handle.closed:
            self.handle.close()
        if self.owned:
            self.path.unlink(missing_ok=True)

    def _verify(self) -> dict[str, str]:
        trailers = self.decoder.finish() if self.decoder is not None else {}
        declared_length = self.headers.get(
            "x-amz-decoded-content-length" if self.chunked else "content-length"
        )
        if declared_length is not None and int(declared_length) != self.size:
            raise WireError(
                400,
                "IncompleteBody",
                "You did not provide the number of bytes specified by the Content-Length",
            )
        if self.md5 is not None:
            given = self.headers["content-md5"]
            if base64.b64encode(self.md5.digest()).decode() != given:
                raise WireError(400, "BadDigest", "The Content-MD5 you specified did not match")
        if (
            self.sha256 is not None
            and self.sha256.hexdigest() != self.headers["x-amz-content-sha256"]
        ):
            raise WireError(
                400,
                "XAmzContentSHA256Mismatch",
                "The provided 'x-amz-content-sha256' header does not match what was computed.",
            )
        return self._checked_sums({**self.headers, **trailers})

    def _checked_sums(self, values: dict[str, str]) -> dict[str, str]:
        confirmed = {}
        for name, hasher in self.checksums.items():
            given = values.get(name)
            if given is None:
                continue
            computed = base64.b64encode(hasher.digest()).decode()
            if computed != given:
                algorithm = name.removeprefix("x-amz-checksum-").upper()
                raise WireError(
                    400,
                    "BadDigest",
                    f"The {algorithm} you specified did not match the calculated checksum.",
                )
            confirmed[name] = computed
        return confirmed


def _is_chunked(headers: dict[str, str]) -> bool:
    encoding = headers.get("content-encoding", "")
    return "aws-chunked" in encoding or headers.get("x-amz-content-sha256", "").startswith(
        "STREAMING-"
    )


def _checksum_hashers(headers: dict[str, str]) -> dict[str, Any]:
    names = {k for k in headers if k.startswith("x-amz-checksum-")}
    trailer = headers.get("x-amz-trailer", "")
    names.update(t.strip().lower() for t in trailer.split(",") if t.strip())
    hashers: dict[str, Any] = {}
    for name in names:
        if name == "x-amz-checksum-crc32":
            hashers[name] = _Crc32()
        elif name in _CHECKSUMS:
            hashers[name] = _CHECKSUMS[name]()
    return hashers


class ChunkDecoder:
    """Decodes ``aws-chunked`` bodies.

    The body is chunks of ``<hex size>[;chunk-signature=…]`` CRLF ``<data>`` CRLF, a
    zero-size chunk, then optional trailer lines (``x-amz-checksum-crc32:…``).
    """

    def __init__(self) -> None:
        self.buffer = b""
        self.remaining = -1  # bytes of the current chunk still to come; -1: expect a header
        self.done = False
        self.trailers: dict[str, str] = {}

    def feed(self, data: bytes) -> list[bytes]:
        """Decode what ``data`` completes; return the payload pieces."""
        self.buffer += data
        out: list[bytes] = []
        while self.buffer and not self.done:
            if self.remaining > 0:
                piece = self.buffer[: self.remaining]
                self.buffer = self.buffer[len(piece) :]
                self.remaining -= len(piece)
                out.append(piece)
                continue
            if not self._next_header():
                break
        return out

    def _next_header(self) -> bool:
        if self.remaining == 0:
            if len(self.buffer) < 2:
                return False
            self.buffer = self.buffer[2:]  # the CRLF after a chunk's data
            self.remaining = -1
        line, found, rest = self.buffer.partition(b"\r\n")
        if not found:
            return False
        self.buffer = rest
        try:
            size = int(line.split(b";", 1)[0], 16)
        except ValueError:
            raise WireError(400, "InvalidChunkSizeError", "Invalid chunk size") from None
        if size == 0:
            self.done = True
        self.remaining = size
        return True

    def finish(self) -> dict[str, str]:
        """The trailers after the last chunk.

        Raises:
            WireError: IncompleteBody when the final chunk never came.
        """
        if not self.done:
            raise WireError(400, "IncompleteBody", "The aws-chunked body ended early")
        for line in self.buffer.split(b"\r\n"):
            name, found, value = line.decode("latin-1").partition(":")
            if found:
                self.trailers[name.strip().lower()] = value.strip()
        return self.trailers
