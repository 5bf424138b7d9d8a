"""Tags of any resource by its ARN (AddTags, ListTags, DeleteTags)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import Database

_T = schema.resource_tags


class TagRepository:
    """SQL for the resource_tags table; tags keep the order they were first added in."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, arn: str, tags: Sequence[tuple[str, str]], limit: int) -> int | None:
        """Add ``tags`` to ``arn``, replacing the values of keys it has already.

        Returns:
            None when done; the count the resource would have when that exceeds ``limit``
            (then nothing is changed).
        """
        with self.db.writer.begin() as conn:
            rows = conn.execute(select(_T.c.key).where(_T.c.resource_arn == arn)).scalars()
            held = set(rows)
            new = {key for key, _ in tags} - held
            if len(held) + len(new) > limit:
                return len(held) + len(new)
            last = conn.execute(
                select(func.max(_T.c.position)).where(_T.c.resource_arn == arn)
            ).scalar()
            position = -1 if last is None else int(last)
            for key, value in tags:
                if key in held:
                    conn.execute(
                        _T.update()
                        .where(_T.c.resource_arn == arn, _T.c.key == key)
                        .values(value=value)
                    )
                    continue
                position += 1
                held.add(key)
                conn.execute(
                    _T.insert().values(resource_arn=arn, key=key, value=value, position=position)
                )
        return None

    def list(self, arn: str) -> list[tuple[str, str]]:
        """The resource's tags, in the order they were added."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(
                select(_T.c.key, _T.c.value).where(_T.c.resource_arn == arn).order_by(_T.c.position)
            ).all()
        return [(row.key, row.value) for row in rows]

    def delete(self, arn: str, keys: Sequence[str]) -> None:
        """Remove the named tags (keys the resource lacks are ignored, as SageMaker does)."""
        with self.db.writer.begin() as conn:
            conn.execute(_T.delete().where(_T.c.resource_arn == arn, _T.c.key.in_(list(keys))))

    def forget(self, arn: str) -> None:
        """Remove every tag of a deleted resource."""
        with self.db.writer.begin() as conn:
            conn.execute(_T.delete().where(_T.c.resource_arn == arn))
