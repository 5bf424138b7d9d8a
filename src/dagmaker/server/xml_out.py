"""Shape a response document as XML by its output shape (S3's rest-xml, STS's query protocol).

Element names, flattened lists and header-bound members follow the botocore model, so
boto3's parsers read back exactly what was sent.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any
from xml.etree import ElementTree as ET

from botocore.model import ListShape, Shape, StructureShape

from dagmaker.server.wire_output import as_datetime

S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def document(root: str, shape: StructureShape | None, value: dict[str, Any], xmlns: str) -> bytes:
    """An XML document whose root element ``root`` holds the body members of ``value``."""
    element = ET.Element(root, xmlns=xmlns) if xmlns else ET.Element(root)
    if shape is not None:
        fill(element, shape, value)
    return serialize(element)


def serialize(element: ET.Element) -> bytes:
    """The document with its XML declaration, as AWS sends it."""
    return _DECLARATION + bytes(ET.tostring(element, encoding="utf-8"))


def leaves(parent: ET.Element, values: dict[str, str]) -> ET.Element:
    """Append one text element per entry (error documents, metadata); return ``parent``."""
    for tag, value in values.items():
        ET.SubElement(parent, tag).text = value
    return parent


def fill(parent: ET.Element, shape: StructureShape, value: dict[str, Any]) -> None:
    """Append the body members of ``value`` (not headers, not the status) to ``parent``."""
    for name, member in shape.members.items():
        if member.serialization.get("location") or value.get(name) is None:
            continue
        tag = member.serialization.get("name", name)
        _append(parent, member, tag, value[name])


def _append(parent: ET.Element, shape: Shape, tag: str, value: Any) -> None:
    if shape.type_name == "list":
        assert isinstance(shape, ListShape)
        _append_list(parent, shape, tag, value)
        return
    child = ET.SubElement(parent, tag)
    if shape.type_name == "structure":
        assert isinstance(shape, StructureShape)
        fill(child, shape, value)
    else:
        child.text = text(shape.type_name, value, shape.serialization.get("timestampFormat"))


def _append_list(parent: ET.Element, shape: ListShape, tag: str, items: list[Any]) -> None:
    member = shape.member
    if shape.serialization.get("flattened"):
        for item in items:
            _append(parent, member, tag, item)
        return
    wrapper = ET.SubElement(parent, tag)
    for item in items:
        _append(wrapper, member, member.serialization.get("name", "member"), item)


def text(kind: str, value: Any, timestamp_format: str | None = None) -> str:
    """A scalar as XML text (and as a header value: timestamps in the given format)."""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        moment = as_datetime(value)
        if timestamp_format == "rfc822":
            return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
        stamp = moment.astimezone(UTC)
        return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"
    return str(value)
