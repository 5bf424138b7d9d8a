"""Endpoint configurations (CreateEndpointConfig documents) and endpoints."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Table, func, select

from dagmaker.records.endpoints import EndpointRecord, EndpointStatus
from dagmaker.storage.db import schema
from dagmaker.storage.db.conflicts import insert_new
from dagmaker.storage.db.connection import Database
from dagmaker.storage.problems import (
    endpoint_busy,
    endpoint_config_exists,
    endpoint_exists,
    missing_endpoint,
    missing_endpoint_config,
)

_C = schema.endpoint_configs
_E = schema.endpoints


class EndpointConfigRepository:
    """SQL for the endpoint_configs table; documents are DescribeEndpointConfig-shaped."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, name: str, arn: str, describe: dict[str, Any]) -> None:
        """Store a new configuration.

        Raises:
            Conflict: when one with that name exists.
        """
        values = {"name": name, "arn": arn, "describe": describe, "created_at": _now()}
        with self.db.writer.begin() as conn:
            # The unique key settles a race between creates of one name (PostgreSQL lets
            # both see it free); the first check catches the name in another case.
            taken = conn.execute(select(_C.c.name).where(_same_name(_C, name))).first()
            if taken or not insert_new(conn, _C, ["name"], values):
                raise endpoint_config_exists(name, arn)

    def describe(self, name: str) -> dict[str, Any]:
        """The document of a configuration (by name or ARN).

        Raises:
            EndpointNotFound: naming it.
        """
        query = select(_C.c.describe).where(_named(_C, name))
        with self.db.reader.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise missing_endpoint_config(name)
        document: dict[str, Any] = row.describe
        return document

    def list(self) -> list[dict[str, Any]]:
        """Every configuration's document, newest first."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(_C.c.describe).order_by(_C.c.created_at.desc())).all()
        return [r.describe for r in rows]

    def delete(self, name: str) -> None:
        """Delete a configuration (by name in any case, or ARN).

        Raises:
            EndpointNotFound: when it does not exist.
        """
        with self.db.writer.begin() as conn:
            row = conn.execute(select(_C.c.name).where(_named(_C, name)).with_for_update())
            found = row.first()
            if found is None:
                raise missing_endpoint_config(name)
            conn.execute(_C.delete().where(_C.c.name == found.name))


class EndpointRepository:
    """SQL for the endpoints table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, record: EndpointRecord) -> EndpointRecord:
        """Store a new endpoint (status Creating).

        Raises:
            Conflict: when one with that name exists.
        """
        now = _now()
        values = {
            "name": record.name,
            "arn": record.arn,
            "config_name": record.config_name,
            "status": record.status.value,
            "failure_reason": record.failure_reason,
            "pending_config": record.pending_config,
            "port": record.port,
            "runtime": record.runtime,
            "tags": record.tags,
            "created_at": now,
            "last_modified_at": now,
        }
        with self.db.writer.begin() as conn:
            taken = conn.execute(select(_E.c.name).where(_same_name(_E, record.name))).first()
            if taken or not insert_new(conn, _E, ["name"], values):
                raise endpoint_exists(record.name, record.arn)
        return self.get(record.name)

    def get(self, name: str) -> EndpointRecord:
        """The endpoint with this name (or ARN).

        Raises:
            EndpointNotFound: naming it.
        """
        with self.db.reader.connect() as conn:
            row = conn.execute(select(_E).where(_named(_E, name))).first()
        if row is None:
            raise missing_endpoint(name)
        return _record(row)

    def list(self) -> list[EndpointRecord]:
        """Every endpoint, newest first."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(_E).order_by(_E.c.created_at.desc())).all()
        return [_record(r) for r in rows]

    def request_update(self, name: str, config: str) -> EndpointRecord:
        """Ask for ``config`` to be served (UpdateEndpoint): status Updating.

        Raises:
            EndpointNotFound: when the endpoint does not exist.
            Conflict: unless the endpoint is InService.
        """
        record = self.get(name)
        with self.db.writer.begin() as conn:
            changed = conn.execute(
                _E.update()
                .where(_E.c.name == record.name, _E.c.status == EndpointStatus.IN_SERVICE.value)
                .values(
                    status=EndpointStatus.UPDATING.value,
                    pending_config=config,
                    last_modified_at=_now(),
                )
            ).rowcount
        if not changed:
            raise endpoint_busy(name, record.arn, self.get(name).status)
        return self.get(name)

    def report(
        self, name: str, status: EndpointStatus, config: str, reason: str, resolved: str = ""
    ) -> None:
        """Record what the supervisor reports.

        Args:
            name: The endpoint.
            status: Its status now.
            config: The configuration it serves ("" to leave it as it is).
            reason: FailureReason ("" when none).
            resolved: A requested configuration that is now served or has failed; it stops
                being pending. A newer request stays pending (and the status Updating).
                Deleting is never replaced by another status.
        """
        values: dict[str, Any] = {
            "status": status.value,
            "failure_reason": reason,
            "last_modified_at": _now(),
        }
        if config:
            values["config_name"] = config
        with self.db.writer.begin() as conn:
            row = conn.execute(select(_E).where(_E.c.name == name)).first()
            if row is None:
                return
            if row.status == EndpointStatus.DELETING.value and status != EndpointStatus.DELETING:
                return
            pending = row.pending_config
            if resolved and pending == resolved:
                pending = values["pending_config"] = ""
            if pending and status == EndpointStatus.IN_SERVICE:
                values["status"] = EndpointStatus.UPDATING.value
            conn.execute(_E.update().where(_E.c.name == name).values(**values))

    def mark_deleting(self, name: str) -> EndpointRecord:
        """Status Deleting (DeleteEndpoint accepted)."""
        record = self.get(name)
        with self.db.writer.begin() as conn:
            conn.execute(
                _E.update()
                .where(_E.c.name == record.name)
                .values(status=EndpointStatus.DELETING.value, last_modified_at=_now())
            )
        return self.get(name)

    def set_port(self, name: str, port: int) -> None:
        """Remember the port the endpoint listens on."""
        with self.db.writer.begin() as conn:
            conn.execute(_E.update().where(_E.c.name == name).values(port=port))

    def set_runtime(self, name: str, runtime: dict[str, Any]) -> None:
        """Store the supervisor's view of the serving processes."""
        with self.db.writer.begin() as conn:
            conn.execute(_E.update().where(_E.c.name == name).values(runtime=runtime))

    def delete(self, name: str) -> None:
        """Forget the endpoint (its deletion is complete)."""
        with self.db.writer.begin() as conn:
            conn.execute(_E.delete().where(_same_name(_E, name)))


def _now() -> datetime:
    return datetime.now(UTC)


def _same_name(table: Table, name: str) -> ColumnElement[bool]:
    """Rows whose name is ``name`` in any case (SageMaker's names ignore case)."""
    return func.lower(table.c.name) == name.lower()


def _named(table: Table, name: str) -> ColumnElement[bool]:
    """Rows named ``name`` in any case, or whose ARN is ``name``."""
    return _same_name(table, name) | (table.c.arn == name)


def _record(row: Row[Any]) -> EndpointRecord:
    m = row._mapping
    return EndpointRecord(
        name=m["name"],
        arn=m["arn"],
        config_name=m["config_name"],
        status=EndpointStatus(m["status"]),
        failure_reason=m["failure_reason"],
        pending_config=m["pending_config"],
        port=m["port"],
        runtime=m["runtime"] or {},
        tags=m["tags"] or [],
        created_at=m["created_at"],
        last_modified_at=m["last_modified_at"],
    )
