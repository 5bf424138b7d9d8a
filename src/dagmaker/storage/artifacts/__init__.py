"""Artifact stores: bytes addressed by ``s3://bucket/key`` URIs, on disk or in memory."""

from dagmaker.storage.artifacts.local import LocalArtifactStore
from dagmaker.storage.artifacts.memory import InMemoryArtifactStore
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.artifacts.transfer import delete_prefix, download_prefix, upload_directory

__all__ = [
    "ArtifactStore",
    "InMemoryArtifactStore",
    "LocalArtifactStore",
    "delete_prefix",
    "download_prefix",
    "upload_directory",
]
