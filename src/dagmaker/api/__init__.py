"""The local SageMaker API: boto3-named clients over dagmaker's stores and engine.

``connect()`` is the seam the SDK's ``Session`` uses to get its client; with
``DAGMAKER_ENDPOINT_URL`` set it returns a client of that dagmaker server instead.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from dagmaker.api.client import LocalSageMakerClient
from dagmaker.api.lambda_client import LocalLambdaClient
from dagmaker.api.s3_client import LocalS3Client
from dagmaker.api.services import Services, build_services
from dagmaker.settings import Settings

ENDPOINT_VARIABLE = "DAGMAKER_ENDPOINT_URL"

__all__ = [
    "LocalLambdaClient",
    "LocalS3Client",
    "LocalSageMakerClient",
    "Services",
    "connect",
    "connect_lambda",
    "connect_s3",
]


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
    services = build_services(settings or Settings.from_env())
    return LocalSageMakerClient(services, inline=inline)


def connect_s3(*, settings: Settings | None = None, endpoint_url: str | None = None) -> Any:
    """The S3 client: boto3's for a dagmaker server, or the local one for ``DAGMAKER_HOME``."""
    url = endpoint_url or os.environ.get(ENDPOINT_VARIABLE)
    if url:
        return _remote().remote_s3_client(url, os.environ)
    return LocalS3Client(build_services(settings or Settings.from_env()).artifacts)


def _remote() -> Any:
    # boto3 is needed only to talk to a server; load it only then.
    return importlib.import_module("dagmaker.api.remote")


def connect_lambda(*, settings: Settings | None = None) -> LocalLambdaClient:
    """The local Lambda client for ``DAGMAKER_HOME`` (functions run as local processes)."""
    return LocalLambdaClient(build_services(settings or Settings.from_env()))
