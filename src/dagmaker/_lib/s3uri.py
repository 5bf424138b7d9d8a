"""``s3://bucket/key`` URIs: parse, join and recognise them, with no I/O.

Keys are kept exactly as written (``s3://b//a`` has the key ``/a``), as S3 and the AWS
CLI do; whether a key is safe to store is the artifact store's decision, not the parser's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCHEME = "s3://"
# botocore's client-side bucket check accepts this character set (legacy buckets may hold
# upper case and underscores); requiring an alphanumeric first and last character also
# rules out ``.`` and ``..``, which would name directories outside a local store's root.
_BUCKET = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])?$")
_SLASHES = re.compile(r"/{2,}")


@dataclass(frozen=True)
class S3Uri:
    """A parsed ``s3://`` URI.

    Attributes:
        bucket: The bucket name.
        key: The object key or key prefix; ``""`` when the URI names the whole bucket.
    """

    bucket: str
    key: str

    def __str__(self) -> str:
        return f"{SCHEME}{self.bucket}/{self.key}"


def parse(uri: str) -> S3Uri:
    """Split ``s3://bucket/key`` into bucket and key.

    Args:
        uri: The URI text; ``s3://bucket`` and ``s3://bucket/`` name the whole bucket.

    Returns:
        The bucket and the key exactly as written after the first slash.

    Raises:
        ValueError: when the text does not start with ``s3://`` or the bucket is empty or
            holds characters a bucket name cannot have.
    """
    if not isinstance(uri, str) or not uri.startswith(SCHEME):
        raise ValueError(f"{uri!r} is not an S3 URI; write it as s3://<bucket>/<key>")
    bucket, _, key = uri[len(SCHEME) :].partition("/")
    if not bucket:
        raise ValueError(f"{uri!r} has no bucket name; write it as s3://<bucket>/<key>")
    if not _BUCKET.match(bucket):
        raise ValueError(
            f"{uri!r} has an invalid bucket name {bucket!r}: use letters, digits, '.', '-' "
            "and '_', starting and ending with a letter or digit (at most 255 characters)"
        )
    return S3Uri(bucket, key)


def join(uri: str, *parts: str) -> str:
    """Append key parts to an S3 URI, with exactly one slash between parts.

    Empty parts are skipped and runs of slashes in the key collapse to one. A trailing
    slash on the last non-empty part is kept, because ``s3://b/train/`` and
    ``s3://b/train`` select different objects as prefixes.

    Args:
        uri: The base URI, e.g. ``s3://bucket/prefix``.
        *parts: Key parts to append.

    Returns:
        The joined URI, e.g. ``join("s3://b/a/", "/c", "d.csv") == "s3://b/a/c/d.csv"``.

    Raises:
        ValueError: when ``uri`` is not an S3 URI.
    """
    base = parse(uri)
    pieces = [p for p in (base.key, *parts) if p]
    if not pieces:
        return str(base)
    key = _SLASHES.sub("/", "/".join(pieces)).lstrip("/")
    if not pieces[-1].endswith("/"):
        key = key.rstrip("/")
    return str(S3Uri(base.bucket, key))


def is_s3_uri(text: object) -> bool:
    """Whether ``text`` is a string that :func:`parse` accepts."""
    if not isinstance(text, str):
        return False
    try:
        parse(text)
    except ValueError:
        return False
    return True
