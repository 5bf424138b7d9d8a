"""Registering model packages and changing their approval (CreateModelPackage & co)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker._lib import naming
from dagmaker.errors import InvalidRequest
from dagmaker.records.registry import ApprovalChange
from dagmaker.storage.ports import RegistryStore

APPROVAL_STATUSES = ("Approved", "Rejected", "PendingManualApproval")
DEFAULT_APPROVAL = "PendingManualApproval"
_TOKEN_LENGTH = 36
# Request fields copied as they are into DescribeModelPackage.
_COPIED = (
    "InferenceSpecification",
    "ModelMetrics",
    "DriftCheckBaselines",
    "MetadataProperties",
    "CustomerMetadataProperties",
    "Domain",
    "Task",
    "SamplePayloadUrl",
    "SkipModelValidation",
    "SourceUri",
    "ModelCard",
    "ModelLifeCycle",
    "AdditionalInferenceSpecifications",
    "SourceAlgorithmSpecification",
    "ValidationSpecification",
    "CertifyForMarketplace",
)


def group_arn(name: str) -> str:
    """ARN of a model package group."""
    return naming.arn(f"model-package-group/{name.lower()}")


def package_arn(group: str, version: int) -> str:
    """ARN of a versioned model package."""
    return naming.arn(f"model-package/{group.lower()}/{version}")


def check_status(status: str, field: str = "ModelApprovalStatus") -> str:
    """Validate an approval status.

    Raises:
        InvalidRequest: naming the valid values.
    """
    if status not in APPROVAL_STATUSES:
        raise InvalidRequest(
            f"{status!r} is not an approval status; use one of {', '.join(APPROVAL_STATUSES)}",
            field=field,
            value=status,
        )
    return status


def register(repo: RegistryStore, request: dict[str, Any], by: str = "") -> dict[str, Any]:
    """Create the next version in the request's group (creating the group if needed).

    With a ``ClientToken`` the call is idempotent: the package registered earlier with
    that token is returned.

    Raises:
        InvalidRequest: without ModelPackageGroupName or with a bad approval status.
    """
    group = request.get("ModelPackageGroupName")
    if not isinstance(group, str) or not group:
        raise InvalidRequest(
            "ModelPackageGroupName is required: dagmaker keeps versioned model packages",
            field="ModelPackageGroupName",
        )
    status = check_status(str(request.get("ModelApprovalStatus") or DEFAULT_APPROVAL))
    repo.create_group(group, group_arn(group), exist_ok=True)
    now = datetime.now(UTC).isoformat()

    def build(version: int) -> dict[str, Any]:
        document = {
            "ModelPackageName": group,
            "ModelPackageGroupName": group,
            "ModelPackageVersion": version,
            "ModelPackageArn": package_arn(group, version),
            "ModelPackageDescription": request.get("ModelPackageDescription", ""),
            "CreationTime": now,
            "LastModifiedTime": now,
            "ModelPackageStatus": "Completed",
            "ModelPackageStatusDetails": {"ValidationStatuses": [], "ImageScanStatuses": []},
            "ModelApprovalStatus": status,
        }
        document.update({k: request[k] for k in _COPIED if k in request})
        return document

    token = str(request.get("ClientToken") or "")
    if len(token) > _TOKEN_LENGTH:
        raise InvalidRequest(
            f"ClientToken is at most {_TOKEN_LENGTH} characters long",
            field="ClientToken",
            value=token,
        )
    return repo.add_package(group, build, status, by, client_token=token)


def update(
    repo: RegistryStore,
    ref: str,
    *,
    status: str | None = None,
    description: str | None = None,
    by: str = "",
    metadata: dict[str, str] | None = None,
    metadata_to_remove: list[str] | None = None,
) -> dict[str, Any]:
    """UpdateModelPackage: approval status (with history), approval note, metadata."""
    if status is not None:
        check_status(status)

    def edit(document: dict[str, Any]) -> tuple[dict[str, Any], ApprovalChange | None]:
        previous = str(document["ModelApprovalStatus"])
        change = None
        now = datetime.now(UTC)
        if status is not None:
            document["ModelApprovalStatus"] = status
            change = ApprovalChange(
                document["ModelPackageArn"], status, previous, by, description or "", now
            )
        if description is not None:
            document["ApprovalDescription"] = description
        if metadata or metadata_to_remove:
            current = dict(document.get("CustomerMetadataProperties") or {})
            current.update(metadata or {})
            for key in metadata_to_remove or []:
                current.pop(key, None)
            document["CustomerMetadataProperties"] = current
        document["LastModifiedTime"] = now.isoformat()
        if by:
            document["LastModifiedBy"] = {"UserProfileName": by}
        return document, change

    return repo.modify_package(ref, edit)


def latest_approved(repo: RegistryStore, group: str) -> dict[str, Any] | None:
    """The newest Approved package of a group, or None."""
    found = repo.packages(group, "Approved")
    return max(found, key=lambda d: int(d["ModelPackageVersion"])) if found else None
