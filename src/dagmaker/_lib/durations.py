"""ISO-8601 durations as SageMaker accepts them for ``CacheConfig.ExpireAfter``.

Accepted forms include ``P30D``, ``p30d``, ``P4DT12H``, ``PT1H``, ``T12H`` and the
short forms the docs show without a leading ``P`` (``30d``, ``T16m``, ``30dT5h``).
"""

from __future__ import annotations

import re
from datetime import timedelta

_DATE_UNITS = {"Y": 365.0, "M": 30.0, "W": 7.0, "D": 1.0}
_TIME_UNITS = {"H": 3600.0, "M": 60.0, "S": 1.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)([A-Z])")
# timedelta's own limit; float parts make the sum inf rather than raise, so compare first.
_MAX_DAYS = timedelta.max.days
_MAX_SECONDS = _MAX_DAYS * 86400.0


class DurationError(ValueError):
    """The text is not an ISO-8601 duration."""


def parse_duration(text: str) -> timedelta:
    """Parse an ISO-8601 duration, tolerant of case and of a missing ``P``.

    Raises:
        DurationError: when the text is not a duration; the message shows valid forms.
    """
    raw = text.strip().upper()
    body = raw[1:] if raw.startswith("P") else raw
    date_part, separator, time_part = body.partition("T")
    if not body or (separator and not time_part) or (not date_part and not time_part):
        raise DurationError(_explain(text))
    seconds = _sum_parts(date_part, _DATE_UNITS, 86400.0, text)
    seconds += _sum_parts(time_part, _TIME_UNITS, 1.0, text)
    if seconds > _MAX_SECONDS:
        raise DurationError(
            f"{_clip(text)} is longer than a duration can be ({_MAX_DAYS:,} days at most)"
        )
    return timedelta(seconds=seconds)


def _sum_parts(part: str, units: dict[str, float], scale: float, original: str) -> float:
    if not part:
        return 0.0
    matches = list(_PART.finditer(part))
    if "".join(m.group(0) for m in matches) != part:
        raise DurationError(_explain(original))
    total = 0.0
    for match in matches:
        unit = match.group(2)
        if unit not in units:
            raise DurationError(_explain(original))
        total += float(match.group(1)) * units[unit] * scale
    return total


def _clip(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...")


def _explain(text: str) -> str:
    return (
        f"{_clip(text)} is not an ISO-8601 duration; use forms like 'P30D' (30 days), "
        "'P4DT12H' (4 days 12 hours), 'PT1H' or 'T12H' (12 hours)"
    )
