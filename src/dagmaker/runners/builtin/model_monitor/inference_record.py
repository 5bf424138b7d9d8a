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

from collections.abc import Callable
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

    __slots__ = ("custom_attribute", "event_id", "event_time", "inference_id")

    def __init__(self, metadata: dict[str, Any]) -> None:
        self.event_id = metadata.get("eventId")
        self.event_time = metadata.get("inferenceTime")
        self.custom_attribute = metadata.get("customAttributes")
        self.inference_id = metadata.get("inferenceId")


class EventData:
    """One captured payload: ``data`` with its ``encoding``, content type and mode."""

    __slots__ = ("data", "encoding", "mode", "observedContentType")

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

    __slots__ = ("batchTransformOutput", "endpointInput", "endpointOutput")

    def __init__(self, record: CapturedData) -> None:
        self.endpointInput = record.endpoint_input
        self.endpointOutput = record.endpoint_output
        self.batchTransformOutput = record.batch_transform_output


_UNSET: Any = object()


class _Lazy:
    """An attribute of ``CapturedData`` built on first use (scripts read one or two)."""

    def __init__(self, build: Callable[[dict[str, Any]], Any]) -> None:
        self.build = build
        self.slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, record: Any, owner: type | None = None) -> Any:
        if record is None:
            return self
        value = getattr(record, self.slot)
        if value is _UNSET:
            value = self.build(record.event_dict)
            setattr(record, self.slot, value)
        return value

    def __set__(self, record: Any, value: Any) -> None:
        setattr(record, self.slot, value)


def _capture(event: dict[str, Any]) -> dict[str, Any]:
    capture = event.get(CAPTURE_DATA)
    return capture if isinstance(capture, dict) else {}


class CapturedData:
    """One captured (or merged) record, as a pre-processing script sees it."""

    # A run builds one per captured record: its parts are built only when read.
    __slots__ = (
        "_batch_transform_output",
        "_endpoint_input",
        "_endpoint_output",
        "_event_metadata",
        "_event_version",
        "_ground_truth",
        "event_dict",
    )
    event_metadata = _Lazy(
        lambda e: EventMetadata(e[EVENT_METADATA]) if EVENT_METADATA in e else None
    )
    endpoint_input = _Lazy(lambda e: _part(_capture(e), ENDPOINT_INPUT))
    endpoint_output = _Lazy(lambda e: _part(_capture(e), ENDPOINT_OUTPUT))
    batch_transform_output = _Lazy(lambda e: _part(_capture(e), BATCH_OUTPUT))
    ground_truth = _Lazy(lambda e: EventData(e[GROUND_TRUTH]) if GROUND_TRUTH in e else None)
    event_version = _Lazy(lambda e: e.get(EVENT_VERSION))

    def __init__(self, event: dict[str, Any]) -> None:
        self.event_dict = event
        self._event_metadata = self._event_version = self._ground_truth = _UNSET
        self._endpoint_input = self._endpoint_output = self._batch_transform_output = _UNSET

    @property
    def event_data(self) -> _LegacyEventData:
        """The parts under their capture-file names (an earlier interface)."""
        return _LegacyEventData(self)

    def as_dict(self) -> dict[str, Any]:
        """The record, with the parts' current ``data``/``encoding`` written back."""
        capture = self.event_dict.get(CAPTURE_DATA)
        if isinstance(capture, dict):
            for key, slot in (
                (ENDPOINT_INPUT, "_endpoint_input"),
                (ENDPOINT_OUTPUT, "_endpoint_output"),
                (BATCH_OUTPUT, "_batch_transform_output"),
            ):
                # A part never read cannot have changed.
                part = getattr(self, slot)
                if key in capture and part is not None and part is not _UNSET:
                    capture[key] = part.as_dict()
        return self.event_dict

    def __str__(self) -> str:
        return str(self.as_dict())


def _part(capture: dict[str, Any], key: str) -> EventData | None:
    value = capture.get(key)
    return EventData(value) if isinstance(value, dict) else None
