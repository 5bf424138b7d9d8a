"""Models and image mappings in memory, for tests and dry runs."""

from __future__ import annotations

import builtins
import itertools
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dagmaker.storage.memory.rows import document, now
from dagmaker.storage.problems import missing_model, model_exists


@dataclass(frozen=True)
class _Model:
    number: int
    name: str
    arn: str
    describe: Any
    execution_arn: str
    created_at: datetime


class InMemoryModelStore:
    """CreateModel documents in a dict; thread-safe, behaving like ``ModelRepository``."""

    def __init__(self) -> None:
        self._models: dict[str, _Model] = {}
        self._order = itertools.count()
        self._lock = threading.Lock()

    def create(
        self, name: str, arn: str, describe: dict[str, Any], execution_arn: str = ""
    ) -> dict[str, Any]:
        """Store a new model; return its document.

        A model that the same execution stored already under this name is returned.

        Raises:
            Conflict: when a model with that name exists.
        """
        kept = document(describe)
        with self._lock:
            earlier = self._models.get(name)
            if earlier is not None:
                if execution_arn and earlier.execution_arn == execution_arn:
                    stored: dict[str, Any] = document(earlier.describe)
                    return stored
                raise model_exists(name)
            self._models[name] = _Model(next(self._order), name, arn, kept, execution_arn, now())
        return describe

    def describe(self, name: str) -> dict[str, Any]:
        """The DescribeModel document of a model (by name in any case, or ARN).

        Raises:
            NotFound: naming the model.
        """
        with self._lock:
            found = self._find(name)
        result: dict[str, Any] = document(found.describe)
        return result

    def list(self, limit: int = 100) -> builtins.list[dict[str, Any]]:
        """DescribeModel documents, newest first."""
        with self._lock:
            models = sorted(
                self._models.values(), key=lambda m: (m.created_at, m.number), reverse=True
            )
        return [document(m.describe) for m in models[: max(limit, 0)]]

    def delete(self, name: str) -> None:
        """Delete the model with this name (in any case) or ARN.

        Raises:
            NotFound: naming the model.
        """
        with self._lock:
            del self._models[self._find(name).name]

    def _find(self, name: str) -> _Model:
        wanted = name.lower()
        for model in self._models.values():
            if model.name.lower() == wanted or model.arn == name:
                return model
        raise missing_model(name)


class InMemoryImageMappings:
    """Image → runtime mappings in a dict; behaving like ``ImageMappingRepository``."""

    def __init__(self) -> None:
        self._mappings: dict[str, str] = {}
        self._lock = threading.Lock()

    def all(self) -> dict[str, str]:
        """Image (or repository) → runtime."""
        with self._lock:
            return dict(self._mappings)

    def put(self, image: str, runtime: str) -> None:
        """Map ``image`` to ``runtime`` (replacing an earlier mapping)."""
        with self._lock:
            self._mappings[image] = runtime

    def delete(self, image: str) -> bool:
        """Remove a mapping; True if there was one."""
        with self._lock:
            return self._mappings.pop(image, None) is not None
