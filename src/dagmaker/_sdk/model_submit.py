"""Send a ``CreateModelPackage`` request, creating its model package group first if needed.

SageMaker's SDK does the same: registering into a group name that does not exist yet
creates the group.
"""

from __future__ import annotations

from typing import Any

from dagmaker.errors import InternalError, NotFound

_MISSING_CODES = ("ResourceNotFound", "ResourceNotFoundException", "ValidationException")


def submit_model_package(client: Any, request: dict[str, Any]) -> str:
    """Create the model package; returns its ARN.

    Raises:
        InternalError: when the API answers without an ARN.
    """
    group = request.get("ModelPackageGroupName")
    if isinstance(group, str) and not group.startswith("arn:"):
        ensure_model_package_group(client, group)
    response = client.create_model_package(**request)
    arn = response.get("ModelPackageArn") if isinstance(response, dict) else None
    if not isinstance(arn, str):
        raise InternalError(
            f"create_model_package answered without a ModelPackageArn: {response!r}"
        )
    return arn


def ensure_model_package_group(client: Any, group: str) -> None:
    """Create model package group ``group`` unless it exists."""
    try:
        client.describe_model_package_group(ModelPackageGroupName=group)
    except NotFound:
        client.create_model_package_group(ModelPackageGroupName=group)
    except Exception as error:  # a boto3 client reports a missing group as a ClientError
        if _error_code(error) not in _MISSING_CODES:
            raise
        client.create_model_package_group(ModelPackageGroupName=group)


def _error_code(error: Exception) -> str | None:
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return None
    code = response.get("Error", {}).get("Code")
    return code if isinstance(code, str) else None
