"""One captured invocation as a JSON Lines record, in SageMaker's shape.

::

    {"captureData": {"endpointInput": {"observedContentType": "text/csv", "mode": "INPUT",
                                       "data": "1,2,3", "encoding": "CSV"},
                     "endpointOutput": {...}},
     "eventMetadata": {"eventId": "<uuid>", "inferenceId": "<caller's id>",
                       "inferenceTime": "2024-05-01T10:00:00Z"},
     "eventVersion": "0"}

``data`` is the payload text for CSV and JSON encodings, base64 otherwise (and for text
that is not UTF-8).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dagmaker.serving.capture_config import CaptureSettings

EVENT_VERSION = "0"


@dataclass(frozen=True)
class Invocation:
    """What a capture record is made of.

    Attributes:
        event_id: The id the endpoint gave the request (a UUID).
        inference_id: The caller's ``InferenceId``, or "".
        when: When the request arrived (UTC).
        request: The request body.
        request_type: Its ``Content-Type``.
        response: The response body.
        response_type: Its ``Content-Type``.
        custom_attributes: The caller's ``CustomAttributes``, or "".
    """

    event_id: str
    inference_id: str
    when: datetime
    request: bytes
    request_type: str
    response: bytes
    response_type: str
    custom_attributes: str = ""


def inference_time(when: datetime) -> str:
    """``2024-05-01T10:00:00Z``: the UTC second of ``when``."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def payload(body: bytes, content_type: str, mode: str, settings: CaptureSettings) -> dict[str, Any]:
    """One side of the exchange: ``observedContentType``, ``mode``, ``data``, ``encoding``."""
    encoding = settings.encoding_of(content_type)
    data = None
    if encoding != "BASE64":
        try:
            data = body.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "BASE64"
    if data is None:
        data = base64.b64encode(body).decode("ascii")
    return {"observedContentType": content_type, "mode": mode, "data": data, "encoding": encoding}


def record(invocation: Invocation, settings: CaptureSettings) -> dict[str, Any]:
    """The capture record of an invocation, with the sides ``settings`` asks for."""
    capture: dict[str, Any] = {}
    if settings.capture_input:
        capture["endpointInput"] = payload(
            invocation.request, invocation.request_type, "INPUT", settings
        )
    if settings.capture_output:
        capture["endpointOutput"] = payload(
            invocation.response, invocation.response_type, "OUTPUT", settings
        )
    metadata: dict[str, Any] = {"eventId": invocation.event_id}
    if invocation.inference_id:
        metadata["inferenceId"] = invocation.inference_id
    metadata["inferenceTime"] = inference_time(invocation.when)
    if invocation.custom_attributes:
        metadata["customAttributes"] = [invocation.custom_attributes]
    return {"captureData": capture, "eventMetadata": metadata, "eventVersion": EVENT_VERSION}


def line(document: dict[str, Any]) -> bytes:
    """A record as one line of JSON Lines."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"


def decoded_data(side: dict[str, Any]) -> bytes:
    """The payload bytes of one side of a record (undoing base64 when used)."""
    data = str(side.get("data", ""))
    if side.get("encoding") == "BASE64":
        return base64.b64decode(data)
    return data.encode("utf-8")
