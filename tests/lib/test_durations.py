"""CacheConfig.ExpireAfter durations: the ISO-8601 forms and the docs' short forms."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dagmaker._lib.durations import DurationError, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P30D", timedelta(days=30)),
        ("p30d", timedelta(days=30)),
        ("P4DT12H", timedelta(days=4, hours=12)),
        ("T12H", timedelta(hours=12)),
        ("30d", timedelta(days=30)),
        ("T16m", timedelta(minutes=16)),
        ("30dT5h", timedelta(days=30, hours=5)),
        ("PT1H", timedelta(hours=1)),
        ("PT12H", timedelta(hours=12)),
        ("PT30M", timedelta(minutes=30)),
        ("PT45S", timedelta(seconds=45)),
        ("PT1H30M15S", timedelta(hours=1, minutes=30, seconds=15)),
        ("P1W", timedelta(weeks=1)),
        ("P1M", timedelta(days=30)),
        ("P1Y", timedelta(days=365)),
        ("P1Y2M3DT4H5M6S", timedelta(days=365 + 60 + 3, hours=4, minutes=5, seconds=6)),
        ("PT1.5S", timedelta(seconds=1.5)),
        ("P0.5D", timedelta(hours=12)),
        ("P0D", timedelta(0)),
        ("  P1D  ", timedelta(days=1)),
    ],
)
def test_valid_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


def test_m_means_months_before_t_and_minutes_after() -> None:
    assert parse_duration("P1M") == timedelta(days=30)
    assert parse_duration("PT1M") == timedelta(minutes=1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "P",
        "T",
        "PT",
        "P1DT",
        "30",
        "30 days",
        "P-1D",
        "P1H",
        "PT1D",
        "P1DT2D",
        "PP1D",
        "P1D junk",
        "1 hour",
        "P1,5D",
    ],
)
def test_invalid_durations(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)


def test_error_quotes_the_text_and_shows_valid_forms() -> None:
    with pytest.raises(DurationError) as info:
        parse_duration("30 days")
    message = str(info.value)
    assert message.startswith("'30 days' is not an ISO-8601 duration")
    assert "'P30D' (30 days)" in message
    assert "'P4DT12H'" in message
    assert "'PT1H' or 'T12H'" in message


def test_duration_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_duration("soon")


@pytest.mark.parametrize("text", ["P99999999999999999999D", "PT" + "9" * 400 + "S", "P1000000000D"])
def test_durations_beyond_timedelta_are_refused_not_overflowed(text: str) -> None:
    with pytest.raises(DurationError, match="is longer than a duration can be"):
        parse_duration(text)
