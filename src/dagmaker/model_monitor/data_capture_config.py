"""What an endpoint captures of its requests and responses (``DataCaptureConfig``)."""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.s3_upload import s3_path_join
from dagmaker._sdk.session_facts import default_bucket, default_prefix
from dagmaker.session import Session

__all__ = ["DataCaptureConfig"]


class DataCaptureConfig:
    """Data capture settings of an endpoint, as ``CreateEndpointConfig`` takes them.

    Attributes:
        enable_capture: Whether the endpoint captures at all.
        sampling_percentage: The share of requests captured, 0–100 (default 20).
        destination_s3_uri: Where capture files go (default
            ``s3://<default bucket>/model-monitor/data-capture``).
        kms_key_id: KMS key for the capture files.
        capture_options: ``REQUEST`` and/or ``RESPONSE`` (default both).
        csv_content_types: Content types captured as CSV text (default ``text/csv``).
        json_content_types: Content types captured as JSON text (default
            ``application/json``).
    """

    API_MAPPING = {"REQUEST": "Input", "RESPONSE": "Output"}

    def __init__(
        self,
        enable_capture: Any,
        sampling_percentage: Any = 20,
        destination_s3_uri: Any = None,
        kms_key_id: Any = None,
        capture_options: list[str] | None = None,
        csv_content_types: list[str] | None = None,
        json_content_types: list[str] | None = None,
        sagemaker_session: Any = None,
    ) -> None:
        self.enable_capture = enable_capture
        self.sampling_percentage = sampling_percentage
        self.destination_s3_uri = destination_s3_uri
        if self.destination_s3_uri is None:
            session = sagemaker_session or Session()
            self.destination_s3_uri = s3_path_join(
                "s3://",
                default_bucket(session),
                default_prefix(session),
                "model-monitor",
                "data-capture",
            )
        self.kms_key_id = kms_key_id
        self.capture_options = capture_options or ["REQUEST", "RESPONSE"]
        self.csv_content_types = csv_content_types or ["text/csv"]
        self.json_content_types = json_content_types or ["application/json"]

    def _to_request_dict(self) -> dict[str, Any]:
        """The ``DataCaptureConfig`` structure of ``CreateEndpointConfig``."""
        request: dict[str, Any] = {
            "EnableCapture": self.enable_capture,
            "InitialSamplingPercentage": self.sampling_percentage,
            "DestinationS3Uri": self.destination_s3_uri,
            "CaptureOptions": [
                {"CaptureMode": self.API_MAPPING.get(str(option).upper(), option)}
                for option in self.capture_options
            ],
        }
        if self.kms_key_id is not None:
            request["KmsKeyId"] = self.kms_key_id
        request["CaptureContentTypeHeader"] = {
            "CsvContentTypes": self.csv_content_types,
            "JsonContentTypes": self.json_content_types,
        }
        return request

    def __repr__(self) -> str:
        return (
            f"DataCaptureConfig(enable_capture={self.enable_capture!r}, "
            f"sampling_percentage={self.sampling_percentage!r}, "
            f"destination_s3_uri={self.destination_s3_uri!r})"
        )
