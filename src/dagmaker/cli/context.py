"""Per-invocation settings and client, built once at the CLI entry point."""

from __future__ import annotations

from functools import cache

from dagmaker.api import LocalSageMakerClient, connect
from dagmaker.settings import Settings


@cache
def settings() -> Settings:
    """Settings from the environment, read once."""
    return Settings.from_env()


@cache
def client() -> LocalSageMakerClient:
    """The local SageMaker client for this invocation."""
    return connect(settings=settings())
