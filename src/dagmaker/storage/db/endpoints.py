"""Endpoint configurations (CreateEndpointConfig documents) and endpoints."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, func, select

from dagmaker.errors import Conflict
from dagmaker.records.endpoints import EndpointNotFound, EndpointRecord, EndpointStatus
from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import Database

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
        with self.db.writer.begin() as conn:
            if conn.execute(select(_C.c.name).where(func.lower(_C.c.name) == name.lower())).first():
                raise Conflict(
                    f'Cannot create already existing endpoint configuration "{arn}".',
                    field="EndpointConfigName",
                    value=name,
                )
            conn.execute(
                _C.insert().values(name=name, arn=arn, describe=describe, created_at=_now())
            )

    def describe(self, name: str) -> dict[str, Any]:
        """The document of a configuration (by name or ARN).

        Raises:
            EndpointNotFound: naming it.
        """
        query = select(_C.c.describe).where(
            (func.lower(_C.c.name) == name.lower()) | (_C.c.arn == name)
        )
        with self.db.reader.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise EndpointNotFound(
                f'Could not find endpoint configuration "{name}".',
                field="EndpointConfigName",
                value=name,
                hint="List them with client.list_endpoint_configs().",
            )
        document: dict[str, Any] = row.describe
        return document

    def list(self) -> list[dict[str, Any]]:
        """Every configuration's document, newest first."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(_C.c.describe).order_by(_C.c.created_at.desc())).all()
        return [r.describe for r in rows]

    def delete(self, name: str) -> None:
        """Delete a configuration.

        Raises:
            EndpointNotFound: when it does not exist.
        """
        self.describe(name)
        with self.db.writer.begin() as conn:
            conn.execute(_C.delete().where(func.lower(_C.c.name) == name.lower()))


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
        with self.db.writer.begin() as conn:
            exists = select(_E.c.name).where(func.lower(_E.c.name) == record.name.lower())
            if conn.execute(exists).first():
                raise Conflict(
                    f'Cannot create already existing endpoint "{record.arn}".',
                    field="EndpointName",
                    value=record.name,
                )
            conn.execute(
                _E.insert().values(
                    name=record.name,
                    arn=record.arn,
                    config_name=record.config_name,
                    status=record.status.value,
                    failure_reason=record.failure_reason,
                    pending_config=record.pending_config,
                    port=record.port,
                    runtime=record.runtime,
                    tags=record.tags,
                    created_at=now,
                    last_modified_at=now,
                )
            )
        return self.get(record.name)

    def get(self, name: str) -> EndpointRecord:
        """The endpoint with this name (or ARN).

        Raises:
            EndpointNotFound: naming it.
        """
        query = select(_E).where((func.lower(_E.c.name) == name.lower()) | (_E.c.arn == name))
        with self.db.reader.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise EndpointNotFound(
                f'Could not find endpoint "{name}".',
                field="EndpointName",
                value=name,
                hint="List endpoints with `dagmaker endpoints list`.",
            )
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
            current = self.get(name)
            raise Conflict(
                f'Cannot update in-progress endpoint "{record.arn}" '
                f"(it is {current.status.value}); wait until it is InService",
                field="EndpointName",
                value=name,
            )
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
            conn.execute(_E.delete().where(func.lower(_E.c.name) == name.lower()))


def _now() -> datetime:
    return datetime.now(UTC)


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
