"""Which object keys and prefixes a store accepts, shared by every artifact store.

S3 itself accepts almost any key, but keys become file paths in the local store and in
job workspaces, so every store rejects the ones that could point outside their bucket
(``..`` or ``.`` segments, absolute keys, empty segments, backslashes, NUL bytes). The
in-memory store applies the same rules so that tests catch what the local store refuses.
"""

from __future__ import annotations

from typing import NoReturn

from dagmaker._lib.s3uri import S3Uri, parse
from dagmaker.errors import InvalidRequest

# Names starting with this are the local store's in-flight writes; no key may use it.
TEMP_MARKER = ".dagmaker-tmp-"
MAX_KEY_BYTES = 1024
_FIELD = "S3Uri"


def object_location(uri: str) -> S3Uri:
    """Parse ``uri`` as the address of one object, rejecting unsafe keys.

    Raises:
        InvalidRequest: when the URI is malformed, names a bucket or a folder rather than
            an object, or has a key that could escape the bucket.
    """
    location = _parse(uri)
    key = location.key
    if not key:
        _reject(uri, "names a bucket, not an object", "Add a key: s3://<bucket>/<key>.")
    if key.endswith("/"):
        _reject(
            uri,
            "ends with '/', which names a folder, not an object",
            "Drop the trailing slash, or use a prefix operation (list, download a prefix).",
        )
    _check_key_text(uri, key)
    _check_segments(uri, key.split("/"))
    return location


def prefix_location(uri: str) -> S3Uri:
    """Parse ``uri`` as a key prefix (``s3://b``, ``s3://b/data/``, ``s3://b/data/tr``).

    Every complete segment (before the last ``/``) must be safe; the text after the last
    slash is only matched against key names, never used as a path, so it may be anything.

    Raises:
        InvalidRequest: when the URI is malformed or a complete segment could escape the
            bucket.
    """
    location = _parse(uri)
    _check_key_text(uri, location.key)
    _check_segments(uri, location.key.split("/")[:-1])
    return location


def _parse(uri: str) -> S3Uri:
    try:
        return parse(uri)
    except ValueError as exc:
        raise InvalidRequest(
            str(exc), field=_FIELD, value=uri, hint="Example: s3://my-bucket/data/train.csv"
        ) from exc


def _check_key_text(uri: str, key: str) -> None:
    if "\x00" in key:
        _reject(uri, "has a NUL character in its key", "Remove the NUL byte from the key.")
    if "\\" in key:
        _reject(
            uri,
            "has a backslash in its key; keys separate folders with '/' only",
            "Replace '\\' with '/'.",
        )
    if len(key.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        _reject(uri, f"has a key longer than {MAX_KEY_BYTES} bytes", "Use a shorter key.")


def _check_segments(uri: str, segments: list[str]) -> None:
    if segments and segments[0] == "":
        _reject(
            uri,
            "has a key starting with '/' (an absolute path)",
            "Write exactly one slash after the bucket: s3://<bucket>/<key>.",
        )
    for segment in segments:
        if segment == "":
            _reject(uri, "has an empty segment ('//') in its key", "Use single slashes.")
        if segment in {".", ".."}:
            _reject(
                uri,
                f"has a {segment!r} segment in its key, which could point outside the bucket",
                "Write the key in full without '.' or '..' segments.",
            )
        if segment.startswith(TEMP_MARKER):
            _reject(
                uri,
                f"uses a name starting with {TEMP_MARKER!r}, reserved for in-flight writes",
                "Choose another name.",
            )


def _reject(uri: str, problem: str, hint: str) -> NoReturn:
    raise InvalidRequest(f"The S3 URI {problem}", field=_FIELD, value=uri, hint=hint)
