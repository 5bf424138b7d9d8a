"""SageMaker Runtime's ``InvokeEndpoint`` (``POST /endpoints/<name>/invocations``).

The request's header members are read by the model's input shape and handed, with the
body, to the ``invoke_endpoint`` method of the runtime client; the answer's payload and
header members go back the same way.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response

from dagmaker.errors import DagmakerError, InternalError, ModelError
from dagmaker.server import wire_input
from dagmaker.server.error_codes import WireError
from dagmaker.server.service_models import operation

_PATH = re.compile(r"^/endpoints/(?P<name>[^/]+)/invocations$")
_MULTIPART_QUERY = ("uploads", "uploadId", "delete")


def is_invocation(request: Request) -> bool:
    """Whether the request is InvokeEndpoint (and not an S3 POST that looks alike)."""
    if request.method != "POST" or not _PATH.match(request.url.path):
        return False
    return not any(name in request.query_params for name in _MULTIPART_QUERY)


def invoke(runtime: Any, request: Request, body: bytes) -> Response:
    """Call ``runtime.invoke_endpoint`` and answer as SageMaker Runtime does."""
    op = operation("sagemaker-runtime", "InvokeEndpoint")
    assert op is not None
    method = getattr(runtime, "invoke_endpoint", None)
    if method is None:
        return error_response(WireError(501, "NotImplemented", "this server has no endpoints yet"))
    match = _PATH.match(request.url.path)
    assert match is not None
    document: dict[str, Any] = {"EndpointName": unquote(match["name"]), "Body": ""}
    for name, member in op.input_shape.members.items():
        where = member.serialization
        if where.get("location") == "header" and where["name"].lower() in request.headers:
            document[name] = request.headers[where["name"].lower()]
    params, problems = wire_input.read(op.input_shape, document)
    if problems:
        return error_response(
            WireError(400, "ValidationError", wire_input.validation_message(problems))
        )
    params["Body"] = body
    try:
        result = method(**params)
    except ModelError as error:
        return _model_error(error)
    except InternalError as error:
        return error_response(WireError(500, "InternalFailure", error.message))
    except DagmakerError as error:
        return error_response(WireError(400, "ValidationError", error.message))
    return _answer(op.output_shape.members, result)


def _answer(members: Any, result: dict[str, Any]) -> Response:
    payload = result.get("Body", b"")
    if hasattr(payload, "read"):
        payload = payload.read()
    headers = {"x-amzn-RequestId": str(uuid.uuid4())}
    for name, member in members.items():
        where = member.serialization
        if where.get("location") == "header" and result.get(name) is not None:
            headers[where["name"]] = str(result[name])
    return Response(payload, headers=headers)


def _model_error(error: ModelError) -> Response:
    # SageMaker Runtime's ModelError: status 424, the container's own status and message.
    document = {
        "message": error.message,
        "OriginalStatusCode": error.original_status_code,
        "OriginalMessage": error.original_message,
        "LogStreamArn": error.log_stream_arn,
    }
    return Response(
        json.dumps(document),
        status_code=424,
        media_type="application/json",
        headers={"x-amzn-ErrorType": "ModelError", "x-amzn-RequestId": str(uuid.uuid4())},
    )


def error_response(error: WireError) -> Response:
    """A rest-json error, as SageMaker Runtime sends."""
    return Response(
        json.dumps({"message": error.message}),
        status_code=error.status,
        media_type="application/json",
        headers={"x-amzn-ErrorType": error.code, "x-amzn-RequestId": str(uuid.uuid4())},
    )
