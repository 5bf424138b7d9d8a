"""Schedule expressions and analysis windows, as Model Monitor reads them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dagmaker.errors import InvalidRequest
from dagmaker.runners.monitoring.cadence import parse_expression
from dagmaker.runners.monitoring.windows import Offsets, Window, offsets_of, window_for

H = timedelta(hours=1)


def t(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "hours"),
    [
        ("cron(0 * ? * * *)", tuple(range(24))),
        ("cron(0 12 ? * * *)", (12,)),
        ("cron(0 05 ? * * *)", (5,)),
        ("cron(0 0/2 ? * * *)", tuple(range(0, 24, 2))),
        ("cron(0 17/12 ? * * *)", (5, 17)),
        ("cron(0 1/6 ? * * *)", (1, 7, 13, 19)),
        ("cron(0 3/24 ? * * *)", (3,)),
        (None, (0,)),
    ],
)
def test_the_accepted_expressions_give_their_hours(expression: str | None, hours: tuple) -> None:
    assert parse_expression(expression).hours == hours


def test_now_is_one_run() -> None:
    cadence = parse_expression("NOW")
    assert cadence.once
    assert cadence.next_after(t(1, 10)) is None
    assert cadence.latest_due(t(1, 10), t(5, 10)) == (None, 0)


@pytest.mark.parametrize(
    ("expression", "why"),
    [
        ("cron(0/5 * ? * * *)", "use cron"),
        ("cron(15 * ? * * *)", "use cron"),
        ("rate(1 hour)", "use cron"),
        ("cron(0 24 ? * * *)", "hour must be 0 to 23"),
        ("cron(0 3/0 ? * * *)", "1 to 24 hours"),
        ("cron(0 3/25 ? * * *)", "1 to 24 hours"),
        ("cron(0 */2 ? * * *)", "starting hour"),
        ("", "use cron"),
    ],
)
def test_other_expressions_are_refused_with_the_accepted_forms(expression: str, why: str) -> None:
    with pytest.raises(InvalidRequest, match=why) as caught:
        parse_expression(expression)
    assert caught.value.field == "ScheduleExpression"


def test_due_times_are_strictly_after_the_anchor_and_up_to_now() -> None:
    hourly = parse_expression("cron(0 * ? * * *)")
    assert hourly.next_after(t(1, 10)) == t(1, 11)
    assert hourly.next_after(t(1, 10, 59)) == t(1, 11)
    assert hourly.latest_due(t(1, 10, 30), t(1, 10, 59)) == (None, 0)
    assert hourly.latest_due(t(1, 10, 30), t(1, 11)) == (t(1, 11), 1)
    assert hourly.latest_due(t(1, 10, 30), t(1, 15, 5)) == (t(1, 15), 5)
    daily = parse_expression("cron(0 5 ? * * *)")
    assert daily.next_after(t(1, 5)) == t(2, 5)
    assert daily.latest_due(t(1, 6), t(4, 4)) == (t(3, 5), 2)


def test_a_long_outage_still_gives_the_latest_due_time_and_the_count() -> None:
    hourly = parse_expression("cron(0 * ? * * *)")
    latest, count = hourly.latest_due(t(1, 0), t(1, 0) + timedelta(days=20, minutes=30))
    assert latest == t(21, 0)
    assert count == 20 * 24


def test_default_windows_reach_back_to_the_previous_run_time() -> None:
    hourly = parse_expression("cron(0 * ? * * *)")
    assert window_for(hourly, t(1, 14), Offsets(), now_run=False) == Window(t(1, 13), t(1, 14))
    twice = parse_expression("cron(0 17/12 ? * * *)")
    assert window_for(twice, t(2, 5), Offsets(), now_run=False) == Window(t(1, 17), t(2, 5))
    now = t(1, 14, 37)
    assert window_for(hourly, now, Offsets(), now_run=True) == Window(now - H, now)
    daily = parse_expression("cron(0 5 ? * * *)")
    assert window_for(daily, now, Offsets(), now_run=True) == Window(now - 24 * H, now)


def test_offsets_move_the_window_relative_to_the_scheduled_time() -> None:
    hourly = parse_expression("cron(0 * ? * * *)")
    offsets = offsets_of({"DataAnalysisStartTime": "-PT2H", "DataAnalysisEndTime": "-PT1H"})
    assert window_for(hourly, t(1, 14), offsets, False) == Window(t(1, 12), t(1, 13))
    once = parse_expression("NOW")
    offsets = offsets_of({"DataAnalysisStartTime": "-PT1H", "DataAnalysisEndTime": "-PT0H"})
    now = t(1, 9, 12)
    assert window_for(once, now, offsets, False) == Window(now - H, now)
    only_end = offsets_of({"DataAnalysisEndTime": "-PT1H"})
    assert window_for(hourly, t(1, 14), only_end, False) == Window(t(1, 12), t(1, 13))


@pytest.mark.parametrize(
    ("config", "why"),
    [
        ({"DataAnalysisStartTime": "-PT1H", "DataAnalysisEndTime": "-PT2H"}, "before"),
        ({"DataAnalysisStartTime": "-P2D", "DataAnalysisEndTime": "-PT0H"}, "24 hours"),
        ({"DataAnalysisStartTime": "one hour ago"}, "not an ISO-8601 duration"),
        ({"DataAnalysisEndTime": "-PXH"}, "not"),
    ],
)
def test_bad_offsets_are_refused(config: dict, why: str) -> None:
    with pytest.raises(InvalidRequest, match=why):
        offsets_of(config)
