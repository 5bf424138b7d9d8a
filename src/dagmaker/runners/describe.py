"""Small helpers shared by the Describe* documents runners build."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker._lib import naming


def now() -> str:
    """The current time as the ISO-8601 text stored in documents."""
    return datetime.now(UTC).isoformat()


def job_arn(kind: str, name: str) -> str:
    """``arn:aws:sagemaker:local:000000000000:processing-job/<name>`` and friends."""
    return naming.arn(f"{kind}/{name.lower()}")


def without_none(doc: dict[str, Any]) -> dict[str, Any]:
    """Drop keys whose value is None (Describe* responses omit absent fields)."""
    return {k: v for k, v in doc.items() if v is not None}
