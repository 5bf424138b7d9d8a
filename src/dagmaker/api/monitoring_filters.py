"""Time filters of the monitoring List* methods (``CreationTimeBefore`` and friends)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker.errors import InvalidRequest

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def within(moment: datetime | None, after: Any, before: Any) -> bool:
    """Whether ``moment`` is after ``after`` and before ``before`` (each optional).

    Raises:
        InvalidRequest: for a bound that is not a time.
    """
    if moment is None:
        return True
    if after is not None and moment <= as_time(after):
        return False
    return before is None or moment < as_time(before)


def as_time(value: Any) -> datetime:
    """A request's timestamp (a datetime, epoch seconds or ISO-8601 text) in UTC.

    Raises:
        InvalidRequest: for a value that is none of those.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRequest(f"{value!r} is not a time", value=value) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
