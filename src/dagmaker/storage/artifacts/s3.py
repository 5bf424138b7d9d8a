"""An artifact store in an S3-compatible service (AWS S3, MinIO, ...), through boto3.

Objects move between local files and the service in parts, streamed: uploads at or above
``S3Config.multipart_threshold`` go up as a multipart upload, downloads that large come
down as ranged GETs written straight into place, so a few parts are held in memory at a
time, never a whole object. Keys are checked by the same rules as every other store, so a
URI that the local store refuses (``..``, ``//``, absolute keys, ...) is refused here too,
including keys that someone else wrote to the bucket and a listing hands back.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Set
from functools import partial
from pathlib import Path
from typing import IO, Any, TypeVar

from dagmaker._lib.s3uri import S3Uri
from dagmaker.storage.artifacts.files import check_source, fill_atomically, prepare_destination
from dagmaker.storage.artifacts.keys import object_location, prefix_location
from dagmaker.storage.artifacts.problems import missing_object
from dagmaker.storage.artifacts.s3_connection import S3Config, make_client, transfer_config
from dagmaker.storage.artifacts.s3_errors import ABSENT, MISSING_BUCKET, MISSING_KEY, request

T = TypeVar("T")
_CHUNK = 1 << 20  # bytes read from a single GET's body at a time


class S3ArtifactStore:
    """Objects in S3 buckets; ``s3://bucket/key`` is that bucket's object ``key``.

    A bucket that does not exist is created on the first write to it (as the local store
    makes a directory), so a fresh MinIO or test server needs no setup.

    Attributes:
        config: Endpoint, region and transfer sizes.
        client: The boto3 S3 client (thread-safe; shared by every call).
    """

    def __init__(self, config: S3Config, client: Any = None) -> None:
        self.config = config
        self.client = client if client is not None else make_client(config)
        self._transfer = transfer_config(config)

    def read_bytes(self, uri: str) -> bytes:
        """Return the whole object; NotFound when absent."""
        location = object_location(uri)

        def read() -> bytes:
            body: bytes = self.client.get_object(**_where(location))["Body"].read()
            return body

        data: bytes = self._request(uri, read)
        return data

    def write_bytes(self, uri: str, data: bytes) -> None:
        """Create or replace the object (S3 makes a PUT visible whole or not at all)."""
        location = object_location(uri)
        body = bytes(data)
        self._write(location, uri, partial(self.client.put_object, **_where(location), Body=body))

    def exists(self, uri: str) -> bool:
        """Whether an object has exactly this key."""
        return self._head(object_location(uri), uri) is not ABSENT

    def list(self, prefix: str) -> builtins.list[str]:
        """Every object URI whose key starts with the prefix text, sorted."""
        location = prefix_location(prefix)

        def keys() -> builtins.list[str]:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=location.bucket, Prefix=location.key
            )
            return [item["Key"] for page in pages for item in page.get("Contents", [])]

        found = self._request(prefix, keys, absent=MISSING_BUCKET)
        if found is ABSENT:
            return []
        return [str(S3Uri(location.bucket, key)) for key in sorted(found)]

    def buckets(self) -> builtins.list[str]:
        """Every bucket the credentials can list."""
        return sorted(b["Name"] for b in self.client.list_buckets().get("Buckets", []))

    def delete(self, uri: str) -> None:
        """Remove the object; nothing happens when it (or its bucket) is absent."""
        location = object_location(uri)
        self._request(uri, partial(self.client.delete_object, **_where(location)), MISSING_BUCKET)

    def local_path(self, uri: str) -> Path | None:
        """Always None: objects live in the service, not on this disk."""
        prefix_location(uri)
        return None

    def upload_file(self, path: Path, uri: str) -> None:
        """Stream a local file up as the object, in parts when it is large."""
        location = object_location(uri)
        check_source(path)
        self._write(location, uri, partial(self._upload, path, location))

    def download_file(self, uri: str, path: Path) -> None:
        """Stream the object into a local file, in ranged parts when it is large.

        The bytes land in a temporary file beside ``path`` that replaces it when complete.
        """
        location = object_location(uri)
        head = self._head(location, uri)
        if head is ABSENT:
            raise missing_object(uri)
        prepare_destination(path)
        size = int(head["ContentLength"])

        def fetch(temp: Path) -> None:
            with temp.open("r+b") as handle:
                self._request(uri, partial(self._download, location, size, handle))

        fill_atomically(path, fetch)

    def _upload(self, path: Path, location: S3Uri) -> None:
        if path.stat().st_size < self.config.multipart_threshold:
            with path.open("rb") as body:  # one PUT, read from the file as it is sent
                self.client.put_object(**_where(location), Body=body)
            return
        with self._manager() as manager:
            manager.upload(str(path), location.bucket, location.key).result()

    def _download(self, location: S3Uri, size: int, handle: IO[bytes]) -> None:
        if size < self.config.multipart_threshold:
            body = self.client.get_object(**_where(location))["Body"]
            for chunk in body.iter_chunks(_CHUNK):
                handle.write(chunk)
            return
        with self._manager() as manager:
            known = [_KnownSize(size)]  # s3transfer skips its own HEAD
            manager.download(location.bucket, location.key, handle, subscribers=known).result()

    def _manager(self) -> Any:
        """s3transfer's manager: multipart uploads and ranged GETs, a few parts in flight."""
        from s3transfer.manager import TransferManager

        return TransferManager(self.client, self._transfer)

    def _head(self, location: S3Uri, uri: str) -> Any:
        head = partial(self.client.head_object, **_where(location))
        return self._request(uri, head, absent=MISSING_KEY | MISSING_BUCKET)

    def _write(self, location: S3Uri, uri: str, action: Callable[[], object]) -> None:
        """Run a write, creating the bucket first if the service says it is missing."""
        if self._request(uri, action, absent=MISSING_BUCKET) is ABSENT:
            self._create_bucket(location.bucket, uri)
            self._request(uri, action)

    def _create_bucket(self, bucket: str, uri: str) -> None:
        region = self.client.meta.region_name
        options = {}
        if region and region != "us-east-1":
            options["CreateBucketConfiguration"] = {"LocationConstraint": region}
        # Another writer may have created it a moment ago: that is as good.
        create = partial(self.client.create_bucket, Bucket=bucket, **options)
        self._request(uri, create, absent={"BucketAlreadyOwnedByYou"})

    def _request(self, uri: str, action: Callable[[], T], absent: Set[str] = frozenset()) -> Any:
        return request(uri, self.config.where, action, absent)


class _KnownSize:
    """Tells s3transfer the object's size, which the store has just read with HEAD."""

    def __init__(self, size: int) -> None:
        self.size = size

    def on_queued(self, future: Any, **_: Any) -> None:
        future.meta.provide_transfer_size(self.size)

    def on_progress(self, **_: Any) -> None:
        return None

    def on_done(self, **_: Any) -> None:
        return None


def _where(location: S3Uri) -> dict[str, str]:
    return {"Bucket": location.bucket, "Key": location.key}
