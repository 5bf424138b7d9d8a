"""SageMaker's own protocol (JSON 1.1, ``X-Amz-Target: SageMaker.<Operation>``) over the client.

Other services on the same protocol (CloudWatch Logs) are answered the same way.

Each operation is looked up in botocore's SageMaker model, its request read and checked
by the input shape, answered by the client method of the same (boto3) name, and the
result shaped by the output shape. dagmaker's own operations (job logs, callback queues,
approval history, image mappings, step details, waiting callbacks) travel the same way
under ``Dagmaker.<Operation>``.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from botocore import xform_name
from botocore.model import OperationModel
from starlette.responses import Response

from dagmaker.api.extensions import EXTENSIONS as WIRE_EXTENSIONS
from dagmaker.errors import DagmakerError
from dagmaker.server import paging, wire_input, wire_output
from dagmaker.server.error_codes import WireError, service_error, unexpected, wire_message
from dagmaker.server.service_models import operation

SAGEMAKER_PREFIX = "SageMaker."
DAGMAKER_PREFIX = "Dagmaker."
CONTENT_TYPE = "application/x-amz-json-1.1"
EXTENSIONS = frozenset(WIRE_EXTENSIONS.values())
_log = logging.getLogger("dagmaker.server")


@dataclass(frozen=True)
class JsonService:
    """One AWS service answered in the JSON 1.1 protocol.

    Attributes:
        model: botocore's name of the service model (``sagemaker``, ``logs``).
        prefix: The ``X-Amz-Target`` prefix of its operations (``SageMaker.``).
        handler: The object whose boto3-named methods answer the operations.
    """

    model: str
    prefix: str
    handler: Any


class SageMakerProtocol:
    """Answers JSON 1.1 requests with clients that have boto3's method names.

    Args:
        client: A ``LocalSageMakerClient`` (or anything with the same methods); it answers
            SageMaker's operations and dagmaker's own (``Dagmaker.<Operation>``).
        others: Further services on the same protocol (CloudWatch Logs over job logs).
    """

    def __init__(self, client: Any, others: tuple[JsonService, ...] = ()) -> None:
        self.client = client
        self.services = (JsonService("sagemaker", SAGEMAKER_PREFIX, client), *others)

    def handle(self, target: str, body: bytes) -> Response:
        """Answer one request; every failure becomes an error response."""
        try:
            document = _parse(body)
            if target.startswith(DAGMAKER_PREFIX):
                return self._extension(target.removeprefix(DAGMAKER_PREFIX), document)
            for service in self.services:
                if target.startswith(service.prefix):
                    return self._answer(service, target.removeprefix(service.prefix), document)
            raise WireError(400, "UnknownOperationException", f"Unknown operation {target!r}")
        except WireError as error:
            return error_response(error)

    def _answer(self, service: JsonService, name: str, document: Any) -> Response:
        op = operation(service.model, name)
        if op is None:
            raise WireError(400, "UnknownOperationException", f"Unknown operation {name!r}")
        method = getattr(service.handler, xform_name(op.name), None)
        if method is None:
            _log.warning("%s %s was called; dagmaker does not implement it", service.model, op.name)
            raise WireError(
                501,
                "NotImplemented",
                f"dagmaker does not implement {service.prefix}{op.name} yet "
                "(docs/real-sdk.md lists what is supported)",
            )
        try:
            params, problems = wire_input.read(op.input_shape, document)
        except wire_input.WireTypeError as exc:
            raise WireError(400, "SerializationException", str(exc)) from None
        if problems:
            raise WireError(400, "ValidationException", wire_input.validation_message(problems))
        member = paging.pageable(op)
        if member is not None:
            result = _call(lambda **p: paging.answer(op, member, method, p), params, op)
        else:
            result = _call(method, params, op)
        return json_response(wire_output.write(op.output_shape, result or {}))

    def _extension(self, name: str, document: Any) -> Response:
        if name not in EXTENSIONS or not isinstance(document, dict):
            raise WireError(400, "UnknownOperationException", f"Unknown operation {name!r}")
        method = getattr(self.client, xform_name(name), None)
        if method is None:
            raise WireError(501, "NotImplemented", f"this server has no {name}")
        try:
            result = method(**document)
        except TypeError as exc:
            raise WireError(400, "ValidationException", f"{name}: {exc}") from None
        except DagmakerError as error:
            raise _plain_error(error) from None
        return json_response(result or {})


def _parse(body: bytes) -> Any:
    try:
        return json.loads(body or b"{}")
    except ValueError:
        raise WireError(400, "SerializationException", "The request body is not JSON") from None


def _call(method: Any, params: dict[str, Any], op: OperationModel) -> Any:
    try:
        return method(**params)
    except DagmakerError as error:
        raise service_error(error, op) from None
    except WireError:
        raise
    except Exception:
        _log.exception("%s failed", op.name)
        raise unexpected() from None


def _plain_error(error: DagmakerError) -> WireError:
    status = 500 if error.code == "InternalFailure" else 400
    return WireError(status, error.code, wire_message(error))


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"cannot send {type(value).__name__}")


def json_response(document: Any, status: int = 200) -> Response:
    """A JSON 1.1 response with a request id, as SageMaker sends."""
    body = json.dumps(document, default=_default, separators=(",", ":"))
    return Response(
        body,
        status_code=status,
        media_type=CONTENT_TYPE,
        headers={"x-amzn-RequestId": str(uuid.uuid4())},
    )


def error_response(error: WireError) -> Response:
    """A JSON 1.1 error: ``__type`` and ``message``, as botocore parses them."""
    response = json_response({"__type": error.code, "message": error.message}, error.status)
    response.headers["x-amzn-ErrorType"] = error.code
    return response
