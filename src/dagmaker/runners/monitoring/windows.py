"""Which captured data a monitoring run analyses: its window, from its scheduled time.

By default a scheduled run analyses the period since the previous run time (the last
hour, for an hourly schedule), and a run started now the period of the schedule before
now. ``DataAnalysisStartTime`` / ``DataAnalysisEndTime`` (ISO-8601 durations, usually
negative, such as ``-PT2H``) move either end relative to the scheduled time; the window
may span 24 hours at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dagmaker._lib.durations import DurationError, parse_duration
from dagmaker.errors import InvalidRequest
from dagmaker.runners.monitoring.cadence import Cadence

MAX_SPAN = timedelta(hours=24)


@dataclass(frozen=True)
class Window:
    """The half-open time range ``[start, end)`` of the captured records a run reads."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Offsets:
    """``DataAnalysisStartTime`` / ``DataAnalysisEndTime`` as durations (None: not given)."""

    start: timedelta | None = None
    end: timedelta | None = None


def parse_offset(text: object, field: str) -> timedelta:
    """A signed ISO-8601 duration such as ``-PT1H`` or ``-P1D``.

    Raises:
        InvalidRequest: naming the field, when the text is not such a duration.
    """
    raw = str(text).strip()
    sign = -1 if raw.startswith("-") else 1
    body = raw[1:] if raw[:1] in "+-" else raw
    if not body.upper().startswith("P"):
        raise InvalidRequest(
            f"{raw!r} is not an ISO-8601 duration such as -PT1H or -P1D", field=field
        )
    try:
        return sign * parse_duration(body)
    except DurationError as error:
        raise InvalidRequest(str(error), field=field) from None


def offsets_of(schedule_config: dict[str, object] | None) -> Offsets:
    """The offsets a ``ScheduleConfig`` gives, checked.

    Raises:
        InvalidRequest: for an offset that is not a duration, a start not before the end,
            or a window longer than 24 hours.
    """
    config = schedule_config or {}
    start_text = config.get("DataAnalysisStartTime")
    end_text = config.get("DataAnalysisEndTime")
    start = None if start_text is None else parse_offset(start_text, "DataAnalysisStartTime")
    end = None if end_text is None else parse_offset(end_text, "DataAnalysisEndTime")
    if start is not None and end is not None:
        if start >= end:
            raise InvalidRequest(
                f"DataAnalysisStartTime {start_text!r} must come before DataAnalysisEndTime "
                f"{end_text!r}",
                field="DataAnalysisStartTime",
            )
        if end - start > MAX_SPAN:
            raise InvalidRequest(
                f"the analysis window from {start_text!r} to {end_text!r} is longer than 24 hours",
                field="DataAnalysisStartTime",
            )
    return Offsets(start, end)


def window_for(cadence: Cadence, scheduled: datetime, offsets: Offsets, now_run: bool) -> Window:
    """The window of a run due at ``scheduled``; ``now_run`` for a run started out of turn."""
    if now_run or cadence.once:
        default_start = scheduled - cadence.period_at(scheduled)
    else:
        default_start = cadence.previous_before(scheduled)
    end = scheduled + offsets.end if offsets.end is not None else scheduled
    if offsets.start is not None:
        start = scheduled + offsets.start
    elif offsets.end is not None:
        start = end - (scheduled - default_start)
    else:
        start = default_start
    return Window(start, end)
