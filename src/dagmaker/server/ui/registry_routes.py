"""The model registry: groups, their versions, one version's metrics and baselines, approval."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from dagmaker.errors import DagmakerError, InvalidRequest
from dagmaker.server.ui import artifact_views, render
from dagmaker.server.ui.artifact_routes import read
from dagmaker.server.ui.web import Ctx, Gate, Page, Redirect, add

APPROVAL_STATUSES = ("Approved", "Rejected", "PendingManualApproval")
_INLINE_BYTES = 256 << 10


def groups(ctx: Ctx) -> Page:
    """Every model package group with how many versions stand where."""
    listed = ctx.client.list_model_package_groups()
    rows = []
    for group in listed["ModelPackageGroupSummaryList"]:
        versions = ctx.client.list_model_packages(
            ModelPackageGroupName=group["ModelPackageGroupName"]
        )["ModelPackageSummaryList"]
        counts = {
            s: sum(1 for v in versions if v["ModelApprovalStatus"] == s) for s in APPROVAL_STATUSES
        }
        rows.append({"group": group, "counts": counts, "latest": versions[0] if versions else None})
    return Page(
        "models.html",
        {
            "title": "Models",
            "section": "models",
            "rows": rows,
            "api_calls": ["ListModelPackageGroups", "ListModelPackages"],
        },
        listed,
    )


def group(ctx: Ctx) -> Page:
    """One group's versions, newest first."""
    name = ctx.path("group")
    described = ctx.client.describe_model_package_group(ModelPackageGroupName=name)
    versions = ctx.client.list_model_packages(ModelPackageGroupName=name)
    return Page(
        "model_group.html",
        {
            "title": f"Model group {name}",
            "section": "models",
            "breadcrumbs": [("Models", render.url("models")), (name, None)],
            "group": described,
            "versions": versions["ModelPackageSummaryList"],
            "api_calls": ["DescribeModelPackageGroup", "ListModelPackages"],
        },
        {"ModelPackageGroup": described, **versions},
    )


def metric_sources(package: dict[str, Any]) -> list[dict[str, Any]]:
    """Each metrics file a version names: ModelMetrics and DriftCheckBaselines entries."""
    found = []
    for section in ("ModelMetrics", "DriftCheckBaselines"):
        for category, parts in (package.get(section) or {}).items():
            for part, source in (parts or {}).items():
                if isinstance(source, dict) and source.get("S3Uri"):
                    found.append({"Section": section, "Category": category, "Part": part, **source})
    return found


def _inline(ctx: Ctx, source: dict[str, Any]) -> dict[str, Any]:
    """A metrics file's numbers when it is a small JSON document that is not a Monitor file."""
    try:
        found = read(ctx.ui.s3, source["S3Uri"], _INLINE_BYTES)
    except DagmakerError as error:
        return {**source, "Problem": error.message}
    document = found.json()
    kind = artifact_views.kind_of(document) if document is not None else "raw"
    numbers = artifact_views.numeric_leaves(document) if kind == "json" else []
    return {**source, "Kind": kind, "Numbers": numbers[:24], "Size": found.size}


def package(ctx: Ctx) -> Page:
    """One version: approval (with the form and history), metrics, baselines, inference."""
    name, version = ctx.path("group"), ctx.path("version")
    described = ctx.client.describe_model_package(ModelPackageName=f"{name}/{version}")
    history = ctx.client.list_model_package_approvals(ModelPackageName=described["ModelPackageArn"])
    sources = [_inline(ctx, s) for s in metric_sources(described)]
    return Page(
        "model_package.html",
        {
            "title": f"{name} version {version}",
            "section": "models",
            "breadcrumbs": [
                ("Models", render.url("models")),
                (name, render.url("models", name)),
                (f"Version {version}", None),
            ],
            "package": described,
            "history": history["ApprovalHistory"],
            "sources": sources,
            "statuses": APPROVAL_STATUSES,
            "api_calls": [
                "DescribeModelPackage",
                "ListModelPackageApprovals",
                "UpdateModelPackage",
                "S3 GetObject",
            ],
        },
        {"ModelPackage": described, **history},
    )


def approve(ctx: Ctx) -> Redirect:
    """UpdateModelPackage: set the approval status, with the comment as its description.

    Raises:
        InvalidRequest: for a status that is not one of the three.
    """
    name, version = ctx.path("group"), ctx.path("version")
    status = ctx.field("status")
    if status not in APPROVAL_STATUSES:
        raise InvalidRequest(
            f"approval status must be one of {', '.join(APPROVAL_STATUSES)}",
            field="ModelApprovalStatus",
            value=status,
        )
    arn = ctx.client.describe_model_package(ModelPackageName=f"{name}/{version}")["ModelPackageArn"]
    request: dict[str, Any] = {
        "ModelPackageArn": arn,
        "ModelApprovalStatus": status,
        "LastModifiedBy": f"ui:{ctx.session.user}",
    }
    if ctx.field("comment").strip():
        request["ApprovalDescription"] = ctx.field("comment").strip()
    ctx.client.update_model_package(**request)
    return Redirect(render.url("models", name, version), f"Version {version} is now {status}.")


def register(router: APIRouter, gate: Gate) -> None:
    """Add the registry pages."""
    add(router, gate, "/models", groups)
    add(router, gate, "/models/{group}", group)
    add(router, gate, "/models/{group}/{version}", package)
    add(router, gate, "/models/{group}/{version}/approval", approve, methods=("POST",))
