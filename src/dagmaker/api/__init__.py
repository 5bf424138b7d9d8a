"""The local SageMaker API: boto3-named clients over dagmaker's stores and engine.

``connect()`` is the seam the SDK's ``Session`` uses to get its client. Importing this
package loads nothing else; each client loads what it needs when first asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dagmaker.settings import Settings

if TYPE_CHECKING:
    from dagmaker.api.client import LocalSageMakerClient
    from dagmaker.api.lambda_client import LocalLambdaClient
    from dagmaker.api.s3_client import LocalS3Client

__all__ = [
    "LocalLambdaClient",
    "LocalS3Client",
    "LocalSageMakerClient",
    "Services",
    "connect",
    "connect_lambda",
    "connect_s3",
]
_LAZY = {
    "LocalLambdaClient": "dagmaker.api.lambda_client",
    "LocalS3Client": "dagmaker.api.s3_client",
    "LocalSageMakerClient": "dagmaker.api.client",
    "Services": "dagmaker.api.services",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dagmaker.api' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def _services(settings: Settings | None) -> Any:
    from dagmaker.api.services import build_services

    return build_services(settings or Settings.from_env())


def connect(*, inline: bool = False, settings: Settings | None = None) -> LocalSageMakerClient:
    """The local SageMaker client for ``DAGMAKER_HOME`` (settings read from the environment)."""
    from dagmaker.api.client import LocalSageMakerClient

    return LocalSageMakerClient(_services(settings), inline=inline)


def connect_s3(*, settings: Settings | None = None) -> LocalS3Client:
    """The local S3 client for ``DAGMAKER_HOME``."""
    from dagmaker.api.s3_client import LocalS3Client

    return LocalS3Client(_services(settings).artifacts)


def connect_lambda(*, settings: Settings | None = None) -> LocalLambdaClient:
    """The local Lambda client for ``DAGMAKER_HOME`` (functions run as local processes)."""
    from dagmaker.api.lambda_client import LocalLambdaClient

    return LocalLambdaClient(_services(settings))
