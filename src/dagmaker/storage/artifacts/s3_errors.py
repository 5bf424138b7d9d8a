"""botocore's exceptions turned into dagmaker's errors, naming the URI and the service."""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import Any, TypeVar

from dagmaker.errors import DagmakerError, InternalError, InvalidRequest
from dagmaker.storage.artifacts.problems import missing_object

MISSING_KEY = frozenset({"NoSuchKey", "404", "NotFound"})
MISSING_BUCKET = frozenset({"NoSuchBucket"})
_REFUSED = frozenset(
    {
        "AccessDenied",
        "403",
        "Forbidden",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "ExpiredToken",
        "InvalidToken",
    }
)
T = TypeVar("T")
_CREDENTIALS_HINT = (
    "Check the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) and "
    "that they may use this bucket."
)


def error_code(error: BaseException) -> str:
    """The S3 error code of a botocore ClientError ("" for anything else)."""
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return ""
    return str(response.get("Error", {}).get("Code", ""))


def translate(error: Exception, uri: str, where: str) -> DagmakerError:
    """The dagmaker error for a failed request about ``uri`` to the service ``where``."""
    from botocore.exceptions import (
        ClientError,
        EndpointConnectionError,
        NoCredentialsError,
        PartialCredentialsError,
    )

    if isinstance(error, ClientError):
        code = error_code(error)
        if code in MISSING_KEY | MISSING_BUCKET:
            return missing_object(uri)
        message = error.response.get("Error", {}).get("Message") or code
        if code in _REFUSED:
            return InvalidRequest(
                f"{where} refused access ({code}): {message}",
                field="S3Uri",
                value=uri,
                hint=_CREDENTIALS_HINT,
            )
        return InternalError(f"{where} answered {code}: {message}", field="S3Uri", value=uri)
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return InvalidRequest(
            f"no usable AWS credentials for {where}: {error}", field="S3Uri", hint=_CREDENTIALS_HINT
        )
    if isinstance(error, EndpointConnectionError):
        return InvalidRequest(
            f"cannot reach {where}: {error}",
            field="DAGMAKER_S3_ENDPOINT_URL",
            value=where,
            hint="Start the S3 service, or correct DAGMAKER_S3_ENDPOINT_URL.",
        )
    return InternalError(f"the request to {where} failed: {error}", field="S3Uri", value=uri)


ABSENT: Any = object()  # what ``request`` returns for an error code the caller tolerates


def request(
    uri: str, where: str, action: Callable[[], T], absent: Set[str] = frozenset()
) -> T | Any:
    """Run one S3 call; ``ABSENT`` for an error code in ``absent``, else dagmaker's error.

    Raises:
        DagmakerError: NotFound for a missing key or bucket, InvalidRequest for refused
            access, missing credentials or an unreachable endpoint, InternalError otherwise.
    """
    from botocore.exceptions import BotoCoreError, ClientError
    from s3transfer.exceptions import RetriesExceededError

    try:
        return action()
    except (ClientError, BotoCoreError, RetriesExceededError) as exc:
        if error_code(exc) in absent:
            return ABSENT
        raise translate(exc, uri, where) from exc
