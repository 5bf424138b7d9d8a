"""How the in-memory stores hold values: the way a database row gives them back.

A document goes through JSON on the way in, so a caller's later changes to its object
never reach the store, and what comes out is what a JSON column would return (tuples
become lists, keys become strings, a value JSON cannot hold is refused on write).
Times are kept as timezone-aware UTC, a naive time being taken as UTC, as the SQL stores
do.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


def document(value: Any) -> Any:
    """A private copy of ``value`` as a JSON column would return it.

    Raises:
        TypeError: for a value JSON cannot hold (as the database driver would).
    """
    return json.loads(json.dumps(value))


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive time is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)
