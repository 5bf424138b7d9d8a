"""The errors the metadata stores raise, worded once so every backend says the same thing."""

from __future__ import annotations

from datetime import datetime

from dagmaker.errors import Conflict, NotFound
from dagmaker.records.endpoints import EndpointNotFound, EndpointStatus
from dagmaker.records.lambdas import CREATE_HINT


def missing_job(name: str, kind: str | None) -> NotFound:
    """No job has this name or ARN (of this kind, when one is given)."""
    what = f"{kind.lower()} job" if kind else "job"
    return NotFound(f"{what} {name!r} does not exist", hint="List jobs with `dagmaker jobs list`.")


def missing_token(token: str) -> NotFound:
    """A callback token that was never issued."""
    return NotFound(
        f"callback token {token!r} does not exist",
        hint="Use the token from the step's queue message "
        "(`dagmaker callback receive QUEUE`) or from the step's Metadata.Callback.",
    )


def token_answered(token: str, status: str, answered_at: datetime | None, step: str) -> Conflict:
    """A second answer to a callback token."""
    return Conflict(
        f"callback token {token!r} was already answered ({status}) at "
        f"{answered_at:%Y-%m-%d %H:%M:%S} UTC; a token takes one answer",
        step=step,
    )


def function_exists(name: str) -> Conflict:
    """A Lambda function of this name is registered already."""
    return Conflict(
        f"function {name!r} already exists",
        hint="Change it with update_function_code / update_function_configuration, "
        "or delete it first (`dagmaker lambda delete NAME`).",
    )


def missing_function(name: str) -> NotFound:
    """No Lambda function has this name."""
    return NotFound(f"Lambda function {name!r} does not exist", hint=CREATE_HINT)


def model_exists(name: str) -> Conflict:
    """A model of this name exists already."""
    return Conflict(f"model {name!r} already exists", field="ModelName", value=name)


def missing_model(name: str) -> NotFound:
    """No model has this name or ARN."""
    return NotFound(
        f"model {name!r} does not exist",
        field="ModelName",
        value=name,
        hint="Create it with a ModelStep / Model.create() first.",
    )


def group_exists(name: str) -> Conflict:
    """A model package group of this name exists already."""
    return Conflict(
        f"model package group {name!r} already exists",
        field="ModelPackageGroupName",
        value=name,
    )


def missing_group(name: str) -> NotFound:
    """No model package group has this name or ARN."""
    return NotFound(
        f"model package group {name!r} does not exist",
        field="ModelPackageGroupName",
        value=name,
        hint="List groups with `dagmaker models groups`.",
    )


def group_not_empty(name: str, count: int) -> Conflict:
    """A group still holding packages cannot be deleted."""
    return Conflict(
        f"model package group {name!r} still holds {count} package(s)",
        field="ModelPackageGroupName",
        value=name,
    )


def missing_package(ref: str) -> NotFound:
    """No model package has this ARN (or ``group/version``)."""
    return NotFound(
        f"model package {ref!r} does not exist",
        field="ModelPackageName",
        value=ref,
        hint="List packages with `dagmaker models list`.",
    )


def endpoint_config_exists(name: str, arn: str) -> Conflict:
    """An endpoint configuration of this name (in any case) exists already."""
    return Conflict(
        f'Cannot create already existing endpoint configuration "{arn}".',
        field="EndpointConfigName",
        value=name,
    )


def missing_endpoint_config(name: str) -> EndpointNotFound:
    """No endpoint configuration has this name or ARN."""
    return EndpointNotFound(
        f'Could not find endpoint configuration "{name}".',
        field="EndpointConfigName",
        value=name,
        hint="List them with client.list_endpoint_configs().",
    )


def endpoint_exists(name: str, arn: str) -> Conflict:
    """An endpoint of this name (in any case) exists already."""
    return Conflict(
        f'Cannot create already existing endpoint "{arn}".', field="EndpointName", value=name
    )


def missing_endpoint(name: str) -> EndpointNotFound:
    """No endpoint has this name or ARN."""
    return EndpointNotFound(
        f'Could not find endpoint "{name}".',
        field="EndpointName",
        value=name,
        hint="List endpoints with `dagmaker endpoints list`.",
    )


def endpoint_busy(name: str, arn: str, status: EndpointStatus) -> Conflict:
    """An update asked of an endpoint that is not InService."""
    return Conflict(
        f'Cannot update in-progress endpoint "{arn}" '
        f"(it is {status.value}); wait until it is InService",
        field="EndpointName",
        value=name,
    )
