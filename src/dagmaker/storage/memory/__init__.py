"""In-memory implementations of the engine's and the runners' storage ports.

For tests and dry runs; each behaves like its SQL counterpart (the contract suites in
``tests/contracts`` hold both to the same behaviour).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from dagmaker.errors import LeaseLost
from dagmaker.records import events as ev
from dagmaker.records.records import CacheEntry
from dagmaker.storage.memory.callbacks import InMemoryCallbackStore
from dagmaker.storage.memory.endpoints import InMemoryEndpointConfigStore, InMemoryEndpointStore
from dagmaker.storage.memory.jobs import InMemoryJobStore
from dagmaker.storage.memory.lambdas import InMemoryLambdaStore
from dagmaker.storage.memory.metrics import InMemoryMetricsStore
from dagmaker.storage.memory.models import InMemoryImageMappings, InMemoryModelStore
from dagmaker.storage.memory.registry import InMemoryRegistryStore

__all__ = [
    "InMemoryCacheIndex",
    "InMemoryCallbackStore",
    "InMemoryEndpointConfigStore",
    "InMemoryEndpointStore",
    "InMemoryEventLog",
    "InMemoryImageMappings",
    "InMemoryJobStore",
    "InMemoryLambdaStore",
    "InMemoryMetricsStore",
    "InMemoryModelStore",
    "InMemoryRegistryStore",
]


class InMemoryEventLog:
    """The ``EventLog`` port over a dict; thread-safe."""

    def __init__(self) -> None:
        self._events: dict[str, list[ev.Event]] = defaultdict(list)
        self._lock = threading.Lock()
        self.heartbeats: dict[str, int] = defaultdict(int)
        self.released: set[str] = set()
        self.lost: set[str] = set()

    def append(self, execution_arn: str, events: Sequence[ev.Event]) -> None:
        """Append events; raises ``LeaseLost`` once :meth:`take_over` was called."""
        with self._lock:
            if execution_arn in self.lost:
                raise LeaseLost(execution_arn)
            self._events[execution_arn].extend(events)

    def take_over(self, execution_arn: str) -> None:
        """Act as if another process claimed the execution (its driver must stop)."""
        with self._lock:
            self.lost.add(execution_arn)

    def load(self, execution_arn: str) -> list[ev.Event]:
        """Every event of the execution, in order."""
        with self._lock:
            return list(self._events[execution_arn])

    def stop_requested(self, execution_arn: str) -> bool:
        """Whether a StopRequested event is in the log (and not undone by a retry)."""
        requested = False
        for event in self.load(execution_arn):
            if isinstance(event, ev.StopRequested):
                requested = True
            elif isinstance(event, ev.ExecutionRetried):
                requested = False
        return requested

    def heartbeat(self, execution_arn: str) -> None:
        """Count heartbeats (tests can assert the driver beats)."""
        with self._lock:
            self.heartbeats[execution_arn] += 1

    def release(self, execution_arn: str) -> None:
        """Remember that the driver let the execution go."""
        with self._lock:
            self.released.add(execution_arn)


class InMemoryCacheIndex:
    """The ``CacheIndex`` port over a list."""

    def __init__(self) -> None:
        self._entries: list[CacheEntry] = []
        self._lock = threading.Lock()

    def lookup(self, pipeline_name: str, key: str, not_before: datetime) -> CacheEntry | None:
        """The newest entry with ``key`` created at or after ``not_before``."""
        with self._lock:
            found = [
                e
                for e in self._entries
                if e.pipeline_name == pipeline_name and e.key == key and e.created_at >= not_before
            ]
        return max(found, key=lambda e: e.created_at) if found else None

    def latest(self, pipeline_name: str, step_name: str) -> CacheEntry | None:
        """The newest entry for a step whatever its key."""
        with self._lock:
            found = [
                e
                for e in self._entries
                if e.pipeline_name == pipeline_name and e.step_name == step_name
            ]
        return max(found, key=lambda e: e.created_at) if found else None

    def record(self, entry: CacheEntry) -> None:
        """Remember a successful run."""
        with self._lock:
            self._entries.append(entry)
