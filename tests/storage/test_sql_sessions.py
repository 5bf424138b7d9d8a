"""Database.reading()/writing(): the SQL-text sessions every repository uses, on both backends."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest

from dagmaker.storage.db.codec import instant
from dagmaker.storage.db.connection import Database

_ADD = "INSERT INTO image_mappings (image, runtime, created_at) VALUES (:i, :r, :at)"
_GET = "SELECT image, runtime, created_at FROM image_mappings ORDER BY image"


def _add(db: Database, image: str, at: datetime | None = None) -> None:
    with db.writing() as sql:
        sql.run(_ADD, {"i": image, "r": "python", "at": at or datetime.now(UTC)})


def test_a_block_that_raises_writes_nothing_and_the_next_one_commits(db: Database) -> None:
    with pytest.raises(RuntimeError), db.writing() as sql:
        sql.run(_ADD, {"i": "a", "r": "python", "at": datetime.now(UTC)})
        raise RuntimeError("give up")
    # A statement the database refuses (the key exists) rolls its block back too.
    _add(db, "b")
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"), db.writing() as sql:
        sql.run(_ADD, {"i": "c", "r": "python", "at": datetime.now(UTC)})
        sql.run(_ADD, {"i": "b", "r": "python", "at": datetime.now(UTC)})
    _add(db, "d")
    with db.reading() as sql:
        assert [row["image"] for row in sql.rows(_GET)] == ["b", "d"]


def test_timestamps_keep_their_instant_and_order_whatever_their_zone(db: Database) -> None:
    base = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    east = timezone(timedelta(hours=5))
    _add(db, "east", (base + timedelta(seconds=1)).astimezone(east))
    _add(db, "naive", base.replace(tzinfo=None))
    with db.reading() as sql:
        rows = sql.rows(
            "SELECT image, created_at FROM image_mappings WHERE created_at > :after "
            "ORDER BY created_at",
            {"after": base - timedelta(microseconds=1)},
        )
    assert [(r["image"], instant(r["created_at"])) for r in rows] == [
        ("naive", base),
        ("east", base + timedelta(seconds=1)),
    ]


def test_threads_write_and_read_through_their_own_connections(db: Database) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(5):
                _add(db, f"t{n}-{i}")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.reading() as sql:
        assert len(sql.rows(_GET)) == 20
