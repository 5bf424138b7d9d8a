"""Local Lambda functions: configuration of a function whose code dagmaker keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

DEFAULT_TIMEOUT_SECONDS = 120
MAX_TIMEOUT_SECONDS = 900
DEFAULT_MEMORY_MB = 128


@dataclass(frozen=True)
class LambdaFunction:
    """A function registered with ``create_function`` / ``dagmaker lambda create``.

    Attributes:
        name: Function name (also the last part of its ARN).
        arn: ``arn:aws:lambda:local:000000000000:function:<name>``.
        handler: ``module.function`` (``dir/module.function`` for a module in a folder).
        runtime: A Python runtime name, e.g. ``python3.11`` (informational).
        role: Execution role ARN (accepted, not used locally).
        timeout: Seconds an invocation may run (1–900).
        memory_size: MB (reported to the handler, not enforced).
        environment: Environment variables the handler sees.
        description: Free text.
        code_sha256: Base64 SHA-256 of the deployment package, as Lambda reports it.
        code_size: Size of the deployment package in bytes.
        created_at: When the function was created.
        last_modified_at: When its code or configuration last changed.
    """

    name: str
    arn: str
    handler: str
    runtime: str = "python3.11"
    role: str = ""
    timeout: int = DEFAULT_TIMEOUT_SECONDS
    memory_size: int = DEFAULT_MEMORY_MB
    environment: dict[str, str] = field(default_factory=dict)
    description: str = ""
    code_sha256: str = ""
    code_size: int = 0
    created_at: datetime | None = None
    last_modified_at: datetime | None = None
