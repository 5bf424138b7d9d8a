"""The user's image → runtime mappings (``dagmaker images map``)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from dagmaker.storage.db import schema
from dagmaker.storage.db.conflicts import upsert
from dagmaker.storage.db.connection import Database

_I = schema.image_mappings


class ImageMappingRepository:
    """SQL for the image_mappings table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> dict[str, str]:
        """Image (or repository) → runtime."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(_I.c.image, _I.c.runtime)).all()
        return {r.image: r.runtime for r in rows}

    def put(self, image: str, runtime: str) -> None:
        """Map ``image`` to ``runtime`` (replacing an earlier mapping)."""
        values = {"image": image, "runtime": runtime, "created_at": datetime.now(UTC)}
        with self.db.writer.begin() as conn:
            upsert(conn, _I, ["image"], values)

    def delete(self, image: str) -> bool:
        """Remove a mapping; True if there was one."""
        with self.db.writer.begin() as conn:
            return conn.execute(_I.delete().where(_I.c.image == image)).rowcount > 0
