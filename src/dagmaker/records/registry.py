"""Model registry records: a change of a package's approval, and how edits report one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ApprovalChange:
    """One change of a package's approval status.

    Attributes:
        package_arn: The package whose status changed.
        status: The new status (``Approved``, ``Rejected``, ``PendingManualApproval``).
        previous_status: The status before ("" for the registration itself).
        changed_by: Who changed it.
        reason: Why (the approval description, or ``registered``).
        at: When.
    """

    package_arn: str
    status: str
    previous_status: str
    changed_by: str
    reason: str
    at: datetime


PackageEdit = Callable[[dict[str, Any]], tuple[dict[str, Any], ApprovalChange | None]]
"""Gets a copy of a package's document; returns the new one and the approval change, if any."""

PackageBuild = Callable[[int], dict[str, Any]]
"""Makes a new package's DescribeModelPackage document from its version number."""
