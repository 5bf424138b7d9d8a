"""The session, clock and ids every check golden uses (dagmaker, and SageMaker via the tool).

Check steps stamp names with the time and put a random UUID in the S3 key of the
monitoring analysis config; the goldens are made and checked with both fixed.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

REGION = "us-west-2"
BUCKET = "golden-bucket"
ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
# 2023-11-14T22:13:20.125Z
FROZEN_TIME = 1700000000.125
FIXED_UUID = uuid.UUID("12345678-1234-5678-1234-567812345678")


def fixed_uuid4() -> uuid.UUID:
    """Stands in for ``uuid.uuid4`` while goldens are built."""
    return FIXED_UUID


def boto_session() -> Any:
    """A boto3 session for REGION when boto3 is installed, else an object with its region."""
    try:
        import boto3
    except ImportError:
        return SimpleNamespace(region_name=REGION)
    return boto3.Session(region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")


def session_kwargs(**extra: Any) -> dict[str, Any]:
    """Keyword arguments for a session: region, bucket and any extras."""
    return {"boto_session": boto_session(), "default_bucket": BUCKET, **extra}


class RecordingClient:
    """A SageMaker client that records every call and answers with ``responses``.

    Attributes:
        calls: ``{"Method": name, "Request": kwargs}`` in call order.
        responses: Method name → its answer (default ``{}``), or an exception to raise.
    """

    def __init__(self, responses: dict[str, Any] | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.responses = responses or {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(**kwargs: Any) -> Any:
            self.calls.append({"Method": name, "Request": kwargs})
            response = self.responses.get(name, {})
            if isinstance(response, Exception):
                raise response
            return response

        return call
