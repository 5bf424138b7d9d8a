"""What job classes ask of a session: region, role ARN, default bucket and prefix.

These read a session through the attributes SageMaker's ``Session`` has, so a session
from either package works.
"""

from __future__ import annotations

from typing import Any

from dagmaker.workflow.entities import is_pipeline_variable

LOCAL_ACCOUNT = "000000000000"


def session_region(session: Any) -> str:
    """The session's region: its boto session's region when it has one, else its own."""
    boto_region = getattr(getattr(session, "boto_session", None), "region_name", None)
    if isinstance(boto_region, str) and boto_region:
        return boto_region
    return str(session.boto_region_name)


def expand_role(session: Any, role: Any) -> Any:
    """A role ARN for ``role``, which may be a bare role name (kept as is when a variable)."""
    if is_pipeline_variable(role) or "/" in str(role):
        return role
    account = getattr(session, "account_id", None)
    account_id = account() if callable(account) else LOCAL_ACCOUNT
    return f"arn:aws:iam::{account_id}:role/{role}"


def default_bucket(session: Any) -> str:
    """The session's default bucket."""
    return str(session.default_bucket())


def default_prefix(session: Any) -> str | None:
    """The key prefix of objects put in the default bucket, if any."""
    return getattr(session, "default_bucket_prefix", None) or None
