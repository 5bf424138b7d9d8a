"""Lambda repository: local functions (configuration in SQL, code in a folder each)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dagmaker.records.lambdas import (
    LambdaFunction,
    check_configurable,
    check_name,
    check_timeout,
    function_arn,
    function_name,
)
from dagmaker.storage.db.codec import document, encoded, instant
from dagmaker.storage.db.connection import Database
from dagmaker.storage.lambda_code import LambdaCodeStore, package_digest
from dagmaker.storage.problems import function_exists, missing_function

if TYPE_CHECKING:
    from dagmaker.storage.db.codec import Row

_COLUMNS = (
    "name, arn, handler, runtime, role, timeout, memory_size, environment, description, "
    "code_sha256, code_size, created_at, last_modified_at"
)
# ON CONFLICT ... DO NOTHING lets the primary key settle a race two creators run on
# PostgreSQL, where both can see the name free; RETURNING says who won.
_INSERT = (
    f"INSERT INTO lambda_functions ({_COLUMNS}) VALUES (:name, :arn, :handler, :runtime, "
    ":role, :timeout, :memory_size, :environment, :description, :code_sha256, :code_size, "
    ":created_at, :last_modified_at) ON CONFLICT (name) DO NOTHING RETURNING name"
)
_SELECT = f"SELECT {_COLUMNS} FROM lambda_functions"
# The columns _set may change: every column but the key and the timestamps.
_COLUMN_NAMES = (
    "arn",
    "handler",
    "runtime",
    "role",
    "timeout",
    "memory_size",
    "environment",
    "description",
    "code_sha256",
    "code_size",
)


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
        with self.db.writing() as sql:
            if not sql.rows(_INSERT, values):
                raise function_exists(function.name)
            self.code.install(function.name, package)
        return self.get(function.name)

    def update_code(self, name: str, package: bytes) -> LambdaFunction:
        """Replace the function's code with a new zip package (one update at a time)."""
        name = function_name(name)
        query = "SELECT name FROM lambda_functions WHERE name = :name"
        with self.db.writing() as sql:
            if sql.dialect == "postgresql":
                query += " FOR UPDATE"
            if not sql.rows(query, {"name": name}):
                raise missing_function(name)
            self.code.install(name, package)
            sql.run(
                "UPDATE lambda_functions SET code_sha256 = :code_sha256, code_size = :code_size, "
                "last_modified_at = :last_modified_at WHERE name = :name",
                {
                    "code_sha256": package_digest(package),
                    "code_size": len(package),
                    "last_modified_at": datetime.now(UTC),
                    "name": name,
                },
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
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} WHERE name = :name", {"name": name})
        if not rows:
            raise missing_function(name)
        return _function(rows[0])

    def list(self) -> list[LambdaFunction]:
        """Every function, by name."""
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} ORDER BY name")
        return [_function(r) for r in rows]

    def delete(self, reference: str) -> None:
        """Remove the function and its code.

        Raises:
            NotFound: when there is no such function.
        """
        name = self.get(reference).name
        with self.db.writing() as sql:
            sql.run("DELETE FROM lambda_functions WHERE name = :name", {"name": name})
        self.code.remove(name)

    def code_dir(self, name: str) -> Path:
        """The folder holding the function's unpacked code."""
        return self.code.path(name)

    def _set(self, name: str, **values: Any) -> LambdaFunction:
        # Column names come from _values' keys (never from the caller's text); the values
        # are parameters.
        columns = [column for column in _COLUMN_NAMES if column in values]
        assignments = "".join(f"{column} = :{column}, " for column in columns)
        params = {column: values[column] for column in columns}
        with self.db.writing() as sql:
            sql.run(
                f"UPDATE lambda_functions SET {assignments}last_modified_at = :last_modified_at "
                "WHERE name = :name",
                params | {"last_modified_at": datetime.now(UTC), "name": name},
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
        "environment": encoded(dict(record.environment)),
        "description": record.description,
        "code_sha256": record.code_sha256,
        "code_size": record.code_size,
    }


def _function(m: Row) -> LambdaFunction:
    return LambdaFunction(
        name=m["name"],
        arn=m["arn"],
        handler=m["handler"],
        runtime=m["runtime"],
        role=m["role"],
        timeout=m["timeout"],
        memory_size=m["memory_size"],
        environment=document(m["environment"]),
        description=m["description"],
        code_sha256=m["code_sha256"],
        code_size=m["code_size"],
        created_at=instant(m["created_at"]),
        last_modified_at=instant(m["last_modified_at"]),
    )
