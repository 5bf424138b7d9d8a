"""Model registry tables: package groups, versioned packages, approval history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker.records.registry import ApprovalChange, PackageBuild, PackageEdit
from dagmaker.storage.db.codec import document, encoded, instant
from dagmaker.storage.db.connection import Database
from dagmaker.storage.problems import (
    group_exists,
    group_not_empty,
    missing_group,
    missing_package,
)

# ON CONFLICT ... DO NOTHING lets the unique key settle a race two creators run on
# PostgreSQL, where both can see the name free; RETURNING says who won.
_INSERT_GROUP = (
    "INSERT INTO model_package_groups (name, arn, description, created_at) "
    "VALUES (:name, :arn, :description, :created_at) ON CONFLICT (name) DO NOTHING "
    "RETURNING name"
)
_SELECT_GROUP = "SELECT name, arn, description, created_at FROM model_package_groups"
_INSERT_PACKAGE = (
    "INSERT INTO model_packages (arn, group_name, version, approval_status, describe, "
    "created_at, last_modified_at, client_token) VALUES (:arn, :group_name, :version, "
    ":approval_status, :describe, :created_at, :last_modified_at, :client_token)"
)
_INSERT_APPROVAL = (
    "INSERT INTO model_package_approvals (package_arn, status, previous_status, changed_by, "
    "reason, at) VALUES (:package_arn, :status, :previous_status, :changed_by, :reason, :at)"
)


class RegistryRepository:
    """SQL for the registry tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- groups ---------------------------------------------------------------------------

    def create_group(
        self, name: str, arn: str, description: str = "", *, exist_ok: bool = False
    ) -> dict[str, Any]:
        """Create a model package group (``exist_ok``: return the existing one).

        Raises:
            Conflict: when the group exists and ``exist_ok`` is false.
        """
        values = {"name": name, "arn": arn, "description": description}
        with self.db.writing() as sql:
            created = sql.rows(_INSERT_GROUP, values | {"created_at": datetime.now(UTC)})
        if not created and not exist_ok:
            raise group_exists(name)
        return self.group(name)

    def group(self, name: str) -> dict[str, Any]:
        """A group as a row dict.

        Raises:
            NotFound: naming the group.
        """
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT_GROUP} WHERE name = :name OR arn = :name", {"name": name})
        if not rows:
            raise missing_group(name)
        return _group_from_row(rows[0])

    def groups(self) -> list[dict[str, Any]]:
        """Every group, newest first."""
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT_GROUP} ORDER BY created_at DESC")
        return [_group_from_row(r) for r in rows]

    def delete_group(self, name: str) -> None:
        """Delete an empty group (by name or ARN).

        Raises:
            NotFound: naming the group.
            Conflict: when it still holds packages.
        """
        with self.db.writing() as sql:
            rows = sql.rows(
                "SELECT name FROM model_package_groups WHERE name = :name OR arn = :name"
                + _for_update(sql.dialect),
                {"name": name},
            )
            if not rows:
                raise missing_group(name)
            group = rows[0]["name"]
            counted = sql.rows(
                "SELECT COUNT(*) AS n FROM model_packages WHERE group_name = :group",
                {"group": group},
            )
            count = int(counted[0]["n"])
            if count:
                raise group_not_empty(group, count)
            sql.run("DELETE FROM model_package_groups WHERE name = :group", {"group": group})

    # -- packages -------------------------------------------------------------------------

    def add_package(
        self, group: str, build: PackageBuild, approval: str, by: str, client_token: str = ""
    ) -> dict[str, Any]:
        """Insert the next version of ``group``; ``build(version)`` makes the document.

        Concurrent registrations in one group get distinct, consecutive versions: the
        group's row is locked while the next number is taken. A package of the group
        registered earlier with the same ``client_token`` is returned instead of a new one.

        Raises:
            NotFound: when the group does not exist.
        """
        now = datetime.now(UTC)
        with self.db.writing() as sql:
            locked = sql.rows(
                "SELECT name FROM model_package_groups WHERE name = :group"
                + _for_update(sql.dialect),
                {"group": group},
            )
            if not locked:
                raise missing_group(group)
            if client_token:
                earlier = sql.rows(
                    "SELECT describe FROM model_packages "
                    "WHERE group_name = :group AND client_token = :token",
                    {"group": group, "token": client_token},
                )
                if earlier:
                    registered: dict[str, Any] = document(earlier[0]["describe"])
                    return registered
            latest = sql.rows(
                "SELECT MAX(version) AS latest FROM model_packages WHERE group_name = :group",
                {"group": group},
            )[0]["latest"]
            version = (latest or 0) + 1
            built: dict[str, Any] = build(version)
            arn = built["ModelPackageArn"]
            sql.run(
                _INSERT_PACKAGE,
                {
                    "arn": arn,
                    "group_name": group,
                    "version": version,
                    "approval_status": approval,
                    "describe": encoded(built),
                    "created_at": now,
                    "last_modified_at": now,
                    "client_token": client_token,
                },
            )
            sql.run(
                _INSERT_APPROVAL,
                {
                    "package_arn": arn,
                    "status": approval,
                    "previous_status": "",
                    "changed_by": by,
                    "reason": "registered",
                    "at": now,
                },
            )
        return built

    def package(self, ref: str) -> dict[str, Any]:
        """A package's DescribeModelPackage document, by ARN or ``group/version``.

        Raises:
            NotFound: naming the reference.
        """
        query, params = _package_query(ref)
        with self.db.reading() as sql:
            rows = sql.rows(query, params)
        if not rows:
            raise missing_package(ref)
        stored: dict[str, Any] = document(rows[0]["describe"])
        return stored

    def packages(
        self, group: str | None = None, status: str | None = None, newest_first: bool = True
    ) -> list[dict[str, Any]]:
        """Package documents, optionally of one group and one approval status."""
        query = "SELECT describe FROM model_packages"
        conditions = []
        if group:
            conditions.append("group_name = :group")
        if status:
            conditions.append("approval_status = :status")
        if conditions:
            query += " WHERE " + " AND ".join(conditions)
        query += (
            " ORDER BY created_at DESC, version DESC"
            if newest_first
            else " ORDER BY created_at ASC, version ASC"
        )
        with self.db.reading() as sql:
            rows = sql.rows(query, {"group": group, "status": status})
        return [document(r["describe"]) for r in rows]

    def modify_package(self, ref: str, edit: PackageEdit) -> dict[str, Any]:
        """Change a package's document with ``edit``, reading and writing in one transaction.

        ``edit`` gets a copy of the stored document and returns the new one with the
        approval change to record, if any. The package's row stays locked meanwhile, so
        concurrent edits apply one after the other and none is lost.

        Raises:
            NotFound: naming the reference.
        """
        query, params = _package_query(ref)
        with self.db.writing() as sql:
            rows = sql.rows(query + _for_update(sql.dialect), params)
            if not rows:
                raise missing_package(ref)
            edited, change = edit(dict(document(rows[0]["describe"])))
            sql.run(
                "UPDATE model_packages SET describe = :describe, "
                "approval_status = :approval_status, last_modified_at = :last_modified_at "
                "WHERE arn = :arn",
                {
                    "describe": encoded(edited),
                    "approval_status": str(edited["ModelApprovalStatus"]),
                    "last_modified_at": datetime.now(UTC),
                    "arn": rows[0]["arn"],
                },
            )
            if change is not None:
                sql.run(
                    _INSERT_APPROVAL,
                    {
                        "package_arn": change.package_arn,
                        "status": change.status,
                        "previous_status": change.previous_status,
                        "changed_by": change.changed_by,
                        "reason": change.reason,
                        "at": change.at,
                    },
                )
        return edited

    def history(self, arn: str) -> list[ApprovalChange]:
        """Approval changes of a package, oldest first."""
        with self.db.reading() as sql:
            rows = sql.rows(
                "SELECT package_arn, status, previous_status, changed_by, reason, at "
                "FROM model_package_approvals WHERE package_arn = :arn ORDER BY at, id",
                {"arn": arn},
            )
        return [
            ApprovalChange(
                r["package_arn"],
                r["status"],
                r["previous_status"],
                r["changed_by"],
                r["reason"],
                instant(r["at"]),
            )
            for r in rows
        ]


def _package_query(ref: str) -> tuple[str, dict[str, Any]]:
    """Select a package by ARN, or by ``group/version``."""
    group, _, version = ref.rpartition("/")
    query = "SELECT arn, describe FROM model_packages"
    if group and version.isdigit() and not ref.startswith("arn:"):
        return (
            f"{query} WHERE group_name = :group AND version = :version",
            {"group": group, "version": int(version)},
        )
    return f"{query} WHERE arn = :ref", {"ref": ref}


def _group_from_row(row: dict[str, Any]) -> dict[str, Any]:
    return row | {"created_at": instant(row["created_at"])}


def _for_update(dialect: str) -> str:
    # SQLite's write transaction is exclusive already; PostgreSQL locks the rows read.
    return " FOR UPDATE" if dialect == "postgresql" else ""
