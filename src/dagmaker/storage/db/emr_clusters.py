"""Which Spark each EMR cluster id runs on (``dagmaker emr clusters map``)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from dagmaker.records.emr import EmrCluster
from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import Database

_C = schema.emr_clusters


class EmrClusterRepository:
    """SQL for the emr_clusters table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, cluster_id: str) -> EmrCluster | None:
        """The mapping of ``cluster_id``, if there is one."""
        with self.db.reader.connect() as conn:
            row = conn.execute(select(_C).where(_C.c.cluster_id == cluster_id)).first()
        return None if row is None else EmrCluster(**row._mapping)

    def all(self) -> list[EmrCluster]:
        """Every mapping, by cluster id."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(_C).order_by(_C.c.cluster_id)).all()
        return [EmrCluster(**row._mapping) for row in rows]

    def put(self, cluster_id: str, master: str, state: str) -> None:
        """Map ``cluster_id`` (replacing an earlier mapping)."""
        with self.db.writer.begin() as conn:
            conn.execute(_C.delete().where(_C.c.cluster_id == cluster_id))
            conn.execute(
                _C.insert().values(
                    cluster_id=cluster_id,
                    master=master,
                    state=state,
                    created_at=datetime.now(UTC),
                )
            )

    def delete(self, cluster_id: str) -> bool:
        """Remove a mapping; True if there was one."""
        with self.db.writer.begin() as conn:
            return conn.execute(_C.delete().where(_C.c.cluster_id == cluster_id)).rowcount > 0
