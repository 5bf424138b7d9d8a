"""A local S3 client with boto3's method names, over the artifact store."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from dagmaker.storage.artifacts.protocol import ArtifactStore

JSON = Any


class LocalS3Client:
    """The subset of boto3's ``s3`` client that SageMaker's SDK helpers use."""

    def __init__(self, store: ArtifactStore) -> None:
        self.store = store

    def put_object(
        self, Bucket: str, Key: str, Body: bytes | str = b"", **_: Any
    ) -> dict[str, JSON]:
        """Write an object."""
        data = Body.encode() if isinstance(Body, str) else bytes(Body)
        self.store.write_bytes(f"s3://{Bucket}/{Key}", data)
        return {}

    def get_object(self, Bucket: str, Key: str, **_: Any) -> dict[str, JSON]:
        """Read an object; ``Body`` is a file-like object."""
        data = self.store.read_bytes(f"s3://{Bucket}/{Key}")
        return {"Body": io.BytesIO(data), "ContentLength": len(data)}

    def list_objects_v2(self, Bucket: str, Prefix: str = "", **_: Any) -> dict[str, JSON]:
        """List objects under a key prefix."""
        base = f"s3://{Bucket}/"
        contents = []
        for uri in self.store.list(base + Prefix):
            path = self.store.local_path(uri)
            size = (
                path.stat().st_size
                if path is not None and path.exists()
                else len(self.store.read_bytes(uri))
            )
            contents.append({"Key": uri[len(base) :], "Size": size})
        return {"Contents": contents, "KeyCount": len(contents), "IsTruncated": False}

    def delete_object(self, Bucket: str, Key: str, **_: Any) -> dict[str, JSON]:
        """Delete an object."""
        self.store.delete(f"s3://{Bucket}/{Key}")
        return {}

    def upload_file(self, Filename: str, Bucket: str, Key: str, **_: Any) -> None:
        """Upload a local file."""
        self.store.upload_file(Path(Filename), f"s3://{Bucket}/{Key}")

    def download_file(self, Bucket: str, Key: str, Filename: str, **_: Any) -> None:
        """Download an object to a local file."""
        self.store.download_file(f"s3://{Bucket}/{Key}", Path(Filename))
