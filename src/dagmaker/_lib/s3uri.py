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


_NEW_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
_IP_ADDRESS = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
BUCKET_RULE = (
    "bucket names are 3 to 63 characters of lowercase letters, digits, '.' and '-', "
    "start and end with a letter or digit, have no '..', are not IP addresses and do not "
    f"start with {', '.join(_RESERVED_PREFIXES)} or end with {', '.join(_RESERVED_SUFFIXES)}"
)


def bucket_name_problem(name: str) -> str:
    """Why S3 would refuse to create a general-purpose bucket called ``name``; "" if it would not.

    These are S3's naming rules for new buckets, stricter than :func:`parse`, which also
    reads the legacy names of old buckets.
    """
    if not 3 <= len(name) <= 63:
        return f"{name!r} has {len(name)} characters; {BUCKET_RULE}"
    reserved = name.startswith(_RESERVED_PREFIXES) or name.endswith(_RESERVED_SUFFIXES)
    if not _NEW_BUCKET.match(name) or ".." in name or _IP_ADDRESS.match(name) or reserved:
        return f"{name!r} is not a valid bucket name: {BUCKET_RULE}"
    return ""
