"""Local Lambda functions: configuration of a function whose code dagmaker keeps."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from dagmaker._lib import naming
from dagmaker.errors import InvalidRequest

DEFAULT_TIMEOUT_SECONDS = 120
MAX_TIMEOUT_SECONDS = 900
DEFAULT_MEMORY_MB = 128
CONFIGURABLE = (
    "description",
    "environment",
    "handler",
    "memory_size",
    "role",
    "runtime",
    "timeout",
)
"""The fields a configuration update may change."""
CREATE_HINT = "Create it with `dagmaker lambda create NAME --script f.py --handler f.handler`."
_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
# arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>], or the partial
# <account>:function:<name> form Lambda also accepts.
_FUNCTION_REF = re.compile(
    r"^(?:arn:aws[a-z-]*:lambda:[^:]*:)?(?:[^:]*:)?function:(?P<name>[^:]+)(?::[^:]+)?$"
)


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


def function_name(reference: str) -> str:
    """The function name in a full or partial ARN (any region/account), or a bare name."""
    match = _FUNCTION_REF.match(reference.strip())
    return match["name"] if match else reference.strip()


def function_arn(name: str) -> str:
    """``arn:aws:lambda:local:000000000000:function:<name>``."""
    return naming.arn(f"function:{name}", service="lambda")


def check_name(name: str) -> str:
    """Return ``name`` if it is a valid function name.

    Raises:
        InvalidRequest: naming the rule.
    """
    if not _NAME.fullmatch(name):
        raise InvalidRequest(
            "a function name has 1-64 letters, digits, hyphens or underscores",
            field="FunctionName",
            value=name,
        )
    return name


def check_timeout(timeout: int) -> int:
    """Return ``timeout`` if it is within Lambda's 1-900 s.

    Raises:
        InvalidRequest: naming the limit.
    """
    if isinstance(timeout, bool) or not isinstance(timeout, int) or not 1 <= timeout <= 900:
        raise InvalidRequest(
            f"a function timeout is a whole number of seconds from 1 to {MAX_TIMEOUT_SECONDS}",
            field="Timeout",
            value=timeout,
        )
    return timeout


def check_configurable(fields: Iterable[str]) -> None:
    """Refuse a configuration update of fields it may not change (name, ARN, code).

    Raises:
        InvalidRequest: naming the first such field and those that may change.
    """
    fixed = sorted(set(fields) - set(CONFIGURABLE))
    if fixed:
        raise InvalidRequest(
            f"a configuration update cannot change {', '.join(fixed)}; it may change "
            f"{', '.join(CONFIGURABLE)}",
            field=fixed[0],
        )
