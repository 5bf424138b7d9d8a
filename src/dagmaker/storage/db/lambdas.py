"""Lambda repository: local functions (configuration in SQL, code in a folder each)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select

from dagmaker.records.lambdas import (
    LambdaFunction,
    check_configurable,
    check_name,
    check_timeout,
    function_arn,
    function_name,
)
from dagmaker.storage.db import schema
from dagmaker.storage.db.conflicts import insert_new
from dagmaker.storage.db.connection import Database
from dagmaker.storage.lambda_code import LambdaCodeStore, package_digest
from dagmaker.storage.problems import function_exists, missing_function

_F = schema.lambda_functions


class LambdaRepository:
    """SQL for the lambda_functions table, with each function's code in ``code``."""

    def __init__(self, db: Database, code_root: Path) -> None:
        self.db = db
        self.code = LambdaCodeStore(code_root)

    def create(self, function: LambdaFunction, package: bytes) -> LambdaFunction:
        """Register a new function with its zip package.

        Raises:
            Conflict: when a function with that name exists.
            InvalidRequest: for a bad name, timeout or package.
        """
        check_name(function.name)
        check_timeout(function.timeout)
        now = datetime.now(UTC)
        record = dataclasses.replace(
            function,
            arn=function_arn(function.name),
            code_sha256=package_digest(package),
            code_size=len(package),
        )
        values = _values(record) | {"created_at": now, "last_modified_at": now}
        # The code is unpacked while the new row is uncommitted: a concurrent create of the
        # same name waits on the row (or on SQLite's write lock), then finds it taken, so
        # only the winner's package lands in the function's folder.
        with self.db.writer.begin() as conn:
            if not insert_new(conn, _F, ["name"], values):
                raise function_exists(function.name)
            self.code.install(function.name, package)
        return self.get(function.name)

    def update_code(self, name: str, package: bytes) -> LambdaFunction:
        """Replace the function's code with a new zip package (one update at a time)."""
        name = function_name(name)
        with self.db.writer.begin() as conn:
            row = conn.execute(select(_F.c.name).where(_F.c.name == name).with_for_update())
            if row.first() is None:
                raise missing_function(name)
            self.code.install(name, package)
            conn.execute(
                _F.update()
                .where(_F.c.name == name)
                .values(
                    code_sha256=package_digest(package),
                    code_size=len(package),
                    last_modified_at=datetime.now(UTC),
                )
            )
        return self.get(name)

    def update_config(self, name: str, **changes: Any) -> LambdaFunction:
        """Change configuration fields (``handler``, ``timeout``, ``environment``, …).

        Raises:
            NotFound: when there is no such function.
            InvalidRequest: for a field that cannot change or a bad timeout.
        """
        check_configurable(changes)
        current = self.get(name)
        updated = dataclasses.replace(current, **changes)
        check_timeout(updated.timeout)
        values = {k: v for k, v in _values(updated).items() if k in changes}
        return self._set(current.name, **values)

    def get(self, reference: str) -> LambdaFunction:
        """The function named (or whose ARN is) ``reference``.

        Raises:
            NotFound: naming the function and how to create it.
        """
        name = function_name(reference)
        with self.db.reader.connect() as conn:
            row = conn.execute(select(_F).where(_F.c.name == name)).first()
        if row is None:
            raise missing_function(name)
        return _function(row)

    def list(self) -> list[LambdaFunction]:
        """Every function, by name."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(_F).order_by(_F.c.name)).all()
        return [_function(r) for r in rows]

    def delete(self, reference: str) -> None:
        """Remove the function and its code.

        Raises:
            NotFound: when there is no such function.
        """
        name = self.get(reference).name
        with self.db.writer.begin() as conn:
            conn.execute(_F.delete().where(_F.c.name == name))
        self.code.remove(name)

    def code_dir(self, name: str) -> Path:
        """The folder holding the function's unpacked code."""
        return self.code.path(name)

    def _set(self, name: str, **values: Any) -> LambdaFunction:
        with self.db.writer.begin() as conn:
            conn.execute(
                _F.update()
                .where(_F.c.name == name)
                .values(**values, last_modified_at=datetime.now(UTC))
            )
        return self.get(name)


def _values(record: LambdaFunction) -> dict[str, Any]:
    return {
        "name": record.name,
        "arn": record.arn,
        "handler": record.handler,
        "runtime": record.runtime,
        "role": record.role,
        "timeout": record.timeout,
        "memory_size": record.memory_size,
        "environment": dict(record.environment),
        "description": record.description,
        "code_sha256": record.code_sha256,
        "code_size": record.code_size,
    }


def _function(row: Row[Any]) -> LambdaFunction:
    m = row._mapping
    return LambdaFunction(
        name=m["name"],
        arn=m["arn"],
        handler=m["handler"],
        runtime=m["runtime"],
        role=m["role"],
        timeout=m["timeout"],
        memory_size=m["memory_size"],
        environment=m["environment"],
        description=m["description"],
        code_sha256=m["code_sha256"],
        code_size=m["code_size"],
        created_at=m["created_at"],
        last_modified_at=m["last_modified_at"],
    )
