"""The reader thread: order kept, errors raised where reached, early exits clean up."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from dagmaker.quality.prefetch import prefetched


def _numbers(count: int, fail_at: int | None = None) -> Iterator[int]:
    for i in range(count):
        if i == fail_at:
            raise ValueError(f"broken at {i}")
        yield i


def test_items_arrive_in_order() -> None:
    assert list(prefetched(_numbers(100))) == list(range(100))


def test_an_error_is_raised_after_the_items_before_it() -> None:
    seen = []
    with pytest.raises(ValueError, match="broken at 3"):
        for item in prefetched(_numbers(10, fail_at=3)):
            seen.append(item)
    assert seen == [0, 1, 2]


def test_leaving_early_stops_the_reader() -> None:
    before = threading.active_count()
    for item in prefetched(_numbers(1000)):
        if item == 2:
            break
    assert threading.active_count() == before
