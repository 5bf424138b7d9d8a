"""Tags of any resource by its ARN (AddTags, ListTags, DeleteTags)."""

from __future__ import annotations

from collections.abc import Sequence

from dagmaker.storage.db.connection import Database


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
        with self.db.writing() as sql:
            rows = sql.rows(
                'SELECT "key" FROM resource_tags WHERE resource_arn = :arn', {"arn": arn}
            )
            held = {row["key"] for row in rows}
            new = {key for key, _ in tags} - held
            if len(held) + len(new) > limit:
                return len(held) + len(new)
            last = sql.rows(
                "SELECT MAX(position) AS last FROM resource_tags WHERE resource_arn = :arn",
                {"arn": arn},
            )[0]["last"]
            position = -1 if last is None else int(last)
            for key, value in tags:
                params = {"arn": arn, "key": key, "value": value}
                if key in held:
                    sql.run(
                        "UPDATE resource_tags SET value = :value "
                        'WHERE resource_arn = :arn AND "key" = :key',
                        params,
                    )
                    continue
                position += 1
                held.add(key)
                sql.run(
                    'INSERT INTO resource_tags (resource_arn, "key", value, position) '
                    "VALUES (:arn, :key, :value, :position)",
                    params | {"position": position},
                )
        return None

    def list(self, arn: str) -> list[tuple[str, str]]:
        """The resource's tags, in the order they were added."""
        with self.db.reading() as sql:
            rows = sql.rows(
                'SELECT "key", value FROM resource_tags WHERE resource_arn = :arn '
                "ORDER BY position",
                {"arn": arn},
            )
        return [(row["key"], row["value"]) for row in rows]

    def delete(self, arn: str, keys: Sequence[str]) -> None:
        """Remove the named tags (keys the resource lacks are ignored, as SageMaker does)."""
        with self.db.writing() as sql:
            for key in dict.fromkeys(keys):
                sql.run(
                    'DELETE FROM resource_tags WHERE resource_arn = :arn AND "key" = :key',
                    {"arn": arn, "key": key},
                )

    def forget(self, arn: str) -> None:
        """Remove every tag of a deleted resource."""
        with self.db.writing() as sql:
            sql.run("DELETE FROM resource_tags WHERE resource_arn = :arn", {"arn": arn})
