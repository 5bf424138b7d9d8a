"""An artifact store held in a dict, for tests and dry runs."""

from __future__ import annotations

import builtins
import threading
from pathlib import Path

from dagmaker._lib.s3uri import S3Uri
from dagmaker.storage.artifacts.files import check_source, prepare_destination, write_atomically
from dagmaker.storage.artifacts.keys import object_location, prefix_location
from dagmaker.storage.artifacts.problems import missing_object


class InMemoryArtifactStore:
    """Objects kept in process memory; safe to share between threads.

    Keys are checked with the same rules as the local store, but like S3 (and unlike a
    directory tree) a key and keys below it (``a`` and ``a/b``) may both exist.
    """

    def __init__(self) -> None:
        self._objects: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()

    def read_bytes(self, uri: str) -> bytes:
        """Return the whole object; NotFound when absent."""
        location = object_location(uri)
        with self._lock:
            data = self._objects.get((location.bucket, location.key))
        if data is None:
            raise missing_object(uri)
        return data

    def write_bytes(self, uri: str, data: bytes) -> None:
        """Create or replace the object (a private copy of ``data`` is kept)."""
        location = object_location(uri)
        content = bytes(data)
        with self._lock:
            self._objects[(location.bucket, location.key)] = content

    def exists(self, uri: str) -> bool:
        """Whether an object has exactly this key."""
        location = object_location(uri)
        with self._lock:
            return (location.bucket, location.key) in self._objects

    def list(self, prefix: str) -> builtins.list[str]:
        """Every object URI whose key starts with the prefix text, sorted."""
        location = prefix_location(prefix)
        with self._lock:
            keys = [
                key
                for bucket, key in self._objects
                if bucket == location.bucket and key.startswith(location.key)
            ]
        return [str(S3Uri(location.bucket, key)) for key in sorted(keys)]

    def buckets(self) -> builtins.list[str]:
        """Every bucket that holds an object."""
        with self._lock:
            return sorted({bucket for bucket, _ in self._objects})

    def delete(self, uri: str) -> None:
        """Remove the object if present."""
        location = object_location(uri)
        with self._lock:
            self._objects.pop((location.bucket, location.key), None)

    def local_path(self, uri: str) -> Path | None:
        """Always None: nothing is on disk."""
        prefix_location(uri)
        return None

    def upload_file(self, path: Path, uri: str) -> None:
        """Store a local file's content as the object."""
        object_location(uri)
        check_source(path)
        self.write_bytes(uri, path.read_bytes())

    def download_file(self, uri: str, path: Path) -> None:
        """Write the object to ``path`` atomically, creating parent directories."""
        data = self.read_bytes(uri)
        prepare_destination(path)
        write_atomically(path, data)
