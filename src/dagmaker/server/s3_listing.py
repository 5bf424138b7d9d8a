"""One page of an S3 listing: prefix, delimiter roll-up, start-after and page size (pure)."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from dagmaker.server.error_codes import WireError

DEFAULT_MAX_KEYS = 1000


@dataclass(frozen=True)
class Page:
    """Keys and common prefixes of one page, in key order."""

    keys: list[str]
    prefixes: list[str]
    truncated: bool
    last: str  # the last key or prefix on the page: where the next page starts after


def page(keys: list[str], prefix: str, delimiter: str, after: str, max_keys: int) -> Page:
    """The page of ``keys`` (sorted, all starting with ``prefix``) that follows ``after``.

    Keys with ``delimiter`` after the prefix roll up into one common prefix each, which
    counts once against ``max_keys``, as in S3.
    """
    listed: list[str] = []
    prefixes: list[str] = []
    entries = 0
    truncated = False
    last = ""
    for key in keys:
        if key <= after:
            continue
        rolled = _rolled_up(key, prefix, delimiter)
        if rolled is not None and (rolled == last or rolled <= after):
            continue
        if entries == max_keys:
            truncated = True
            break
        entries += 1
        if rolled is not None:
            prefixes.append(rolled)
            last = rolled
        else:
            listed.append(key)
            last = key
    return Page(listed, prefixes, truncated, last)


def _rolled_up(key: str, prefix: str, delimiter: str) -> str | None:
    if not delimiter:
        return None
    at = key.find(delimiter, len(prefix))
    return None if at < 0 else key[: at + len(delimiter)]


def token_for(last: str) -> str:
    """An opaque continuation token (S3's are opaque too)."""
    return base64.urlsafe_b64encode(last.encode()).decode()


def after_token(token: str) -> str:
    """The key a continuation token stands for.

    Raises:
        WireError: InvalidArgument for a token this server did not issue.
    """
    try:
        return base64.b64decode(token.encode(), altchars=b"-_", validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        raise WireError(
            400, "InvalidArgument", "The continuation token provided is incorrect"
        ) from None
