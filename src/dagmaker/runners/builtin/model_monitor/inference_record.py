"""The ``inference_record`` a record pre-processing script receives.

The same interface as Model Monitor's container gives ``preprocess_handler``: the
captured record's parts as attributes — ``endpoint_input``, ``endpoint_output``,
``batch_transform_output``, ``ground_truth`` (each with ``.data``, ``.encoding``,
``.observedContentType``, ``.mode``), ``event_metadata`` (``.event_id``,
``.event_time``, ``.custom_attribute``), ``event_version`` — and ``as_dict()``, which
returns the record with any change made to a part's data written back. Older scripts
reach the parts through ``inference_record.event_data.endpointInput``; that works too.
"""

from __future__ import annotations

from typing import Any

CAPTURE_DATA = "captureData"
EVENT_METADATA = "eventMetadata"
EVENT_VERSION = "eventVersion"
GROUND_TRUTH = "groundTruthData"
ENDPOINT_INPUT = "endpointInput"
ENDPOINT_OUTPUT = "endpointOutput"
BATCH_OUTPUT = "batchTransformOutput"


class EventMetadata:
    """``eventMetadata``: the event's id, time and custom attributes."""

    def __init__(self, metadata: dict[str, Any]) -> None:
        self.event_id = metadata.get("eventId")
        self.event_time = metadata.get("inferenceTime")
        self.custom_attribute = metadata.get("customAttributes")
        self.inference_id = metadata.get("inferenceId")


class EventData:
    """One captured payload: ``data`` with its ``encoding``, content type and mode."""

    def __init__(self, part: dict[str, Any]) -> None:
        self.encoding = part.get("encoding")
        self.data = part.get("data")
        # camelCase like AWS's class: scripts written for it read this name.
        self.observedContentType = part.get("observedContentType")
        self.mode = part.get("mode")

    def as_dict(self) -> dict[str, Any]:
        """The payload as a capture file holds it (``mode`` left out, as AWS's class does)."""
        return {
            "encoding": self.encoding,
            "data": self.data,
            "observedContentType": self.observedContentType,
        }

    def __repr__(self) -> str:
        return f"EventData({self.as_dict()!r})"


class _LegacyEventData:
    """``inference_record.event_data``: the parts under their capture-file names."""

    def __init__(self, record: CapturedData) -> None:
        self.endpointInput = record.endpoint_input
        self.endpointOutput = record.endpoint_output
        self.batchTransformOutput = record.batch_transform_output


class CapturedData:
    """One captured (or merged) record, as a pre-processing script sees it."""

    def __init__(self, event: dict[str, Any]) -> None:
        self.event_dict = event
        capture = event.get(CAPTURE_DATA) or {}
        self.event_metadata = (
            EventMetadata(event[EVENT_METADATA]) if EVENT_METADATA in event else None
        )
        self.endpoint_input = _part(capture, ENDPOINT_INPUT)
        self.endpoint_output = _part(capture, ENDPOINT_OUTPUT)
        self.batch_transform_output = _part(capture, BATCH_OUTPUT)
        self.ground_truth = EventData(event[GROUND_TRUTH]) if GROUND_TRUTH in event else None
        self.event_version = event.get(EVENT_VERSION)
        self.event_data = _LegacyEventData(self)

    def as_dict(self) -> dict[str, Any]:
        """The record, with the parts' current ``data``/``encoding`` written back."""
        capture = self.event_dict.get(CAPTURE_DATA)
        if isinstance(capture, dict):
            for key, part in (
                (ENDPOINT_INPUT, self.endpoint_input),
                (ENDPOINT_OUTPUT, self.endpoint_output),
                (BATCH_OUTPUT, self.batch_transform_output),
            ):
                if key in capture and part is not None:
                    capture[key] = part.as_dict()
        return self.event_dict

    def __str__(self) -> str:
        return str(self.as_dict())


def _part(capture: dict[str, Any], key: str) -> EventData | None:
    value = capture.get(key)
    return EventData(value) if isinstance(value, dict) else None
