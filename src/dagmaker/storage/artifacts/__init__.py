"""Artifact stores: bytes addressed by ``s3://bucket/key`` URIs, on disk, in memory or in S3.

Each name is imported from its module when first used, so a process that keeps its
artifacts in local files never loads the S3 client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dagmaker.storage.artifacts.configured import artifact_store
    from dagmaker.storage.artifacts.local import LocalArtifactStore
    from dagmaker.storage.artifacts.memory import InMemoryArtifactStore
    from dagmaker.storage.artifacts.protocol import ArtifactStore
    from dagmaker.storage.artifacts.s3 import S3ArtifactStore
    from dagmaker.storage.artifacts.s3_connection import S3Config
    from dagmaker.storage.artifacts.transfer import (
        delete_prefix,
        download_prefix,
        upload_directory,
    )

_MODULES = {
    "ArtifactStore": "protocol",
    "InMemoryArtifactStore": "memory",
    "LocalArtifactStore": "local",
    "S3ArtifactStore": "s3",
    "S3Config": "s3_connection",
    "artifact_store": "configured",
    "delete_prefix": "transfer",
    "download_prefix": "transfer",
    "upload_directory": "transfer",
}
__all__ = [
    "ArtifactStore",
    "InMemoryArtifactStore",
    "LocalArtifactStore",
    "S3ArtifactStore",
    "S3Config",
    "artifact_store",
    "delete_prefix",
    "download_prefix",
    "upload_directory",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'dagmaker.storage.artifacts' has no attribute {name!r}")
    return getattr(importlib.import_module(f"dagmaker.storage.artifacts.{module}"), name)
