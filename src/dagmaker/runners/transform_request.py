"""Checking a CreateTransformJob request and turning it into the job's configuration.

Defaults are SageMaker's: ``SplitType`` None, ``BatchStrategy`` MultiRecord,
``MaxPayloadInMB`` 6, ``AssembleWith`` None, ``CompressionType`` None, ``JoinSource``
None, filters ``$``.
"""

from __future__ import annotations

from typing import Any

from dagmaker.errors import DagmakerError, JobFailure
from dagmaker.runners.builtin.inference.job_config import ContainerConfig, TransformJobConfig
from dagmaker.runners.jsonpath_filter import parse
from dagmaker.runners.transform_records import MEGABYTE

_CHOICES = {
    "TransformInput.SplitType": ("None", "Line"),
    "TransformInput.CompressionType": ("None", "Gzip"),
    "BatchStrategy": ("MultiRecord", "SingleRecord"),
    "TransformOutput.AssembleWith": ("None", "Line"),
    "DataProcessing.JoinSource": ("None", "Input"),
}
MAX_PAYLOAD_LIMIT_MB = 100
DATA_TYPES = ("S3Prefix", "ManifestFile")


def _choice(request: dict[str, Any], path: str) -> str:
    head, _, leaf = path.rpartition(".")
    section = (request.get(head) or {}) if head else request
    value = str(section.get(leaf) or _CHOICES[path][0])
    if value not in _CHOICES[path]:
        extra = ""
        if leaf == "SplitType" and value in ("RecordIO", "TFRecord"):
            extra = "; dagmaker does not split RecordIO or TFRecord files, convert them to lines"
        raise JobFailure(
            f"ClientError: {path} {value!r} is not supported; use "
            f"{' or '.join(_CHOICES[path])}{extra}"
        )
    return value


def _payload_bytes(request: dict[str, Any]) -> int:
    raw = request.get("MaxPayloadInMB", 6)
    try:
        megabytes = int(raw)
    except (TypeError, ValueError):
        megabytes = -1
    if not 0 <= megabytes <= MAX_PAYLOAD_LIMIT_MB:
        raise JobFailure(
            f"ClientError: MaxPayloadInMB {raw!r} must be a whole number from 0 (no limit) "
            f"to {MAX_PAYLOAD_LIMIT_MB}"
        )
    return megabytes * MEGABYTE


def _filter(request: dict[str, Any], name: str) -> str:
    text = str((request.get("DataProcessing") or {}).get(name) or "$")
    try:
        parse(text, f"DataProcessing.{name}")
    except DagmakerError as error:
        raise JobFailure(f"ClientError: DataProcessing.{name}: {error.details()}") from None
    return text


def data_source(request: dict[str, Any]) -> tuple[str, str]:
    """The input's ``S3Uri`` and ``S3DataType``.

    Raises:
        JobFailure: when the input is missing or of an unsupported data type.
    """
    s3 = ((request.get("TransformInput") or {}).get("DataSource") or {}).get("S3DataSource") or {}
    uri, data_type = s3.get("S3Uri"), str(s3.get("S3DataType") or "S3Prefix")
    if not uri:
        raise JobFailure("ClientError: TransformInput.DataSource.S3DataSource.S3Uri is required")
    if data_type not in DATA_TYPES:
        raise JobFailure(
            f"ClientError: S3DataType {data_type!r} is not supported for batch transform "
            f"inputs by dagmaker; use {' or '.join(DATA_TYPES)}"
        )
    return str(uri), data_type


def output_path(request: dict[str, Any]) -> str:
    """``TransformOutput.S3OutputPath``.

    Raises:
        JobFailure: when it is missing or not an ``s3://`` URI.
    """
    uri = str((request.get("TransformOutput") or {}).get("S3OutputPath") or "")
    if not uri.startswith("s3://"):
        raise JobFailure(
            f"ClientError: TransformOutput.S3OutputPath must be an s3:// URI, got {uri!r}"
        )
    return uri


def job_config(
    request: dict[str, Any], containers: tuple[ContainerConfig, ...] = ()
) -> TransformJobConfig:
    """The configuration the job program reads.

    Raises:
        JobFailure: with a ClientError reason naming the invalid field.
    """
    data_source(request)
    output_path(request)
    transform_input = request.get("TransformInput") or {}
    transform_output = request.get("TransformOutput") or {}
    return TransformJobConfig(
        content_type=str(transform_input.get("ContentType") or ""),
        accept=str(transform_output.get("Accept") or ""),
        split_type=_choice(request, "TransformInput.SplitType"),
        batch_strategy=_choice(request, "BatchStrategy"),
        max_payload_bytes=_payload_bytes(request),
        assemble_with=_choice(request, "TransformOutput.AssembleWith"),
        compression=_choice(request, "TransformInput.CompressionType"),
        input_filter=_filter(request, "InputFilter"),
        output_filter=_filter(request, "OutputFilter"),
        join_source=_choice(request, "DataProcessing.JoinSource"),
        containers=containers,
    )
