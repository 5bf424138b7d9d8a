"""The artifact store the settings name, built wherever it is needed.

The engine builds it once per process; a Ray node builds the same one for the jobs it
runs, so this module stays light (no database code).
"""

from __future__ import annotations

from dagmaker.errors import InvalidRequest
from dagmaker.settings import Settings
from dagmaker.storage.artifacts.local import LocalArtifactStore
from dagmaker.storage.artifacts.protocol import ArtifactStore


def artifact_store(settings: Settings) -> ArtifactStore:
    """The artifact store ``DAGMAKER_ARTIFACT_STORE`` names.

    Raises:
        InvalidRequest: for a store kind other than ``local`` and ``s3``.
    """
    if settings.artifact_store == "s3":
        from dagmaker.storage.artifacts.s3 import S3ArtifactStore
        from dagmaker.storage.artifacts.s3_connection import DEFAULT_PART_SIZE, S3Config

        return S3ArtifactStore(
            S3Config(
                endpoint_url=settings.s3_endpoint_url,
                part_size=settings.s3_part_size or DEFAULT_PART_SIZE,
                multipart_threshold=settings.s3_multipart_threshold or DEFAULT_PART_SIZE,
            )
        )
    if settings.artifact_store != "local":
        raise InvalidRequest(
            "artifacts are kept in 'local' files or in 's3'",
            field="DAGMAKER_ARTIFACT_STORE",
            value=settings.artifact_store,
        )
    return LocalArtifactStore(settings.artifacts_root)
