"""Names and ARNs in SageMaker's formats, for local resources."""

from __future__ import annotations

import re
import string
from datetime import datetime

REGION = "local"
ACCOUNT = "000000000000"
_ALPHABET = string.ascii_lowercase + string.digits
_ARN = re.compile(r"^arn:aws[a-z-]*:(?P<service>[^:]*):[^:]*:[^:]*:(?P<resource>.+)$")


def random_id(length: int = 12) -> str:
    """Lower-case alphanumeric id, like a pipeline execution id."""
    # Imported here: secrets loads OpenSSL (15 ms), which reading commands never need.
    import secrets

    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def arn(resource: str, service: str = "sagemaker") -> str:
    """``arn:aws:sagemaker:local:000000000000:<resource>``."""
    return f"arn:aws:{service}:{REGION}:{ACCOUNT}:{resource}"


def pipeline_arn(pipeline_name: str) -> str:
    """ARN of a pipeline (names are lower-cased in ARNs, as SageMaker does)."""
    return arn(f"pipeline/{pipeline_name.lower()}")


def execution_arn(pipeline_name: str, execution_id: str) -> str:
    """ARN of a pipeline execution."""
    return arn(f"pipeline/{pipeline_name.lower()}/execution/{execution_id}")


def resource_from_arn(value: str) -> tuple[str, str] | None:
    """Split an ARN into (service, resource); None when it is not an ARN."""
    match = _ARN.match(value)
    return (match["service"], match["resource"]) if match else None


def job_name(base: str, now: datetime, max_length: int = 63) -> str:
    """A unique job name from ``base``: ``<base>-<yyyy-mm-dd-HH-MM-SS-mmm>-<rand>``."""
    stamp = now.strftime("%Y-%m-%d-%H-%M-%S-") + f"{now.microsecond // 1000:03d}"
    suffix = f"-{stamp}-{random_id(4)}"
    clean = re.sub(r"[^A-Za-z0-9-]", "-", base).strip("-") or "job"
    return clean[: max_length - len(suffix)] + suffix
