"""Models repository (CreateModel documents)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker.storage.db.codec import document, encoded
from dagmaker.storage.db.connection import Database
from dagmaker.storage.problems import missing_model, model_exists

# ON CONFLICT ... DO NOTHING lets the unique key settle a race two creators run on
# PostgreSQL, where both can see the name free; RETURNING says who won.
_INSERT = (
    "INSERT INTO models (name, arn, describe, execution_arn, created_at) VALUES "
    "(:name, :arn, :describe, :execution_arn, :created_at) ON CONFLICT (name) DO NOTHING "
    "RETURNING name"
)
# The model whose name is :name in any case, or whose ARN is :name.
_NAMED = "(lower(name) = :lowered OR arn = :name)"


class ModelRepository:
    """SQL for the models table; documents are DescribeModel-shaped."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self, name: str, arn: str, describe: dict[str, Any], execution_arn: str = ""
    ) -> dict[str, Any]:
        """Store a new model; return its document.

        A model that the same execution stored already under this name (its step ran
        again after an engine restart) is returned as it is.

        Raises:
            Conflict: when a model with that name exists.
        """
        values = {
            "name": name,
            "arn": arn,
            "describe": encoded(describe),
            "execution_arn": execution_arn,
            "created_at": datetime.now(UTC),
        }
        with self.db.writing() as sql:
            if sql.rows(_INSERT, values):
                return describe
            rows = sql.rows(
                "SELECT describe, execution_arn FROM models WHERE name = :name", {"name": name}
            )
        if rows and execution_arn and rows[0]["execution_arn"] == execution_arn:
            stored: dict[str, Any] = document(rows[0]["describe"])
            return stored
        raise model_exists(name)

    def describe(self, name: str) -> dict[str, Any]:
        """The DescribeModel document of a model (by name or ARN).

        Raises:
            NotFound: naming the model.
        """
        with self.db.reading() as sql:
            rows = sql.rows(f"SELECT describe FROM models WHERE {_NAMED}", _named(name))
        if not rows:
            raise missing_model(name)
        stored: dict[str, Any] = document(rows[0]["describe"])
        return stored

    def list(self, limit: int = 100) -> list[dict[str, Any]]:
        """DescribeModel documents, newest first."""
        with self.db.reading() as sql:
            rows = sql.rows(
                "SELECT describe FROM models ORDER BY created_at DESC LIMIT :limit",
                {"limit": limit},
            )
        return [document(r["describe"]) for r in rows]

    def delete(self, name: str) -> None:
        """Delete the model with this name (in any case) or ARN.

        Raises:
            NotFound: naming the model.
        """
        with self.db.writing() as sql:
            # SQLite's write transaction is exclusive already; PostgreSQL locks the row.
            lock = " FOR UPDATE" if sql.dialect == "postgresql" else ""
            rows = sql.rows(f"SELECT name FROM models WHERE {_NAMED}{lock}", _named(name))
            if not rows:
                raise missing_model(name)
            sql.run("DELETE FROM models WHERE name = :name", {"name": rows[0]["name"]})


def _named(name: str) -> dict[str, str]:
    """The parameters of ``_NAMED``."""
    return {"lowered": name.lower(), "name": name}
