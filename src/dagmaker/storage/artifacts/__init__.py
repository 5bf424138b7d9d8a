"""Artifact stores: bytes addressed by ``s3://bucket/key`` URIs, on disk, in memory or in S3."""

from dagmaker.storage.artifacts.configured import artifact_store
from dagmaker.storage.artifacts.local import LocalArtifactStore
from dagmaker.storage.artifacts.memory import InMemoryArtifactStore
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.artifacts.s3 import S3ArtifactStore
from dagmaker.storage.artifacts.s3_connection import S3Config
from dagmaker.storage.artifacts.transfer import delete_prefix, download_prefix, upload_directory

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
