"""``DataCaptureConfig`` of CreateEndpointConfig: checked once, then carried as settings.

The request shape is SageMaker's (spec ``monitor-formats.md`` §3.3): ``EnableCapture``,
``InitialSamplingPercentage`` (0-100), ``DestinationS3Uri``, ``KmsKeyId``,
``CaptureOptions`` (``Input``, ``Output``, ``InputAndOutput``) and
``CaptureContentTypeHeader`` (``CsvContentTypes`` / ``JsonContentTypes``). A payload whose
media type is in neither list is captured base64-encoded, as SageMaker does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from dagmaker.errors import InvalidRequest
from dagmaker.serving.content_types import media_type

FIELD = "DataCaptureConfig"
_MODES = {"Input": (True, False), "Output": (False, True), "InputAndOutput": (True, True)}
_MAX_TYPES = 10


@dataclass(frozen=True)
class CaptureSettings:
    """What an endpoint captures and where.

    Attributes:
        enabled: ``EnableCapture``.
        sampling_percentage: ``InitialSamplingPercentage``: share of requests captured.
        destination: ``DestinationS3Uri``; files go under ``<destination>/<endpoint>/<variant>/``.
        capture_input: Whether requests are captured (``endpointInput``).
        capture_output: Whether responses are captured (``endpointOutput``).
        csv_types: Media types captured as text with encoding ``CSV``.
        json_types: Media types captured as text with encoding ``JSON``.
        kms_key_id: ``KmsKeyId`` (accepted; local files are not encrypted).
    """

    enabled: bool
    sampling_percentage: int
    destination: str
    capture_input: bool = True
    capture_output: bool = True
    csv_types: tuple[str, ...] = ()
    json_types: tuple[str, ...] = ()
    kms_key_id: str = ""

    def encoding_of(self, content_type: str) -> str:
        """``CSV``, ``JSON`` or ``BASE64`` for a payload of ``content_type``."""
        media = media_type(content_type)
        if media and media in self.csv_types:
            return "CSV"
        if media and media in self.json_types:
            return "JSON"
        return "BASE64"

    def summary(self) -> dict[str, Any]:
        """DescribeEndpoint's ``DataCaptureConfig`` (a ``DataCaptureConfigSummary``)."""
        document: dict[str, Any] = {
            "EnableCapture": self.enabled,
            "CaptureStatus": "Started" if self.enabled else "Stopped",
            "CurrentSamplingPercentage": self.sampling_percentage,
            "DestinationS3Uri": self.destination,
        }
        if self.kms_key_id:
            document["KmsKeyId"] = self.kms_key_id
        return document

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the serving process's configuration file."""
        return asdict(self)

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> CaptureSettings:
        """Rebuild settings written by `to_dict`."""
        values = dict(document)
        values["csv_types"] = tuple(values.get("csv_types") or ())
        values["json_types"] = tuple(values.get("json_types") or ())
        return cls(**values)


def parse_capture_config(document: Any) -> CaptureSettings | None:
    """Check a request's ``DataCaptureConfig`` and turn it into settings (None when absent).

    Raises:
        InvalidRequest: naming the field and the value that is wrong.
    """
    if document is None:
        return None
    if not isinstance(document, dict):
        raise InvalidRequest(f"{FIELD} must be an object", field=FIELD, value=document)
    destination = _destination(document.get("DestinationS3Uri"))
    capture_input, capture_output = _modes(document.get("CaptureOptions"))
    header = document.get("CaptureContentTypeHeader") or {}
    return CaptureSettings(
        enabled=_enabled(document.get("EnableCapture", True)),
        sampling_percentage=_percentage(document.get("InitialSamplingPercentage")),
        destination=destination,
        capture_input=capture_input,
        capture_output=capture_output,
        csv_types=_types(header, "CsvContentTypes"),
        json_types=_types(header, "JsonContentTypes"),
        kms_key_id=str(document.get("KmsKeyId") or ""),
    )


def _enabled(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidRequest(
            "EnableCapture must be true or false", field=f"{FIELD}.EnableCapture", value=value
        )
    return value


def _percentage(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise InvalidRequest(
            "InitialSamplingPercentage must be a whole number from 0 to 100",
            field=f"{FIELD}.InitialSamplingPercentage",
            value=value,
        )
    return value


def _destination(value: Any) -> str:
    if not isinstance(value, str) or not value.startswith("s3://") or len(value) <= len("s3://"):
        raise InvalidRequest(
            "DestinationS3Uri must be an s3:// URI where capture files are written",
            field=f"{FIELD}.DestinationS3Uri",
            value=value,
        )
    return value.rstrip("/")


def _modes(options: Any) -> tuple[bool, bool]:
    where = f"{FIELD}.CaptureOptions"
    if not isinstance(options, list) or not options:
        raise InvalidRequest(
            "CaptureOptions must list at least one {'CaptureMode': 'Input' | 'Output' | "
            "'InputAndOutput'}",
            field=where,
            value=options,
        )
    capture_input = capture_output = False
    for index, option in enumerate(options):
        mode = option.get("CaptureMode") if isinstance(option, dict) else None
        if mode not in _MODES:
            raise InvalidRequest(
                "CaptureMode must be Input, Output or InputAndOutput",
                field=f"{where}[{index}].CaptureMode",
                value=mode,
            )
        wants_input, wants_output = _MODES[mode]
        capture_input = capture_input or wants_input
        capture_output = capture_output or wants_output
    return capture_input, capture_output


def _types(header: Any, key: str) -> tuple[str, ...]:
    where = f"{FIELD}.CaptureContentTypeHeader.{key}"
    if not isinstance(header, dict):
        raise InvalidRequest(
            "CaptureContentTypeHeader must be an object",
            field=f"{FIELD}.CaptureContentTypeHeader",
            value=header,
        )
    values = header.get(key)
    if values is None:
        return ()
    valid = isinstance(values, list) and all(isinstance(v, str) and v for v in values)
    if not valid or not 1 <= len(values) <= _MAX_TYPES:
        raise InvalidRequest(
            f"{key} must list 1 to {_MAX_TYPES} media types such as 'text/csv'",
            field=where,
            value=values,
        )
    return tuple(media_type(v) for v in values)
