"""Buckets and objects as S3 shows them, over the local artifact store.

A bucket is a directory under the store's root; an object is a file, addressed and
checked (``..``, escapes, reserved names) by the store. Received bodies are renamed into
place, so a reader sees the old object or the new one, never a partial one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dagmaker._lib.s3uri import S3Uri
from dagmaker.errors import InvalidRequest, NotFound
from dagmaker.server.error_codes import WireError
from dagmaker.storage.artifacts.files import is_temporary, make_directories
from dagmaker.storage.artifacts.keys import object_location
from dagmaker.storage.artifacts.local import LocalArtifactStore
from dagmaker.storage.artifacts.problems import folder_in_the_way, object_in_the_way

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


@dataclass(frozen=True)
class ObjectInfo:
    """What HEAD tells about an object."""

    path: Path
    size: int
    modified: datetime
    etag: str


def etag_of(path: Path) -> str:
    """An object's entity tag: changes whenever its file is replaced.

    Derived from size, modification time and inode rather than an MD5 of the content
    (as for S3's multipart and KMS-encrypted objects), so a HEAD never reads the data.
    """
    info = path.stat()
    token = f"{info.st_size}-{info.st_mtime_ns}-{info.st_ino}".encode()
    return f'"{hashlib.md5(token, usedforsecurity=False).hexdigest()}"'


class Objects:
    """S3's view of a local artifact store.

    Args:
        store: The local store; its root holds one directory per bucket.
    """

    def __init__(self, store: LocalArtifactStore) -> None:
        self.store = store
        self.root = store.root

    # -- buckets ---------------------------------------------------------------------------

    def bucket_dir(self, bucket: str) -> Path:
        """The directory of an existing bucket.

        Raises:
            WireError: InvalidBucketName or NoSuchBucket.
        """
        check_bucket_name(bucket)
        path = self.root / bucket
        if not path.is_dir():
            raise WireError(404, "NoSuchBucket", "The specified bucket does not exist")
        return path

    def create_bucket(self, bucket: str) -> None:
        """Create a bucket; asking again for one you own succeeds, as in us-east-1."""
        check_bucket_name(bucket)
        (self.root / bucket).mkdir(parents=True, exist_ok=True)

    def ensure_bucket(self, bucket: str) -> None:
        """Create the bucket unless it exists."""
        self.create_bucket(bucket)

    def delete_bucket(self, bucket: str) -> None:
        """Delete an empty bucket (BucketNotEmpty otherwise)."""
        path = self.bucket_dir(bucket)
        if any(not is_temporary(p.name) for p in path.iterdir()):
            raise WireError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty")
        for leftover in path.iterdir():
            _remove(leftover)
        path.rmdir()

    def buckets(self) -> list[tuple[str, datetime]]:
        """Every bucket with its creation time, by name."""
        if not self.root.is_dir():
            return []
        found = []
        for path in sorted(self.root.iterdir()):
            if path.is_dir() and _BUCKET.match(path.name):
                found.append((path.name, _time(path.stat().st_mtime)))
        return found

    # -- objects ---------------------------------------------------------------------------

    def uri(self, bucket: str, key: str) -> str:
        """The ``s3://`` URI of an object, checked by the store's key rules.

        Raises:
            WireError: InvalidArgument for a key the store refuses (``..``, ``//``, …).
        """
        uri = str(S3Uri(bucket, key))
        try:
            object_location(uri)
        except InvalidRequest as error:
            raise WireError(400, "InvalidArgument", error.details()) from None
        return uri

    def head(self, bucket: str, key: str) -> ObjectInfo:
        """An object's size, time and ETag.

        Raises:
            WireError: NoSuchBucket or NoSuchKey.
        """
        self.bucket_dir(bucket)
        path = self._path(bucket, key)
        try:
            info = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise no_such_key(key) from None
        if not path.is_file():
            raise no_such_key(key)
        return ObjectInfo(path, info.st_size, _time(info.st_mtime), etag_of(path))

    def keep(self, bucket: str, key: str, received: Path) -> ObjectInfo:
        """Rename a received file into place as the object; return what it now is.

        Raises:
            WireError: InvalidArgument when a local store cannot hold this key beside an
                existing object (``a`` and ``a/b``).
        """
        uri = self.uri(bucket, key)
        path = self._path(bucket, key)
        try:
            if path.is_dir():
                raise folder_in_the_way(uri)
            try:
                make_directories(path.parent)
            except (FileExistsError, NotADirectoryError):
                raise object_in_the_way(_blocker(self.root / bucket, key), uri) from None
        except Exception:
            received.unlink(missing_ok=True)
            raise
        received.replace(path)
        return self.head(bucket, key)

    def delete(self, bucket: str, key: str) -> None:
        """Delete an object; nothing happens when it is absent (as S3)."""
        self.bucket_dir(bucket)
        self.store.delete(self.uri(bucket, key))

    def keys(self, bucket: str, prefix: str) -> list[str]:
        """Every key of the bucket starting with ``prefix``, sorted."""
        self.bucket_dir(bucket)
        base = f"s3://{bucket}/"
        try:
            found = self.store.list(base + prefix)
        except InvalidRequest:
            return []  # a prefix no stored key can have ('..', '//'): nothing matches
        return [uri[len(base) :] for uri in found]

    def _path(self, bucket: str, key: str) -> Path:
        uri = self.uri(bucket, key)
        try:
            path = self.store.local_path(uri)
        except InvalidRequest as error:
            raise WireError(400, "InvalidArgument", error.details()) from None
        assert path is not None
        return path


def check_bucket_name(bucket: str) -> None:
    """S3's bucket naming rules: 3-63 lower-case letters, digits, dots and hyphens.

    Raises:
        WireError: InvalidBucketName.
    """
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise WireError(400, "InvalidBucketName", f"The specified bucket is not valid: {bucket!r}")


def no_such_key(key: str) -> WireError:
    """S3's NoSuchKey."""
    return WireError(404, "NoSuchKey", "The specified key does not exist.")


def not_found(error: NotFound) -> WireError:
    """A store's NotFound, as S3 says it."""
    return WireError(404, "NoSuchKey", error.message)


def _blocker(bucket_dir: Path, key: str) -> str:
    parts = key.split("/")
    for depth in range(1, len(parts)):
        if (bucket_dir / "/".join(parts[:depth])).is_file():
            return "/".join(parts[:depth])
    return key


def _remove(path: Path) -> None:
    if path.is_dir():
        for child in path.iterdir():
            _remove(child)
        path.rmdir()
    else:
        path.unlink(missing_ok=True)


def _time(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)
