"""Read an S3 request's members by the operation's input shape.

Members live in the URI (bucket, key), the query string, headers, a header prefix
(``x-amz-meta-*``) or an XML body; each is converted to its shape's type and the whole
request is checked with the same constraint rules as every other protocol here.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from typing import Any
from xml.etree import ElementTree as ET

from botocore.model import ListShape, OperationModel, Shape, StructureShape

from dagmaker.server import wire_input
from dagmaker.server.error_codes import WireError
from dagmaker.server.s3_routes import S3Target
from dagmaker.server.sigv4 import RequestFacts


def read(op: OperationModel, target: S3Target, facts: RequestFacts, body: bytes) -> dict[str, Any]:
    """The operation's input members, typed and checked.

    Raises:
        WireError: InvalidArgument for a value of the wrong form, MalformedXML for a body
            that does not parse.
    """
    shape = op.input_shape
    if shape is None:
        return {}
    query = dict(facts.query_pairs())
    document: dict[str, Any] = {}
    for name, member in shape.members.items():
        value = _locate(name, member, target, query, facts.headers, body)
        if value is not None:
            document[name] = value
    try:
        params, problems = wire_input.read(shape, document)
    except wire_input.WireTypeError as exc:
        raise WireError(400, "InvalidArgument", str(exc)) from None
    if problems:
        raise WireError(400, "InvalidArgument", wire_input.validation_message(problems))
    return params


def _locate(
    name: str,
    member: Shape,
    target: S3Target,
    query: dict[str, str],
    headers: dict[str, str],
    body: bytes,
) -> Any:
    where = member.serialization.get("location")
    wire_name = member.serialization.get("name", name)
    if where == "uri":
        return {"Bucket": target.bucket, "Key": target.key}.get(name) or None
    if where == "querystring":
        raw = query.get(wire_name)
        return None if raw is None else _typed(member, raw, wire_name)
    if where == "header":
        raw = headers.get(wire_name.lower())
        return None if raw is None else _typed(member, raw, wire_name)
    if where == "headers":
        prefix = wire_name.lower()
        found = {k[len(prefix) :]: v for k, v in headers.items() if k.startswith(prefix)}
        return found or None
    if member.type_name == "structure" and body.strip():
        assert isinstance(member, StructureShape)
        return _xml_body(member, body)
    return None


def _typed(shape: Shape, raw: str, wire_name: str) -> Any:
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(raw)
        if kind == "boolean":
            return {"true": True, "false": False}[raw.lower()]
        if kind == "timestamp":
            return _http_date(raw)
    except (ValueError, KeyError):
        raise WireError(400, "InvalidArgument", f"{wire_name}: {raw!r} is not a {kind}") from None
    if kind == "list":
        return [part.strip() for part in raw.split(",")]
    return raw


def _http_date(raw: str) -> str:
    try:
        return parsedate_to_datetime(raw).isoformat()
    except (TypeError, ValueError):
        return raw


def _xml_body(shape: StructureShape, body: bytes) -> dict[str, Any]:
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        raise WireError(
            400,
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our "
            "published schema",
        ) from None
    return _structure(shape, root)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _structure(shape: StructureShape, element: ET.Element) -> dict[str, Any]:
    result: dict[str, Any] = {}
    children = list(element)
    for name, member in shape.members.items():
        tag = member.serialization.get("name", name)
        matching = [c for c in children if _local(c.tag) == tag]
        if not matching:
            continue
        if member.type_name == "list":
            assert isinstance(member, ListShape)
            result[name] = _list(member, matching)
        else:
            result[name] = _element(member, matching[0])
    return result


def _list(shape: ListShape, matching: list[ET.Element]) -> list[Any]:
    if shape.serialization.get("flattened"):
        return [_element(shape.member, c) for c in matching]
    return [_element(shape.member, c) for c in list(matching[0])]


def _element(shape: Shape, element: ET.Element) -> Any:
    if shape.type_name == "structure":
        assert isinstance(shape, StructureShape)
        return _structure(shape, element)
    text = element.text or ""
    if shape.type_name in ("integer", "long"):
        return int(text) if text.strip().lstrip("-").isdigit() else text
    if shape.type_name == "boolean":
        return text.strip().lower() == "true"
    return text
