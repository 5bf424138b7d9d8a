"""The user's image → runtime mappings (``dagmaker images map``)."""

from __future__ import annotations

from datetime import UTC, datetime

from dagmaker.storage.db.connection import Database

# One statement, so concurrent puts never collide.
_PUT = (
    "INSERT INTO image_mappings (image, runtime, created_at) VALUES (:image, :runtime, "
    ":created_at) ON CONFLICT (image) DO UPDATE SET runtime = excluded.runtime, "
    "created_at = excluded.created_at"
)


class ImageMappingRepository:
    """SQL for the image_mappings table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> dict[str, str]:
        """Image (or repository) → runtime."""
        with self.db.reading() as sql:
            rows = sql.rows("SELECT image, runtime FROM image_mappings")
        return {r["image"]: r["runtime"] for r in rows}

    def put(self, image: str, runtime: str) -> None:
        """Map ``image`` to ``runtime`` (replacing an earlier mapping)."""
        values = {"image": image, "runtime": runtime, "created_at": datetime.now(UTC)}
        with self.db.writing() as sql:
            sql.run(_PUT, values)

    def delete(self, image: str) -> bool:
        """Remove a mapping; True if there was one."""
        with self.db.writing() as sql:
            return sql.run("DELETE FROM image_mappings WHERE image = :image", {"image": image}) > 0
