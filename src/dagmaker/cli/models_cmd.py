"""``dagmaker models …``: the model registry."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console, print_json, styled, table, when

app = typer.Typer(
    add_completion=False, help="Model registry: groups, packages, approval.", no_args_is_help=True
)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the API document")]
STATUS_STYLE = {"Approved": "green", "Rejected": "red", "PendingManualApproval": "yellow"}


def _status(value: str) -> str:
    style = STATUS_STYLE.get(value, "")
    return f"[{style}]{value}[/{style}]" if style else styled(value)


@app.command("groups")
@guarded
def groups(json_output: JsonFlag = False) -> None:
    """List model package groups."""
    document = context.client().list_model_package_groups()
    if json_output:
        print_json(document)
        return
    rows = [
        [g["ModelPackageGroupName"], when(g["CreationTime"]), g["ModelPackageGroupDescription"]]
        for g in document["ModelPackageGroupSummaryList"]
    ]
    console.print(table("Model package groups", ["group", "created", "description"], rows))


@app.command("list")
@guarded
def list_packages(
    group: Annotated[str | None, typer.Option(help="Only this group")] = None,
    status: Annotated[
        str | None, typer.Option(help="Approved, Rejected, PendingManualApproval")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """List model packages, newest first."""
    kwargs = {
        k: v
        for k, v in (("ModelPackageGroupName", group), ("ModelApprovalStatus", status))
        if v is not None
    }
    document = context.client().list_model_packages(**kwargs)
    if json_output:
        print_json(document)
        return
    rows = [
        [
            p["ModelPackageGroupName"],
            str(p["ModelPackageVersion"]),
            _status(p["ModelApprovalStatus"]),
            when(p["CreationTime"]),
            p["ModelPackageArn"],
        ]
        for p in document["ModelPackageSummaryList"]
    ]
    console.print(table("Model packages", ["group", "version", "approval", "created", "arn"], rows))


@app.command("describe")
@guarded
def describe(
    package: Annotated[str, typer.Argument(help="ARN or GROUP/VERSION")],
    json_output: JsonFlag = False,
) -> None:
    """A package's document and its approval history."""
    client = context.client()
    document = client.describe_model_package(ModelPackageName=package)
    history = client.list_model_package_approvals(package)["ApprovalHistory"]
    if json_output:
        print_json({**document, "ApprovalHistory": history})
        return
    for key in (
        "ModelPackageArn",
        "ModelPackageGroupName",
        "ModelPackageVersion",
        "ModelApprovalStatus",
        "CreationTime",
        "ModelPackageDescription",
    ):
        console.print(f"{key}: {when(document.get(key))}", markup=False)
    for container in document.get("InferenceSpecification", {}).get("Containers", []):
        console.print(
            f"Container: {container.get('Image')} {container.get('ModelDataUrl', '')}", markup=False
        )
    if document.get("ModelMetrics"):
        console.print(f"ModelMetrics: {sorted(document['ModelMetrics'])}", markup=False)
    rows = [
        [
            when(h["Time"]),
            h.get("PreviousStatus") or "",
            _status(h["ModelApprovalStatus"]),
            h["ChangedBy"],
            h["Reason"],
        ]
        for h in history
    ]
    console.print(table("Approval history", ["when", "from", "to", "by", "why"], rows))


def _set_status(package: str, status: str, reason: str, by: str | None) -> None:
    client = context.client()
    arn = client.describe_model_package(ModelPackageName=package)["ModelPackageArn"]
    client.update_model_package(
        ModelPackageArn=arn,
        ModelApprovalStatus=status,
        ApprovalDescription=reason,
        LastModifiedBy=by or getpass.getuser(),
    )
    console.print(f"{arn}: {status}", markup=False)


@app.command("approve")
@guarded
def approve(
    package: str,
    reason: Annotated[str, typer.Option(help="Why (kept in the history)")] = "",
    by: Annotated[str | None, typer.Option(help="Who (default: your user)")] = None,
) -> None:
    """Approve a model package."""
    _set_status(package, "Approved", reason, by)


@app.command("reject")
@guarded
def reject(
    package: str,
    reason: Annotated[str, typer.Option(help="Why (kept in the history)")] = "",
    by: Annotated[str | None, typer.Option(help="Who (default: your user)")] = None,
) -> None:
    """Reject a model package."""
    _set_status(package, "Rejected", reason, by)


@app.command("latest")
@guarded
def latest(group: str, json_output: JsonFlag = False) -> None:
    """The latest approved package of a group."""
    client = context.client()
    client.describe_model_package_group(ModelPackageGroupName=group)
    listed = client.list_model_packages(
        ModelPackageGroupName=group, ModelApprovalStatus="Approved", SortOrder="Descending"
    )["ModelPackageSummaryList"]
    if not listed:
        console.print(f"no approved package in {group}", markup=False)
        raise typer.Exit(1)
    document = client.describe_model_package(ModelPackageName=listed[0]["ModelPackageArn"])
    if json_output:
        print_json(document)
    else:
        console.print(document["ModelPackageArn"], markup=False)
