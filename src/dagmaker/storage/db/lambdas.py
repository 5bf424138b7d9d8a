"""Lambda repository: local functions (configuration in SQL, code in a folder each)."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select

from dagmaker._lib import naming
from dagmaker.errors import Conflict, InvalidRequest, NotFound
from dagmaker.records.lambdas import MAX_TIMEOUT_SECONDS, LambdaFunction
from dagmaker.storage.db import schema
from dagmaker.storage.db.conflicts import insert_new
from dagmaker.storage.db.connection import Database
from dagmaker.storage.lambda_code import LambdaCodeStore, package_digest

_F = schema.lambda_functions
_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
# arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>], or the partial
# <account>:function:<name> form Lambda also accepts.
_FUNCTION_REF = re.compile(
    r"^(?:arn:aws[a-z-]*:lambda:[^:]*:)?(?:[^:]*:)?function:(?P<name>[^:]+)(?::[^:]+)?$"
)
CREATE_HINT = "Create it with `dagmaker lambda create NAME --script f.py --handler f.handler`."


def function_name(reference: str) -> str:
    """The function name in a full or partial ARN (any region/account), or a bare name."""
    match = _FUNCTION_REF.match(reference.strip())
    return match["name"] if match else reference.strip()


def function_arn(name: str) -> str:
    """``arn:aws:lambda:local:000000000000:function:<name>``."""
    return naming.arn(f"function:{name}", service="lambda")


def check_name(name: str) -> str:
    """Return ``name`` if it is a valid function name.

    Raises:
        InvalidRequest: naming the rule.
    """
    if not _NAME.fullmatch(name):
        raise InvalidRequest(
            "a function name has 1-64 letters, digits, hyphens or underscores",
            field="FunctionName",
            value=name,
        )
    return name


def check_timeout(timeout: int) -> int:
    """Return ``timeout`` if it is within Lambda's 1-900 s.

    Raises:
        InvalidRequest: naming the limit.
    """
    if isinstance(timeout, bool) or not isinstance(timeout, int) or not 1 <= timeout <= 900:
        raise InvalidRequest(
            f"a function timeout is a whole number of seconds from 1 to {MAX_TIMEOUT_SECONDS}",
            field="Timeout",
            value=timeout,
        )
    return timeout


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
                raise Conflict(
                    f"function {function.name!r} already exists",
                    hint="Change it with update_function_code / update_function_configuration, "
                    "or delete it first (`dagmaker lambda delete NAME`).",
                )
            self.code.install(function.name, package)
        return self.get(function.name)

    def update_code(self, name: str, package: bytes) -> LambdaFunction:
        """Replace the function's code with a new zip package (one update at a time)."""
        name = function_name(name)
        with self.db.writer.begin() as conn:
            row = conn.execute(select(_F.c.name).where(_F.c.name == name).with_for_update())
            if row.first() is None:
                raise NotFound(f"Lambda function {name!r} does not exist", hint=CREATE_HINT)
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
        """Change configuration fields (``handler``, ``timeout``, ``environment``, …)."""
        current = self.get(name)
        updated = dataclasses.replace(current, **changes)
        check_timeout(updated.timeout)
        return self._set(name, **{k: v for k, v in _values(updated).items() if k in changes})

    def get(self, reference: str) -> LambdaFunction:
        """The function named (or whose ARN is) ``reference``.

        Raises:
            NotFound: naming the function and how to create it.
        """
        name = function_name(reference)
        with self.db.reader.connect() as conn:
            row = conn.execute(select(_F).where(_F.c.name == name)).first()
        if row is None:
            raise NotFound(f"Lambda function {name!r} does not exist", hint=CREATE_HINT)
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
