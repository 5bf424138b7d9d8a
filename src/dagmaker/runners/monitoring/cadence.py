"""When a monitoring schedule runs: its ``ScheduleExpression``, read as Model Monitor does.

Model Monitor accepts only a few expressions: ``cron(0 * ? * * *)`` (hourly),
``cron(0 H ? * * *)`` (daily at hour H, UTC), ``cron(0 H/N ? * * *)`` (every N hours
from hour H: the hours congruent to H modulo N, every day) and ``NOW`` (one run, at
once). Without a ``ScheduleConfig`` a schedule runs daily; we pick 00:00 UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from dagmaker.errors import InvalidRequest

NOW = "NOW"
DAILY_DEFAULT = "cron(0 0 ? * * *)"
_CRON = re.compile(
    r"^cron\(\s*0+\s+(?P<hour>\*|\d{1,2})(?:/(?P<every>\d{1,2}))?\s+\?\s+\*\s+\*\s+\*\s*\)$",
    re.IGNORECASE,
)
_FORMS = (
    "cron(0 * ? * * *) (hourly), cron(0 H ? * * *) (daily at hour H), "
    "cron(0 H/N ? * * *) (every N hours from hour H) or NOW"
)
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Cadence:
    """The UTC hours a schedule runs at, every day; or one run at once (``once``).

    Attributes:
        expression: The expression as given.
        hours: The hours of the day (0-23) of the runs, ascending.
        once: ``NOW``: one run when the schedule is created (or updated).
    """

    expression: str
    hours: tuple[int, ...] = ()
    once: bool = False

    def next_after(self, moment: datetime) -> datetime | None:
        """The first run time strictly after ``moment`` (None for a one-off schedule)."""
        if self.once:
            return None
        hour = moment.replace(minute=0, second=0, microsecond=0)
        for step in range(1, 49):
            candidate = hour + step * HOUR
            if candidate.hour in self.hours:
                return candidate
        raise AssertionError(f"no run hour within two days for {self.expression!r}")

    def latest_due(self, after: datetime, now: datetime) -> tuple[datetime | None, int]:
        """The latest run time in ``(after, now]`` and how many run times fall there."""
        if self.once or now <= after:
            return None, 0
        latest = self.previous_before(now + timedelta(microseconds=1))
        if latest <= after:
            return None, 0
        days = (now - after).days
        count = days * len(self.hours)
        candidate = self.next_after(after + timedelta(days=days))
        while candidate is not None and candidate <= now:
            count += 1
            candidate = self.next_after(candidate)
        return latest, count

    def previous_before(self, moment: datetime) -> datetime:
        """The last run time strictly before ``moment`` (a recurring schedule's)."""
        hour = moment.replace(minute=0, second=0, microsecond=0)
        first = 0 if hour < moment else 1
        for step in range(first, 49):
            candidate = hour - step * HOUR
            if candidate.hour in self.hours:
                return candidate
        raise AssertionError(f"no run hour within two days for {self.expression!r}")

    def period_at(self, moment: datetime) -> timedelta:
        """How long the run period in force at ``moment`` is (one hour for ``NOW``)."""
        if self.once:
            return HOUR
        latest = self.previous_before(moment + timedelta(microseconds=1))
        return latest - self.previous_before(latest)


def parse_expression(expression: str | None, field: str = "ScheduleExpression") -> Cadence:
    """The cadence of a ``ScheduleExpression`` (None: daily, at a time we pick).

    Raises:
        InvalidRequest: for an expression Model Monitor does not accept, naming the forms
            it does.
    """
    if expression is None:
        return parse_expression(DAILY_DEFAULT, field)
    text = str(expression).strip()
    if text.upper() == NOW:
        return Cadence(text, once=True)
    match = _CRON.match(text)
    if match is None:
        raise _invalid(expression, field, f"use {_FORMS}")
    if match["hour"] == "*":
        if match["every"] is not None:
            raise _invalid(expression, field, f"give a starting hour before '/'; use {_FORMS}")
        return Cadence(text, tuple(range(24)))
    start = int(match["hour"])
    every = int(match["every"]) if match["every"] is not None else 24
    if not 0 <= start <= 23:
        raise _invalid(expression, field, "the hour must be 0 to 23 (UTC)")
    if not 1 <= every <= 24:
        raise _invalid(expression, field, "the interval after '/' must be 1 to 24 hours")
    hours = tuple(h for h in range(24) if (h - start) % every == 0)
    return Cadence(text, hours)


def _invalid(expression: object, field: str, why: str) -> InvalidRequest:
    return InvalidRequest(
        f"schedule expression {expression!r} is not one Model Monitor accepts: {why}",
        field=field,
    )
