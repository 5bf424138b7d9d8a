"""The local SageMaker API: boto3-named clients over dagmaker's stores and engine.

``connect()`` is the seam the SDK's ``Session`` uses to get its client; with
``DAGMAKER_ENDPOINT_URL`` set it returns a client of that dagmaker server instead.
Importing this package loads nothing else; each client loads what it needs when first
asked for.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

from dagmaker.settings import Settings

if TYPE_CHECKING:
    from dagmaker.api.lambda_client import LocalLambdaClient

ENDPOINT_VARIABLE = "DAGMAKER_ENDPOINT_URL"

__all__ = [
    "LocalLambdaClient",
    "LocalS3Client",
    "LocalSageMakerClient",
    "LocalSageMakerRuntimeClient",
    "Services",
    "connect",
    "connect_lambda",
    "connect_runtime",
    "connect_s3",
]
_LAZY = {
    "LocalLambdaClient": "dagmaker.api.lambda_client",
    "LocalS3Client": "dagmaker.api.s3_client",
    "LocalSageMakerClient": "dagmaker.api.client",
    "LocalSageMakerRuntimeClient": "dagmaker.api.runtime_client",
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


def connect(
    *, inline: bool = False, settings: Settings | None = None, endpoint_url: str | None = None
) -> Any:
    """The SageMaker client: a dagmaker server's, or the local one for ``DAGMAKER_HOME``.

    With ``endpoint_url`` (or ``DAGMAKER_ENDPOINT_URL``) the calls go to that server
    (``inline`` does not apply: the server runs executions); otherwise settings are read
    from the environment.
    """
    url = endpoint_url or os.environ.get(ENDPOINT_VARIABLE)
    if url:
        return _remote().RemoteSageMakerClient(url, os.environ)
    from dagmaker.api.client import LocalSageMakerClient

    return LocalSageMakerClient(_services(settings), inline=inline)


def connect_s3(*, settings: Settings | None = None, endpoint_url: str | None = None) -> Any:
    """The S3 client: boto3's for a dagmaker server, or the local one for ``DAGMAKER_HOME``."""
    url = endpoint_url or os.environ.get(ENDPOINT_VARIABLE)
    if url:
        return _remote().remote_s3_client(url, os.environ)
    from dagmaker.api.s3_client import LocalS3Client

    return LocalS3Client(_services(settings).artifacts)


def _remote() -> Any:
    # boto3 is needed only to talk to a server; load it only then.
    return importlib.import_module("dagmaker.api.remote")


def connect_lambda(*, settings: Settings | None = None) -> LocalLambdaClient:
    """The local Lambda client for ``DAGMAKER_HOME`` (functions run as local processes)."""
    from dagmaker.api.lambda_client import LocalLambdaClient

    return LocalLambdaClient(_services(settings))


def connect_runtime(*, settings: Settings | None = None) -> Any:
    """The local ``sagemaker-runtime`` client (``invoke_endpoint``) for ``DAGMAKER_HOME``."""
    from dagmaker.api.runtime_client import LocalSageMakerRuntimeClient

    return LocalSageMakerRuntimeClient(_services(settings))
