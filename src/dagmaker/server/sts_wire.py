"""STS's ``GetCallerIdentity`` (query protocol), so SDKs that ask who they are get an answer."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs
from xml.etree import ElementTree as ET

from botocore.model import StructureShape
from starlette.responses import Response

from dagmaker._lib import naming
from dagmaker.server import xml_out
from dagmaker.server.error_codes import WireError
from dagmaker.server.service_models import operation

STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"
LOCAL_USER = "dagmaker"


def is_sts_request(method: str, path: str, content_type: str, body: bytes) -> bool:
    """Whether a request is a query-protocol STS call (a form POST to ``/`` with ``Action``)."""
    return (
        method == "POST"
        and path == "/"
        and content_type.startswith("application/x-www-form-urlencoded")
        and b"Action=" in body
    )


def handle(body: bytes, access_key: str | None) -> Response:
    """Answer an STS request; only ``GetCallerIdentity`` exists here."""
    form = parse_qs(body.decode("utf-8", "replace"))
    action = (form.get("Action") or [""])[0]
    op = operation("sts", action)
    if action != "GetCallerIdentity" or op is None:
        return error_response(
            WireError(
                400, "InvalidAction", f"dagmaker serves only STS GetCallerIdentity, not {action!r}"
            )
        )
    result = {
        "UserId": access_key or "AIDADAGMAKERLOCAL",
        "Account": naming.ACCOUNT,
        "Arn": f"arn:aws:iam::{naming.ACCOUNT}:user/{LOCAL_USER}",
    }
    return _response("GetCallerIdentity", op.output_shape, result)


def _response(action: str, shape: StructureShape | None, result: dict[str, str]) -> Response:
    request_id = str(uuid.uuid4())
    root = ET.Element(f"{action}Response", xmlns=STS_NAMESPACE)
    if shape is not None:
        xml_out.fill(ET.SubElement(root, f"{action}Result"), shape, result)
    xml_out.leaves(ET.SubElement(root, "ResponseMetadata"), {"RequestId": request_id})
    return Response(
        xml_out.serialize(root), media_type="text/xml", headers={"x-amzn-RequestId": request_id}
    )


def error_response(error: WireError) -> Response:
    """A query-protocol error document."""
    root = ET.Element("ErrorResponse", xmlns=STS_NAMESPACE)
    kind = "Receiver" if error.status >= 500 else "Sender"
    xml_out.leaves(
        ET.SubElement(root, "Error"), {"Type": kind, "Code": error.code, "Message": error.message}
    )
    xml_out.leaves(root, {"RequestId": str(uuid.uuid4())})
    return Response(xml_out.serialize(root), status_code=error.status, media_type="text/xml")
