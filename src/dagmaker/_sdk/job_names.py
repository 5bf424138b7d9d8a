"""Job names as SageMaker's SDK generates them: ``<base>-<yyyy-mm-dd-HH-MM-SS-mmm>``."""

from __future__ import annotations

import re
import time
from typing import Any

from dagmaker.workflow.parameters import ParameterString

MAX_NAME_LENGTH = 63
_IMAGE_NAME = re.compile(r"^(.+/)?([^:/]+)(:[^:]+)?$")


def timestamp(now: float | None = None) -> str:
    """``yyyy-mm-dd-HH-MM-SS-mmm`` in UTC, with milliseconds."""
    moment = time.time() if now is None else now
    millis = int(moment * 1000) % 1000
    return time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime(moment)) + f"-{millis:03d}"


def name_from_base(base: str, max_length: int = MAX_NAME_LENGTH, now: float | None = None) -> str:
    """``base`` plus a timestamp, trimming ``base`` so the result fits ``max_length``."""
    stamp = timestamp(now)
    return f"{base[: max_length - len(stamp) - 1]}-{stamp}"


def base_name_from_image(image: Any, default_base_name: str) -> str:
    """The repository name of an image URI (``sagemaker-scikit-learn``), for job names.

    A pipeline variable has no value yet: a string parameter stands for its default, any
    other variable gives ``default_base_name``.
    """
    if isinstance(image, ParameterString) and image.default_value:
        image = image.default_value
    if not isinstance(image, str):
        return default_base_name
    match = _IMAGE_NAME.match(image)
    return match.group(2) if match else image
