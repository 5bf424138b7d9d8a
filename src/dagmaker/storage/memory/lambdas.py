"""Local Lambda functions with their configuration in memory, for tests and dry runs."""

from __future__ import annotations

import builtins
import dataclasses
import threading
from pathlib import Path
from typing import Any

from dagmaker.records.lambdas import (
    LambdaFunction,
    check_configurable,
    check_name,
    check_timeout,
    function_arn,
    function_name,
)
from dagmaker.storage.lambda_code import LambdaCodeStore, package_digest
from dagmaker.storage.memory.rows import document, now
from dagmaker.storage.problems import function_exists, missing_function


class InMemoryLambdaStore:
    """Function configurations in a dict; thread-safe, behaving like ``LambdaRepository``.

    A function's code still has to be on disk for its process to run it, so each one is
    unpacked under ``code_root`` as the SQL-backed store does.
    """

    def __init__(self, code_root: Path) -> None:
        self._functions: dict[str, LambdaFunction] = {}
        self.code = LambdaCodeStore(code_root)
        self._lock = threading.RLock()

    def create(self, function: LambdaFunction, package: bytes) -> LambdaFunction:
        """Register a new function with its zip package.

        Raises:
            Conflict: when a function with that name exists.
            InvalidRequest: for a bad name, timeout or package.
        """
        check_name(function.name)
        check_timeout(function.timeout)
        at = now()
        record = dataclasses.replace(
            function,
            arn=function_arn(function.name),
            environment=document(dict(function.environment)),
            code_sha256=package_digest(package),
            code_size=len(package),
            created_at=at,
            last_modified_at=at,
        )
        with self._lock:
            if function.name in self._functions:
                raise function_exists(function.name)
            # Unpacked before the function is listed: a bad package leaves no function.
            self.code.install(function.name, package)
            self._functions[function.name] = record
        return self.get(function.name)

    def update_code(self, name: str, package: bytes) -> LambdaFunction:
        """Replace the function's code with a new zip package (one update at a time)."""
        name = function_name(name)
        with self._lock:
            current = self._functions.get(name)
            if current is None:
                raise missing_function(name)
            self.code.install(name, package)
            self._functions[name] = dataclasses.replace(
                current,
                code_sha256=package_digest(package),
                code_size=len(package),
                last_modified_at=now(),
            )
        return self.get(name)

    def update_config(self, name: str, **changes: Any) -> LambdaFunction:
        """Change configuration fields (``handler``, ``timeout``, ``environment``, …).

        Raises:
            NotFound: when there is no such function.
            InvalidRequest: for a field that cannot change or a bad timeout.
        """
        check_configurable(changes)
        with self._lock:
            current = self.get(name)
            updated = dataclasses.replace(current, **changes)
            check_timeout(updated.timeout)
            self._functions[current.name] = dataclasses.replace(
                updated, environment=document(dict(updated.environment)), last_modified_at=now()
            )
        return self.get(current.name)

    def get(self, reference: str) -> LambdaFunction:
        """The function named (or whose ARN is) ``reference``.

        Raises:
            NotFound: naming the function and how to create it.
        """
        name = function_name(reference)
        with self._lock:
            found = self._functions.get(name)
        if found is None:
            raise missing_function(name)
        return _copy(found)

    def list(self) -> builtins.list[LambdaFunction]:
        """Every function, by name."""
        with self._lock:
            found = [self._functions[name] for name in sorted(self._functions)]
        return [_copy(f) for f in found]

    def delete(self, reference: str) -> None:
        """Remove the function and its code.

        Raises:
            NotFound: when there is no such function.
        """
        with self._lock:
            name = self.get(reference).name
            del self._functions[name]
            self.code.remove(name)

    def code_dir(self, name: str) -> Path:
        """The folder holding the function's unpacked code."""
        return self.code.path(name)


def _copy(function: LambdaFunction) -> LambdaFunction:
    return dataclasses.replace(function, environment=document(function.environment))
