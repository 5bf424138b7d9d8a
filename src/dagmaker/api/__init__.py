"""The local SageMaker API: boto3-named clients over dagmaker's stores and engine.

``connect()`` is the seam the SDK's ``Session`` uses to get its client.
"""

from __future__ import annotations

from dagmaker.api.client import LocalSageMakerClient
from dagmaker.api.lambda_client import LocalLambdaClient
from dagmaker.api.runtime_client import LocalSageMakerRuntimeClient
from dagmaker.api.s3_client import LocalS3Client
from dagmaker.api.services import Services, build_services
from dagmaker.settings import Settings

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


def connect(*, inline: bool = False, settings: Settings | None = None) -> LocalSageMakerClient:
    """The local SageMaker client for ``DAGMAKER_HOME`` (settings read from the environment)."""
    services = build_services(settings or Settings.from_env())
    return LocalSageMakerClient(services, inline=inline)


def connect_s3(*, settings: Settings | None = None) -> LocalS3Client:
    """The local S3 client for ``DAGMAKER_HOME``."""
    return LocalS3Client(build_services(settings or Settings.from_env()).artifacts)


def connect_lambda(*, settings: Settings | None = None) -> LocalLambdaClient:
    """The local Lambda client for ``DAGMAKER_HOME`` (functions run as local processes)."""
    return LocalLambdaClient(build_services(settings or Settings.from_env()))


def connect_runtime(*, settings: Settings | None = None) -> LocalSageMakerRuntimeClient:
    """The local ``sagemaker-runtime`` client (``invoke_endpoint``) for ``DAGMAKER_HOME``."""
    return LocalSageMakerRuntimeClient(build_services(settings or Settings.from_env()))
