"""dagmaker's errors as the AWS error codes each protocol answers with: the one mapping.

SageMaker (JSON): the code each operation declares in the model when there is one
(``ResourceNotFound``, ``ResourceInUse``, ``ConflictException``), else what the service
says in that case (``ValidationException``; e.g. ``CreatePipeline`` for a name in use
answers ValidationException "... already exists", which ``Pipeline.upsert()`` relies on).
S3 (XML): ``NoSuchKey``, ``NoSuchBucket``, ``NoSuchUpload``, ``InvalidArgument``, ...
Authentication failures: each protocol's own codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from botocore.model import OperationModel

from dagmaker.errors import Conflict, DagmakerError, InternalError, NotFound
from dagmaker.server.service_models import declared_errors


@dataclass(frozen=True)
class WireError(Exception):
    """An error response: HTTP status, AWS error code and message."""

    status: int
    code: str
    message: str


class AuthProblem(Enum):
    """Why a request's signature was refused."""

    MISSING = "missing"
    UNKNOWN_KEY = "unknown-key"
    BAD_SIGNATURE = "bad-signature"
    EXPIRED = "expired"
    MALFORMED = "malformed"


class AuthFailure(Exception):
    """A request without a valid AWS Signature V4 made with the server's credentials."""

    def __init__(self, problem: AuthProblem, detail: str = "") -> None:
        super().__init__(detail or problem.value)
        self.problem = problem
        self.detail = detail


def service_error(error: DagmakerError, op: OperationModel) -> WireError:
    """A JSON-protocol service's answer to ``error`` raised by operation ``op``."""
    message = wire_message(error)
    if isinstance(error, InternalError):
        return WireError(500, "InternalFailure", message)
    declared = declared_errors(op)
    if isinstance(error, NotFound):
        for code in ("ResourceNotFound", "ResourceNotFoundException"):
            if code in declared:
                return WireError(400, code, message)
    if isinstance(error, Conflict):
        return WireError(400, _conflict_code(op, declared, message), message)
    return WireError(400, "ValidationException", message)


def wire_message(error: DagmakerError) -> str:
    """The error's text for a response: what, where (step or field) and what to do."""
    if error.step or error.field:
        return f"{error.location}: {error.details()}"
    return error.details()


def _conflict_code(op: OperationModel, declared: frozenset[str], message: str) -> str:
    if "ResourceInUse" in declared:
        return "ResourceInUse"
    if op.name.startswith("Create") and "already exists" in message:
        return "ValidationException"
    if "ConflictException" in declared:
        return "ConflictException"
    return "ValidationException"


def unexpected() -> WireError:
    """Any other exception: the server failed, not the caller."""
    return WireError(500, "InternalFailure", "dagmaker server failed; see its log")


_JSON_AUTH = {
    AuthProblem.MISSING: (
        403,
        "MissingAuthenticationTokenException",
        "Missing Authentication Token",
    ),
    AuthProblem.UNKNOWN_KEY: (
        403,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    ),
    AuthProblem.BAD_SIGNATURE: (
        403,
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. "
        "Check your AWS Secret Access Key and signing method.",
    ),
    AuthProblem.EXPIRED: (403, "InvalidSignatureException", "Signature expired"),
    AuthProblem.MALFORMED: (400, "IncompleteSignatureException", "Malformed signature"),
}
_S3_AUTH = {
    AuthProblem.MISSING: (403, "AccessDenied", "Access Denied"),
    AuthProblem.UNKNOWN_KEY: (
        403,
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
    ),
    AuthProblem.BAD_SIGNATURE: (
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. "
        "Check your key and signing method.",
    ),
    AuthProblem.EXPIRED: (403, "AccessDenied", "Request has expired"),
    AuthProblem.MALFORMED: (400, "AuthorizationHeaderMalformed", "Malformed authorization"),
}
_STS_AUTH = {
    **_JSON_AUTH,
    AuthProblem.MISSING: (
        403,
        "MissingAuthenticationToken",
        "Request is missing Authentication Token",
    ),
    AuthProblem.UNKNOWN_KEY: (
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    ),
    AuthProblem.BAD_SIGNATURE: _S3_AUTH[AuthProblem.BAD_SIGNATURE],
}


def auth_error(failure: AuthFailure, protocol: str) -> WireError:
    """The answer of protocol ``json``, ``s3`` or ``sts`` to a refused signature."""
    table = {"s3": _S3_AUTH, "sts": _STS_AUTH}.get(protocol, _JSON_AUTH)
    status, code, message = table[failure.problem]
    if failure.detail:
        message = f"{message} ({failure.detail})"
    return WireError(status, code, message)
