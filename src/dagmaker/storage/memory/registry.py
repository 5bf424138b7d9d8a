"""The model registry in memory, for tests and dry runs."""

from __future__ import annotations

import dataclasses
import itertools
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dagmaker.records.registry import ApprovalChange, PackageBuild, PackageEdit
from dagmaker.storage.memory.rows import document, now, utc
from dagmaker.storage.problems import (
    group_exists,
    group_not_empty,
    missing_group,
    missing_package,
)


@dataclass(frozen=True)
class _Package:
    number: int
    arn: str
    group: str
    version: int
    describe: Any
    created_at: datetime
    client_token: str = ""

    @property
    def status(self) -> str:
        return str(self.describe["ModelApprovalStatus"])


class InMemoryRegistryStore:
    """Groups, packages and approval history in dicts; behaving like ``RegistryRepository``.

    One lock serialises every change, so concurrent registrations in a group get
    consecutive versions and concurrent edits of a package apply one after the other.
    """

    def __init__(self) -> None:
        self._groups: dict[str, tuple[int, dict[str, Any]]] = {}
        self._packages: dict[str, _Package] = {}
        self._history: list[ApprovalChange] = []
        self._order = itertools.count()
        self._lock = threading.RLock()

    # -- groups ---------------------------------------------------------------------------

    def create_group(
        self, name: str, arn: str, description: str = "", *, exist_ok: bool = False
    ) -> dict[str, Any]:
        """Create a model package group (``exist_ok``: return the existing one).

        Raises:
            Conflict: when the group exists and ``exist_ok`` is false.
        """
        with self._lock:
            if name in self._groups:
                if not exist_ok:
                    raise group_exists(name)
            else:
                row = {"name": name, "arn": arn, "description": description, "created_at": now()}
                self._groups[name] = next(self._order), row
            return self.group(name)

    def group(self, name: str) -> dict[str, Any]:
        """A group as a row dict (by name or ARN).

        Raises:
            NotFound: naming the group.
        """
        with self._lock:
            for _, row in self._groups.values():
                if name in (row["name"], row["arn"]):
                    return dict(row)
        raise missing_group(name)

    def groups(self) -> list[dict[str, Any]]:
        """Every group, newest first."""
        with self._lock:
            rows = sorted(self._groups.values(), key=lambda item: (item[1]["created_at"], item[0]))
        return [dict(row) for _, row in reversed(rows)]

    def delete_group(self, name: str) -> None:
        """Delete an empty group (by name or ARN).

        Raises:
            NotFound: naming the group.
            Conflict: when it still holds packages.
        """
        with self._lock:
            found = self.group(name)["name"]
            count = sum(1 for p in self._packages.values() if p.group == found)
            if count:
                raise group_not_empty(found, count)
            del self._groups[found]

    # -- packages -------------------------------------------------------------------------

    def add_package(
        self, group: str, build: PackageBuild, approval: str, by: str, client_token: str = ""
    ) -> dict[str, Any]:
        """Insert the next version of ``group``; ``build(version)`` makes the document.

        A package of the group registered earlier with the same ``client_token`` is
        returned instead of a new one.

        Raises:
            NotFound: when the group does not exist.
        """
        at = now()
        with self._lock:
            if group not in self._groups:
                raise missing_group(group)
            for earlier in self._packages.values():
                if client_token and (earlier.group, earlier.client_token) == (group, client_token):
                    registered: dict[str, Any] = document(earlier.describe)
                    return registered
            versions = [p.version for p in self._packages.values() if p.group == group]
            version = max(versions, default=0) + 1
            built = build(version)
            kept = document(built)
            arn = str(kept["ModelPackageArn"])
            self._packages[arn] = _Package(
                next(self._order), arn, group, version, kept, at, client_token
            )
            self._history.append(ApprovalChange(arn, approval, "", by, "registered", at))
        return built

    def package(self, ref: str) -> dict[str, Any]:
        """A package's DescribeModelPackage document, by ARN or ``group/version``.

        Raises:
            NotFound: naming the reference.
        """
        with self._lock:
            found: dict[str, Any] = document(self._find(ref).describe)
        return found

    def packages(
        self, group: str | None = None, status: str | None = None, newest_first: bool = True
    ) -> list[dict[str, Any]]:
        """Package documents, optionally of one group and one approval status."""
        with self._lock:
            chosen = [
                p
                for p in self._packages.values()
                if (not group or p.group == group) and (not status or p.status == status)
            ]
            chosen.sort(key=lambda p: (p.created_at, p.version, p.number), reverse=newest_first)
            return [document(p.describe) for p in chosen]

    def modify_package(self, ref: str, edit: PackageEdit) -> dict[str, Any]:
        """Change a package's document with ``edit``, one edit at a time.

        Raises:
            NotFound: naming the reference.
        """
        with self._lock:
            found = self._find(ref)
            edited, change = edit(document(found.describe))
            self._packages[found.arn] = dataclasses.replace(found, describe=document(edited))
            if change is not None:
                self._history.append(dataclasses.replace(change, at=utc(change.at)))
        return edited

    def history(self, arn: str) -> list[ApprovalChange]:
        """Approval changes of a package, oldest first."""
        with self._lock:
            changes = [c for c in self._history if c.package_arn == arn]
        # A stable sort: changes made at one instant stay in the order they were made.
        return sorted(changes, key=lambda c: c.at)

    def _find(self, ref: str) -> _Package:
        group, _, version = ref.rpartition("/")
        by_version = bool(group) and version.isdigit() and not ref.startswith("arn:")
        for package in self._packages.values():
            if (by_version and (package.group, package.version) == (group, int(version))) or (
                not by_version and package.arn == ref
            ):
                return package
        raise missing_package(ref)
