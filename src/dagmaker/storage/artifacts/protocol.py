"""The artifact store port: bytes addressed by ``s3://bucket/key`` URIs.

Semantics follow S3 as an ``aws s3`` or boto3 user knows it: flat keys, prefixes that
match key text (not folders), whole-object writes, deletes that succeed when nothing is
there. Stores reject keys that could escape their bucket on disk (see ``keys``).
"""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Protocol, runtime_checkable


@runtime_checkable
class ArtifactStore(Protocol):
    """Byte-level access to objects named by ``s3://bucket/key`` URIs.

    Every method raises ``dagmaker.errors.InvalidRequest`` (field ``S3Uri``) for a URI that
    is malformed or whose key could escape the bucket.
    """

    def read_bytes(self, uri: str) -> bytes:
        """Return the whole object.

        Raises:
            NotFound: when no object has this key (field ``S3Uri``, value ``uri``).
        """
        ...

    def write_bytes(self, uri: str, data: bytes) -> None:
        """Create or replace the object; readers never see a partially written object."""
        ...

    def exists(self, uri: str) -> bool:
        """Whether an object has exactly this key (a prefix of other keys does not count)."""
        ...

    def list(self, prefix: str) -> builtins.list[str]:
        """Every object URI whose key starts with the prefix text, sorted, at any depth.

        ``s3://b/train`` matches ``train/a.csv`` and ``train2/b.csv``; ``s3://b/train/``
        only the first. ``s3://b`` and ``s3://b/`` list the whole bucket.
        """
        ...

    def buckets(self) -> builtins.list[str]:
        """The names of the buckets that hold objects (or were created), sorted."""
        ...

    def delete(self, uri: str) -> None:
        """Remove the object; nothing happens when it is absent."""
        ...

    def local_path(self, uri: str) -> Path | None:
        """The path on this machine's disk that holds the object, or None.

        Stores that keep objects as files (the local store) return the path so that job
        runners can bind-mount data instead of copying it; the path may not exist yet. For
        a prefix ending at a ``/`` boundary it is the directory holding the keys below it.
        Other stores return None.
        """
        ...

    def upload_file(self, path: Path, uri: str) -> None:
        """Store the content of a local file as the object, atomically.

        Raises:
            NotFound: when ``path`` is not an existing file.
        """
        ...

    def download_file(self, uri: str, path: Path) -> None:
        """Write the object to a local file atomically, creating parent directories.

        Raises:
            NotFound: when no object has this key.
        """
        ...
