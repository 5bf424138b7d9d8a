"""Endpoint configurations and endpoints in memory, for tests and dry runs."""

from __future__ import annotations

import builtins
import dataclasses
import itertools
import threading
from datetime import datetime
from typing import Any

from dagmaker.records.endpoints import EndpointRecord, EndpointStatus
from dagmaker.storage.memory.rows import document, now
from dagmaker.storage.problems import (
    endpoint_busy,
    endpoint_config_exists,
    endpoint_exists,
    missing_endpoint,
    missing_endpoint_config,
)


class InMemoryEndpointConfigStore:
    """Configurations in a dict; thread-safe, behaving like ``EndpointConfigRepository``."""

    def __init__(self) -> None:
        # name → (insertion number, arn, document, created_at)
        self._configs: dict[str, tuple[int, str, Any, datetime]] = {}
        self._order = itertools.count()
        self._lock = threading.Lock()

    def create(self, name: str, arn: str, describe: dict[str, Any]) -> None:
        """Store a new configuration.

        Raises:
            Conflict: when one with that name (in any case) exists.
        """
        kept = document(describe)
        with self._lock:
            if any(taken.lower() == name.lower() for taken in self._configs):
                raise endpoint_config_exists(name, arn)
            self._configs[name] = next(self._order), arn, kept, now()

    def describe(self, name: str) -> dict[str, Any]:
        """The document of a configuration (by name in any case, or ARN).

        Raises:
            EndpointNotFound: naming it.
        """
        with self._lock:
            found: dict[str, Any] = document(self._configs[self._find(name)][2])
        return found

    def list(self) -> builtins.list[dict[str, Any]]:
        """Every configuration's document, newest first."""
        with self._lock:
            rows = sorted(self._configs.values(), key=lambda r: (r[3], r[0]), reverse=True)
        return [document(r[2]) for r in rows]

    def delete(self, name: str) -> None:
        """Delete a configuration (by name in any case, or ARN).

        Raises:
            EndpointNotFound: when it does not exist.
        """
        with self._lock:
            del self._configs[self._find(name)]

    def _find(self, name: str) -> str:
        for stored, (_, arn, _, _) in self._configs.items():
            if stored.lower() == name.lower() or arn == name:
                return stored
        raise missing_endpoint_config(name)


class InMemoryEndpointStore:
    """Endpoints in a dict; thread-safe, behaving like ``EndpointRepository``."""

    def __init__(self) -> None:
        self._endpoints: dict[str, tuple[int, EndpointRecord]] = {}
        self._order = itertools.count()
        self._lock = threading.RLock()

    def create(self, record: EndpointRecord) -> EndpointRecord:
        """Store a new endpoint.

        Raises:
            Conflict: when one with that name (in any case) exists.
        """
        at = now()
        kept = _copy(record, created_at=at, last_modified_at=at)
        with self._lock:
            if any(taken.lower() == record.name.lower() for taken in self._endpoints):
                raise endpoint_exists(record.name, record.arn)
            self._endpoints[record.name] = next(self._order), kept
        return self.get(record.name)

    def get(self, name: str) -> EndpointRecord:
        """The endpoint with this name (in any case) or ARN.

        Raises:
            EndpointNotFound: naming it.
        """
        with self._lock:
            for _, record in self._endpoints.values():
                if record.name.lower() == name.lower() or record.arn == name:
                    return _copy(record)
        raise missing_endpoint(name)

    def list(self) -> builtins.list[EndpointRecord]:
        """Every endpoint, newest first."""
        with self._lock:
            rows = sorted(
                self._endpoints.values(), key=lambda r: (r[1].created_at, r[0]), reverse=True
            )
        return [_copy(record) for _, record in rows]

    def request_update(self, name: str, config: str) -> EndpointRecord:
        """Ask for ``config`` to be served (UpdateEndpoint): status Updating.

        Raises:
            EndpointNotFound: when the endpoint does not exist.
            Conflict: unless the endpoint is InService.
        """
        with self._lock:
            record = self.get(name)
            if record.status != EndpointStatus.IN_SERVICE:
                raise endpoint_busy(name, record.arn, record.status)
            self._change(
                record.name, status=EndpointStatus.UPDATING, pending_config=config, modified=True
            )
            return self.get(name)

    def report(
        self, name: str, status: EndpointStatus, config: str, reason: str, resolved: str = ""
    ) -> None:
        """Record what the supervisor reports (see ``EndpointStore.report``)."""
        with self._lock:
            stored = self._endpoints.get(name)
            if stored is None:
                return
            current = stored[1]
            if current.status == EndpointStatus.DELETING and status != EndpointStatus.DELETING:
                return
            pending = "" if resolved and current.pending_config == resolved else None
            still_pending = current.pending_config if pending is None else pending
            if still_pending and status == EndpointStatus.IN_SERVICE:
                status = EndpointStatus.UPDATING
            changes: dict[str, Any] = {"status": status, "failure_reason": reason}
            if config:
                changes["config_name"] = config
            if pending is not None:
                changes["pending_config"] = pending
            self._change(name, modified=True, **changes)

    def mark_deleting(self, name: str) -> EndpointRecord:
        """Status Deleting (DeleteEndpoint accepted)."""
        with self._lock:
            record = self.get(name)
            self._change(record.name, status=EndpointStatus.DELETING, modified=True)
            return self.get(name)

    def set_port(self, name: str, port: int) -> None:
        """Remember the port the endpoint listens on."""
        with self._lock:
            self._change(name, port=port)

    def set_runtime(self, name: str, runtime: dict[str, Any]) -> None:
        """Store the supervisor's view of the serving processes."""
        with self._lock:
            self._change(name, runtime=document(runtime))

    def delete(self, name: str) -> None:
        """Forget the endpoint (its deletion is complete)."""
        with self._lock:
            for stored in [n for n in self._endpoints if n.lower() == name.lower()]:
                del self._endpoints[stored]

    def _change(self, name: str, *, modified: bool = False, **changes: Any) -> None:
        """Change the endpoint stored under exactly ``name``; nothing if there is none."""
        stored = self._endpoints.get(name)
        if stored is None:
            return
        if modified:
            changes["last_modified_at"] = now()
        self._endpoints[name] = stored[0], dataclasses.replace(stored[1], **changes)


def _copy(record: EndpointRecord, **changes: Any) -> EndpointRecord:
    return dataclasses.replace(
        record,
        runtime=document(record.runtime or {}),
        tags=document(record.tags or []),
        status=EndpointStatus(record.status),
        **changes,
    )
