"""``estimator.fit(inputs)`` → the ``InputDataConfig`` channels of a training request.

``inputs`` is an S3 URI, a ``TrainingInput``/``FileSystemInput`` (the ``training``
channel) or a dict of channel name → any of those (or a pipeline variable holding a URI).
"""

from __future__ import annotations

from typing import Any

from dagmaker.inputs import FileSystemInput, TrainingInput
from dagmaker.workflow.entities import is_pipeline_variable

DEFAULT_CHANNEL = "training"


def input_channels(inputs: Any) -> list[dict[str, Any]] | None:
    """The channels for ``inputs`` (``None`` stays ``None``).

    Raises:
        ValueError: for a value that is not an S3 URI, an input object or such a dict.
    """
    if inputs is None:
        return None
    if isinstance(inputs, dict):
        named = {name: _channel_input(value, name) for name, value in inputs.items()}
    elif isinstance(inputs, (str, TrainingInput, FileSystemInput)):
        named = {DEFAULT_CHANNEL: _channel_input(inputs, DEFAULT_CHANNEL)}
    else:
        raise ValueError(
            f"cannot use {inputs!r} as training input: pass an s3:// URI, a TrainingInput, a "
            "FileSystemInput, or a dict of channel name to one of those"
        )
    return [channel(name, source) for name, source in named.items()]


def channel(name: str, source: TrainingInput | FileSystemInput) -> dict[str, Any]:
    """One channel: the input's configuration plus its ``ChannelName``."""
    config = dict(source.config)
    config["ChannelName"] = name
    return config


def uri_channel(
    name: str, uri: Any, content_type: str | None = None, input_mode: str | None = None
) -> dict[str, Any]:
    """A channel reading an S3 URI (used for the model and code channels)."""
    return channel(name, _channel_input(uri, name, content_type, input_mode))


def _channel_input(
    value: Any, name: str, content_type: str | None = None, input_mode: str | None = None
) -> TrainingInput | FileSystemInput:
    if isinstance(value, (TrainingInput, FileSystemInput)):
        return value
    if is_pipeline_variable(value):
        return TrainingInput(value, content_type=content_type, input_mode=input_mode)
    if isinstance(value, str) and value.startswith("s3://"):
        return TrainingInput(value, content_type=content_type, input_mode=input_mode)
    if isinstance(value, str) and value.startswith("file://"):
        raise ValueError(
            f"training channel {name!r}: file:// URIs ({value}) are not supported; upload the "
            "data first (session.upload_data(path)) and pass the s3:// URI it returns"
        )
    if isinstance(value, str):
        raise ValueError(
            f"training channel {name!r}: input {value!r} must be an S3 URI starting with "
            "'s3://'; upload local data with session.upload_data(path) first"
        )
    raise ValueError(
        f"training channel {name!r}: cannot use {value!r}; pass an s3:// URI, a TrainingInput "
        "or a FileSystemInput"
    )
