"""Endpoint configurations (CreateEndpointConfig documents) and endpoints."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker.records.endpoints import EndpointRecord, EndpointStatus
from dagmaker.storage.db.codec import Row, document, encoded, moment
from dagmaker.storage.db.connection import Database
from dagmaker.storage.problems import (
    endpoint_busy,
    endpoint_config_exists,
    endpoint_exists,
    missing_endpoint,
    missing_endpoint_config,
)

# Rows whose name is :name in any case (SageMaker's names ignore case); :lowered is
# name.lower().
_SAME_NAME = "lower(name) = :lowered"
# Rows named :name in any case, or whose ARN is :name.
_NAMED = f"({_SAME_NAME} OR arn = :name)"

_CONFIG_INSERT = (
    "INSERT INTO endpoint_configs (name, arn, describe, created_at) "
    "VALUES (:name, :arn, :describe, :created_at) ON CONFLICT (name) DO NOTHING RETURNING name"
)
_COLUMNS = (
    "name, arn, config_name, status, failure_reason, pending_config, port, runtime, tags, "
    "created_at, last_modified_at"
)
_INSERT = (
    f"INSERT INTO endpoints ({_COLUMNS}) VALUES (:name, :arn, :config_name, :status, "
    ":failure_reason, :pending_config, :port, :runtime, :tags, :created_at, :last_modified_at) "
    "ON CONFLICT (name) DO NOTHING RETURNING name"
)
_SELECT = f"SELECT {_COLUMNS} FROM endpoints"


class EndpointConfigRepository:
    """SQL for the endpoint_configs table; documents are DescribeEndpointConfig-shaped."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, name: str, arn: str, describe: dict[str, Any]) -> None:
        """Store a new configuration.

        Raises:
            Conflict: when one with that name exists.
        """
        values = {
            "name": name,
            "lowered": name.lower(),
            "arn": arn,
            "describe": encoded(describe),
            "created_at": _now(),
        }
        with self.db.writing() as sql:
            # The unique key settles a race between creates of one name (PostgreSQL lets
            # both see it free); the first check catches the name in another case.
            taken = sql.rows(f"SELECT name FROM endpoint_configs WHERE {_SAME_NAME}", values)
            if taken or not sql.rows(_CONFIG_INSERT, values):
                raise endpoint_config_exists(name, arn)

    def describe(self, name: str) -> dict[str, Any]:
        """The document of a configuration (by name or ARN).

        Raises:
            EndpointNotFound: naming it.
        """
        with self.db.reading() as sql:
            rows = sql.rows(f"SELECT describe FROM endpoint_configs WHERE {_NAMED}", _ref(name))
        if not rows:
            raise missing_endpoint_config(name)
        found: dict[str, Any] = document(rows[0]["describe"])
        return found

    def list(self) -> list[dict[str, Any]]:
        """Every configuration's document, newest first."""
        with self.db.reading() as sql:
            rows = sql.rows("SELECT describe FROM endpoint_configs ORDER BY created_at DESC")
        return [document(r["describe"]) for r in rows]

    def delete(self, name: str) -> None:
        """Delete a configuration (by name in any case, or ARN).

        Raises:
            EndpointNotFound: when it does not exist.
        """
        with self.db.writing() as sql:
            lock = " FOR UPDATE" if sql.dialect == "postgresql" else ""
            rows = sql.rows(f"SELECT name FROM endpoint_configs WHERE {_NAMED}{lock}", _ref(name))
            if not rows:
                raise missing_endpoint_config(name)
            sql.run("DELETE FROM endpoint_configs WHERE name = :name", {"name": rows[0]["name"]})


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
            "lowered": record.name.lower(),
            "arn": record.arn,
            "config_name": record.config_name,
            "status": record.status.value,
            "failure_reason": record.failure_reason,
            "pending_config": record.pending_config,
            "port": record.port,
            "runtime": encoded(record.runtime),
            "tags": encoded(record.tags),
            "created_at": now,
            "last_modified_at": now,
        }
        with self.db.writing() as sql:
            taken = sql.rows(f"SELECT name FROM endpoints WHERE {_SAME_NAME}", values)
            if taken or not sql.rows(_INSERT, values):
                raise endpoint_exists(record.name, record.arn)
        return self.get(record.name)

    def get(self, name: str) -> EndpointRecord:
        """The endpoint with this name (or ARN).

        Raises:
            EndpointNotFound: naming it.
        """
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} WHERE {_NAMED}", _ref(name))
        if not rows:
            raise missing_endpoint(name)
        return _record(rows[0])

    def list(self) -> list[EndpointRecord]:
        """Every endpoint, newest first."""
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} ORDER BY created_at DESC")
        return [_record(r) for r in rows]

    def request_update(self, name: str, config: str) -> EndpointRecord:
        """Ask for ``config`` to be served (UpdateEndpoint): status Updating.

        Raises:
            EndpointNotFound: when the endpoint does not exist.
            Conflict: unless the endpoint is InService.
        """
        record = self.get(name)
        with self.db.writing() as sql:
            changed = sql.run(
                "UPDATE endpoints SET status = :updating, pending_config = :config, "
                "last_modified_at = :now WHERE name = :name AND status = :in_service",
                {
                    "updating": EndpointStatus.UPDATING.value,
                    "config": config,
                    "now": _now(),
                    "name": record.name,
                    "in_service": EndpointStatus.IN_SERVICE.value,
                },
            )
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
        with self.db.writing() as sql:
            # Locked on PostgreSQL: an UpdateEndpoint between this read and the write below
            # would otherwise be overwritten.
            lock = " FOR UPDATE" if sql.dialect == "postgresql" else ""
            rows = sql.rows(
                f"SELECT status, pending_config FROM endpoints WHERE name = :name{lock}",
                {"name": name},
            )
            if not rows:
                return
            row = rows[0]
            if row["status"] == EndpointStatus.DELETING.value and status != EndpointStatus.DELETING:
                return
            pending = row["pending_config"]
            if resolved and pending == resolved:
                pending = values["pending_config"] = ""
            if pending and status == EndpointStatus.IN_SERVICE:
                values["status"] = EndpointStatus.UPDATING.value
            # Only the fixed column names above make up the SET clause.
            changes = ", ".join(f"{column} = :{column}" for column in values)
            sql.run(f"UPDATE endpoints SET {changes} WHERE name = :name", values | {"name": name})

    def mark_deleting(self, name: str) -> EndpointRecord:
        """Status Deleting (DeleteEndpoint accepted)."""
        record = self.get(name)
        with self.db.writing() as sql:
            sql.run(
                "UPDATE endpoints SET status = :status, last_modified_at = :now WHERE name = :name",
                {"status": EndpointStatus.DELETING.value, "now": _now(), "name": record.name},
            )
        return self.get(name)

    def set_port(self, name: str, port: int) -> None:
        """Remember the port the endpoint listens on."""
        with self.db.writing() as sql:
            sql.run(
                "UPDATE endpoints SET port = :port WHERE name = :name", {"port": port, "name": name}
            )

    def set_runtime(self, name: str, runtime: dict[str, Any]) -> None:
        """Store the supervisor's view of the serving processes."""
        with self.db.writing() as sql:
            sql.run(
                "UPDATE endpoints SET runtime = :runtime WHERE name = :name",
                {"runtime": encoded(runtime), "name": name},
            )

    def delete(self, name: str) -> None:
        """Forget the endpoint (its deletion is complete)."""
        with self.db.writing() as sql:
            sql.run(f"DELETE FROM endpoints WHERE {_SAME_NAME}", {"lowered": name.lower()})


def _now() -> datetime:
    return datetime.now(UTC)


def _ref(name: str) -> dict[str, str]:
    """The parameters of ``_NAMED`` for ``name``."""
    return {"name": name, "lowered": name.lower()}


def _record(m: Row) -> EndpointRecord:
    return EndpointRecord(
        name=m["name"],
        arn=m["arn"],
        config_name=m["config_name"],
        status=EndpointStatus(m["status"]),
        failure_reason=m["failure_reason"],
        pending_config=m["pending_config"],
        port=m["port"],
        runtime=document(m["runtime"]) or {},
        tags=document(m["tags"]) or [],
        created_at=moment(m["created_at"]),
        last_modified_at=moment(m["last_modified_at"]),
    )
