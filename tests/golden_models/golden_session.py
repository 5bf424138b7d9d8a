"""The session every model golden uses, for dagmaker and (via the generator) SageMaker.

Both SDKs read the region from the boto session. dagmaker needs no boto3, so without it
a stand-in object carries the region; the generator runs with boto3 installed and gets a
real (offline) boto session.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

REGION = "us-west-2"
BUCKET = "golden-bucket"
ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
# Both SDKs stamp generated names with the time; the goldens are made and checked with
# the clock stopped here (2023-11-14T22:13:20.125Z).
FROZEN_TIME = 1700000000.125


def boto_session() -> Any:
    """A boto3 session for REGION when boto3 is installed, else an object with its region."""
    try:
        import boto3
    except ImportError:
        return SimpleNamespace(region_name=REGION)
    return boto3.Session(region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")


def session_kwargs(**extra: Any) -> dict[str, Any]:
    """Keyword arguments for ``PipelineSession(...)``: region, bucket and any extras."""
    return {"boto_session": boto_session(), "default_bucket": BUCKET, **extra}
