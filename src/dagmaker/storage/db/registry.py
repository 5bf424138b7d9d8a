"""Model registry tables: package groups, versioned packages, approval history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, select

from dagmaker.records.registry import ApprovalChange, PackageBuild, PackageEdit
from dagmaker.storage.db import schema
from dagmaker.storage.db.conflicts import insert_new
from dagmaker.storage.db.connection import Database
from dagmaker.storage.problems import (
    group_exists,
    group_not_empty,
    missing_group,
    missing_package,
)

_G = schema.model_package_groups
_P = schema.model_packages
_A = schema.model_package_approvals


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
        with self.db.writer.begin() as conn:
            created = insert_new(conn, _G, ["name"], values | {"created_at": datetime.now(UTC)})
        if not created and not exist_ok:
            raise group_exists(name)
        return self.group(name)

    def group(self, name: str) -> dict[str, Any]:
        """A group as a row dict.

        Raises:
            NotFound: naming the group.
        """
        with self.db.reader.connect() as conn:
            row = conn.execute(select(_G).where((_G.c.name == name) | (_G.c.arn == name))).first()
        if row is None:
            raise missing_group(name)
        return dict(row._mapping)

    def groups(self) -> list[dict[str, Any]]:
        """Every group, newest first."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(_G).order_by(_G.c.created_at.desc())).all()
        return [dict(r._mapping) for r in rows]

    def delete_group(self, name: str) -> None:
        """Delete an empty group (by name or ARN).

        Raises:
            NotFound: naming the group.
            Conflict: when it still holds packages.
        """
        with self.db.writer.begin() as conn:
            row = conn.execute(
                select(_G.c.name).where((_G.c.name == name) | (_G.c.arn == name)).with_for_update()
            ).first()
            if row is None:
                raise missing_group(name)
            count = conn.execute(
                select(func.count()).select_from(_P).where(_P.c.group_name == row.name)
            ).scalar_one()
            if count:
                raise group_not_empty(row.name, count)
            conn.execute(_G.delete().where(_G.c.name == row.name))

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
        with self.db.writer.begin() as conn:
            locked = conn.execute(select(_G.c.name).where(_G.c.name == group).with_for_update())
            if locked.first() is None:
                raise missing_group(group)
            if client_token:
                earlier = conn.execute(
                    select(_P.c.describe).where(
                        _P.c.group_name == group, _P.c.client_token == client_token
                    )
                ).first()
                if earlier is not None:
                    registered: dict[str, Any] = earlier.describe
                    return registered
            latest = conn.execute(
                select(func.max(_P.c.version)).where(_P.c.group_name == group)
            ).scalar()
            version = (latest or 0) + 1
            document: dict[str, Any] = build(version)
            arn = document["ModelPackageArn"]
            conn.execute(
                _P.insert().values(
                    arn=arn,
                    group_name=group,
                    version=version,
                    approval_status=approval,
                    describe=document,
                    created_at=now,
                    last_modified_at=now,
                    client_token=client_token,
                )
            )
            conn.execute(
                _A.insert().values(
                    package_arn=arn,
                    status=approval,
                    previous_status="",
                    changed_by=by,
                    reason="registered",
                    at=now,
                )
            )
        return document

    def package(self, ref: str) -> dict[str, Any]:
        """A package's DescribeModelPackage document, by ARN or ``group/version``.

        Raises:
            NotFound: naming the reference.
        """
        with self.db.reader.connect() as conn:
            row = conn.execute(_package_query(ref)).first()
        if row is None:
            raise missing_package(ref)
        document: dict[str, Any] = row.describe
        return document

    def packages(
        self, group: str | None = None, status: str | None = None, newest_first: bool = True
    ) -> list[dict[str, Any]]:
        """Package documents, optionally of one group and one approval status."""
        query = select(_P.c.describe)
        if group:
            query = query.where(_P.c.group_name == group)
        if status:
            query = query.where(_P.c.approval_status == status)
        order = (
            (_P.c.created_at.desc(), _P.c.version.desc())
            if newest_first
            else (_P.c.created_at.asc(), _P.c.version.asc())
        )
        with self.db.reader.connect() as conn:
            rows = conn.execute(query.order_by(*order)).all()
        return [r.describe for r in rows]

    def modify_package(self, ref: str, edit: PackageEdit) -> dict[str, Any]:
        """Change a package's document with ``edit``, reading and writing in one transaction.

        ``edit`` gets a copy of the stored document and returns the new one with the
        approval change to record, if any. The package's row stays locked meanwhile, so
        concurrent edits apply one after the other and none is lost.

        Raises:
            NotFound: naming the reference.
        """
        with self.db.writer.begin() as conn:
            row = conn.execute(_package_query(ref).with_for_update()).first()
            if row is None:
                raise missing_package(ref)
            document, change = edit(dict(row.describe))
            conn.execute(
                _P.update()
                .where(_P.c.arn == row.arn)
                .values(
                    describe=document,
                    approval_status=str(document["ModelApprovalStatus"]),
                    last_modified_at=datetime.now(UTC),
                )
            )
            if change is not None:
                conn.execute(
                    _A.insert().values(
                        package_arn=change.package_arn,
                        status=change.status,
                        previous_status=change.previous_status,
                        changed_by=change.changed_by,
                        reason=change.reason,
                        at=change.at,
                    )
                )
        return document

    def history(self, arn: str) -> list[ApprovalChange]:
        """Approval changes of a package, oldest first."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(
                select(_A).where(_A.c.package_arn == arn).order_by(_A.c.at, _A.c.id)
            ).all()
        return [
            ApprovalChange(r.package_arn, r.status, r.previous_status, r.changed_by, r.reason, r.at)
            for r in rows
        ]


def _package_query(ref: str) -> Select[Any]:
    """Select a package by ARN, or by ``group/version``."""
    group, _, version = ref.rpartition("/")
    query = select(_P.c.arn, _P.c.describe)
    if group and version.isdigit() and not ref.startswith("arn:"):
        return query.where(_P.c.group_name == group, _P.c.version == int(version))
    return query.where(_P.c.arn == ref)
