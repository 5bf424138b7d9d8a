"""Per-invocation settings and client, built once at the CLI entry point."""

from __future__ import annotations

from functools import cache
from typing import Any

from dagmaker.api import connect, connect_s3
from dagmaker.settings import Settings


@cache
def settings() -> Settings:
    """Settings from the environment, read once."""
    return Settings.from_env()


@cache
def client() -> Any:
    """The SageMaker client for this invocation (a server's, with DAGMAKER_ENDPOINT_URL)."""
    return connect(settings=settings())


@cache
def s3_client() -> Any:
    """The S3 client for this invocation (boto3's names; a server's with DAGMAKER_ENDPOINT_URL)."""
    return connect_s3(settings=settings())
