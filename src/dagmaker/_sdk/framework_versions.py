"""Checks shared by framework estimators and processors."""

from __future__ import annotations

from typing import Any


def validate_version_or_image_args(framework_version: Any, py_version: Any, image_uri: Any) -> None:
    """Require either both framework and Python versions, or an explicit image.

    Raises:
        ValueError: when neither is given.
    """
    if (framework_version is None or py_version is None) and image_uri is None:
        raise ValueError(
            "framework_version or py_version was None, yet image_uri was also None: give both "
            "framework_version and py_version, or give image_uri"
        )


def version_at_least(version: str, minimum: str) -> bool:
    """Compare dotted numeric versions (``"1.10.2" >= "1.3"``); suffixes like ``-1`` are ignored."""
    return _numbers(version) >= _numbers(minimum)


def _numbers(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split("-")[0].split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)
