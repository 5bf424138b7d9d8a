"""S3's REST protocol over the local artifact store: routing, streaming, responses, errors.

Requests are read by the botocore S3 model's input shapes and answered by its output
shapes (header members as headers, the rest as XML, a streaming payload as a body);
object bodies stream both ways and are never held whole in memory.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any
from xml.etree import ElementTree as ET

from botocore import xform_name
from botocore.model import OperationModel, StructureShape
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from dagmaker.errors import DagmakerError
from dagmaker.server import s3_input, s3_routes, xml_out
from dagmaker.server.access import Access
from dagmaker.server.error_codes import AuthFailure, WireError, auth_error
from dagmaker.server.s3_handlers import S3Handlers
from dagmaker.server.s3_objects import Objects
from dagmaker.server.s3_reading import FileRange
from dagmaker.server.s3_receive import Receiver
from dagmaker.server.service_models import operation

_STREAMED = frozenset({"PutObject", "UploadPart"})
# Root elements of S3's XML responses (from S3's API reference; the model leaves them out).
_ROOTS = {
    "ListObjectsV2": "ListBucketResult",
    "ListObjects": "ListBucketResult",
    "ListBuckets": "ListAllMyBucketsResult",
    "CreateMultipartUpload": "InitiateMultipartUploadResult",
    "CompleteMultipartUpload": "CompleteMultipartUploadResult",
    "DeleteObjects": "DeleteResult",
    "ListParts": "ListPartsResult",
    "ListMultipartUploads": "ListMultipartUploadsResult",
}
_log = logging.getLogger("dagmaker.server")


class S3Protocol:
    """Answers S3 requests.

    Args:
        objects: The buckets and objects served (None: the store is not local, and S3
            requests are refused with a pointer to the real store).
        hosts: Host names of this server, for virtual-hosted addressing.
        region: The region buckets report.
    """

    def __init__(self, objects: Objects | None, hosts: frozenset[str], region: str) -> None:
        self.objects = objects
        self.hosts = hosts
        self.handlers = S3Handlers(objects, region) if objects is not None else None

    async def handle(self, request: Request, facts: Any, access: Access) -> Response:
        """Answer one S3 request; every failure is an S3 error document."""
        request_id = str(uuid.uuid4())
        try:
            response = await self._answer(request, facts, access)
        except AuthFailure as failure:
            response = error_response(auth_error(failure, "s3"), request.method, request_id)
        except WireError as error:
            response = error_response(error, request.method, request_id)
        except DagmakerError as error:
            response = error_response(_from_dagmaker(error), request.method, request_id)
        response.headers["x-amz-request-id"] = request_id
        return response

    async def _answer(self, request: Request, facts: Any, access: Access) -> Response:
        if self.handlers is None:
            raise WireError(
                501,
                "NotImplemented",
                "this server's artifacts live in an S3-compatible store; use that store directly",
            )
        target = s3_routes.locate(facts, self.hosts)
        name = s3_routes.operation_name(request.method, target, facts)
        op = operation("s3", name)
        assert op is not None
        method = getattr(self.handlers, xform_name(name))
        signed_path = s3_routes.signed_path(facts, target)
        if name in _STREAMED:
            access.check(facts, None, signed_path)
            params = s3_input.read(op, target, facts, b"")
            params.update(await self._receive(request, facts, access, target, params))
        else:
            body = await request.body()
            access.check(facts, body, signed_path)
            params = s3_input.read(op, target, facts, body)
        result = await run_in_threadpool(_call, method, params)
        if name == "GetObject":
            members, file_range = result
            return _streamed(op, members, file_range)
        return render(op, result)

    async def _receive(
        self,
        request: Request,
        facts: Any,
        access: Access,
        target: s3_routes.S3Target,
        params: dict[str, Any],
    ) -> dict[str, Any]:
        assert self.handlers is not None
        objects, uploads = self.handlers.objects, self.handlers.uploads
        directory = objects.bucket_dir(target.bucket)
        objects.uri(target.bucket, target.key)
        spot = None
        if "UploadId" in params:
            directory = uploads.directory(target.bucket, target.key, params["UploadId"])
            spot = uploads.spot(directory, params["PartNumber"], _body_size(facts.headers))
        into, offset = spot if spot is not None else (None, 0)
        receiver = Receiver(
            directory, facts.headers, verify_sha256=not access.open, into=into, offset=offset
        )
        try:
            async for chunk in request.stream():
                receiver.write(chunk)
            path, sums = await run_in_threadpool(receiver.finish)
        except BaseException:
            receiver.discard()
            raise
        placed = offset if spot is not None else None
        return {"received": path, "sums": sums, "size": receiver.size, "offset": placed}


def _body_size(headers: dict[str, str]) -> int | None:
    declared = headers.get("x-amz-decoded-content-length") or headers.get("content-length")
    return int(declared) if declared and declared.isdigit() else None


def _call(method: Any, params: dict[str, Any]) -> Any:
    try:
        return method(**params)
    except (WireError, DagmakerError):
        raise
    except Exception:
        _log.exception("S3 %s failed", method.__name__)
        raise WireError(
            500, "InternalError", "We encountered an internal error. Please try again."
        ) from None


def _from_dagmaker(error: DagmakerError) -> WireError:
    if error.code == "ResourceNotFound":
        return WireError(404, "NoSuchKey", error.details())
    if error.code == "InternalFailure":
        return WireError(500, "InternalError", error.details())
    return WireError(
        400, "InvalidArgument" if error.field == "S3Uri" else "InvalidRequest", error.details()
    )


def _headers(shape: StructureShape | None, result: dict[str, Any]) -> dict[str, str]:
    headers: dict[str, str] = {}
    if shape is None:
        return headers
    for name, member in shape.members.items():
        where = member.serialization.get("location")
        value = result.get(name)
        if value is None:
            continue
        if where == "header":
            fmt = member.serialization.get("timestampFormat", "rfc822")
            headers[member.serialization["name"]] = xml_out.text(member.type_name, value, fmt)
        elif where == "headers":
            prefix = member.serialization["name"]
            headers.update({f"{prefix}{k}": str(v) for k, v in value.items()})
    return headers


def render(op: OperationModel, result: dict[str, Any]) -> Response:
    """The response for ``result``: header members as headers, the others as XML."""
    shape = op.output_shape
    status = int(op.http.get("responseCode", 200))
    headers = _headers(shape, result)
    if shape is None:
        return Response(b"", status_code=status, headers=headers)
    payload = shape.serialization.get("payload")
    if op.name == "GetBucketLocation":
        root = ET.Element("LocationConstraint", xmlns=xml_out.S3_NAMESPACE)
        root.text = result.get("LocationConstraint") or None
        body = xml_out.serialize(root)
    elif payload:
        member = shape.members[payload]
        assert isinstance(member, StructureShape)
        body = xml_out.document(payload, member, result.get(payload) or {}, xml_out.S3_NAMESPACE)
    elif op.name in _ROOTS:
        body = xml_out.document(_ROOTS[op.name], shape, result, xml_out.S3_NAMESPACE)
    else:
        body = b""
    media = "application/xml" if body else None
    return Response(body, status_code=status, headers=headers, media_type=media)


def _streamed(op: OperationModel, members: dict[str, Any], file_range: FileRange) -> Response:
    headers = _headers(op.output_shape, members)
    media = headers.pop("Content-Type", "binary/octet-stream")
    return StreamingResponse(
        iterate_in_threadpool(file_range.chunks()),
        status_code=206 if file_range.partial else 200,
        headers=headers,
        media_type=media,
    )


def error_response(error: WireError, method: str, request_id: str) -> Response:
    """S3's error document (HEAD answers carry no body)."""
    if method == "HEAD" or error.status == 304:
        return Response(b"", status_code=error.status)
    root = ET.Element("Error")
    xml_out.leaves(root, {"Code": error.code, "Message": error.message, "RequestId": request_id})
    return Response(xml_out.serialize(root), status_code=error.status, media_type="application/xml")
