"""Tags as SageMaker requests take them: a list of ``{"Key", "Value"}``."""

from __future__ import annotations

from typing import Any


def format_tags(tags: Any) -> list[dict[str, Any]] | None:
    """Turn ``{"k": "v"}`` into ``[{"Key": "k", "Value": "v"}]``; lists pass through."""
    if isinstance(tags, dict):
        return [{"Key": str(key), "Value": value} for key, value in tags.items()]
    if tags is None:
        return None
    return list(tags)
