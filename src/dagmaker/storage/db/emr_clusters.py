"""Which Spark each EMR cluster id runs on (``dagmaker emr clusters map``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker.records.emr import EmrCluster
from dagmaker.storage.db.codec import instant
from dagmaker.storage.db.connection import Database

_SELECT = "SELECT cluster_id, master, state, created_at FROM emr_clusters"


class EmrClusterRepository:
    """SQL for the emr_clusters table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, cluster_id: str) -> EmrCluster | None:
        """The mapping of ``cluster_id``, if there is one."""
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} WHERE cluster_id = :cluster_id", {"cluster_id": cluster_id})
        return _cluster(rows[0]) if rows else None

    def all(self) -> list[EmrCluster]:
        """Every mapping, by cluster id."""
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} ORDER BY cluster_id")
        return [_cluster(row) for row in rows]

    def put(self, cluster_id: str, master: str, state: str) -> None:
        """Map ``cluster_id`` (replacing an earlier mapping)."""
        values = {
            "cluster_id": cluster_id,
            "master": master,
            "state": state,
            "created_at": datetime.now(UTC),
        }
        with self.db.writing() as sql:
            sql.run("DELETE FROM emr_clusters WHERE cluster_id = :cluster_id", values)
            sql.run(
                "INSERT INTO emr_clusters (cluster_id, master, state, created_at) "
                "VALUES (:cluster_id, :master, :state, :created_at)",
                values,
            )

    def delete(self, cluster_id: str) -> bool:
        """Remove a mapping; True if there was one."""
        with self.db.writing() as sql:
            deleted = sql.run(
                "DELETE FROM emr_clusters WHERE cluster_id = :cluster_id",
                {"cluster_id": cluster_id},
            )
        return deleted > 0


def _cluster(row: dict[str, Any]) -> EmrCluster:
    return EmrCluster(
        cluster_id=row["cluster_id"],
        master=row["master"],
        state=row["state"],
        created_at=instant(row["created_at"]),
    )
