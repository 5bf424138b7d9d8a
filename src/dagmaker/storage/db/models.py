"""Models repository (CreateModel documents)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select

from dagmaker.storage.db import schema
from dagmaker.storage.db.conflicts import insert_new
from dagmaker.storage.db.connection import Database
from dagmaker.storage.problems import missing_model, model_exists

_M = schema.models


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
            "describe": describe,
            "execution_arn": execution_arn,
            "created_at": datetime.now(UTC),
        }
        with self.db.writer.begin() as conn:
            if insert_new(conn, _M, ["name"], values):
                return describe
            row = conn.execute(
                select(_M.c.describe, _M.c.execution_arn).where(_M.c.name == name)
            ).first()
        if row is not None and execution_arn and row.execution_arn == execution_arn:
            stored: dict[str, Any] = row.describe
            return stored
        raise model_exists(name)

    def describe(self, name: str) -> dict[str, Any]:
        """The DescribeModel document of a model (by name or ARN).

        Raises:
            NotFound: naming the model.
        """
        with self.db.reader.connect() as conn:
            row = conn.execute(select(_M.c.describe).where(_named(name))).first()
        if row is None:
            raise missing_model(name)
        document: dict[str, Any] = row.describe
        return document

    def list(self, limit: int = 100) -> list[dict[str, Any]]:
        """DescribeModel documents, newest first."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(
                select(_M.c.describe).order_by(_M.c.created_at.desc()).limit(limit)
            ).all()
        return [r.describe for r in rows]

    def delete(self, name: str) -> None:
        """Delete the model with this name (in any case) or ARN.

        Raises:
            NotFound: naming the model.
        """
        with self.db.writer.begin() as conn:
            row = conn.execute(select(_M.c.name).where(_named(name)).with_for_update()).first()
            if row is None:
                raise missing_model(name)
            conn.execute(_M.delete().where(_M.c.name == row.name))


def _named(name: str) -> ColumnElement[bool]:
    """The model whose name is ``name`` in any case, or whose ARN is ``name``."""
    return (func.lower(_M.c.name) == name.lower()) | (_M.c.arn == name)
