"""An artifact store in a local directory: ``s3://bucket/a/b.csv`` is ``<root>/bucket/a/b.csv``."""

from __future__ import annotations

import builtins
import os
from collections.abc import Iterator
from pathlib import Path

from dagmaker._lib.s3uri import S3Uri
from dagmaker.errors import InvalidRequest
from dagmaker.storage.artifacts.files import (
    check_source,
    copy_atomically,
    is_temporary,
    make_directories,
    prepare_destination,
    write_atomically,
)
from dagmaker.storage.artifacts.keys import object_location, prefix_location
from dagmaker.storage.artifacts.problems import (
    folder_in_the_way,
    missing_object,
    object_in_the_way,
)


class LocalArtifactStore:
    """Objects stored as files under ``root``, one directory per bucket.

    Writes are atomic (a hidden temporary sibling renamed into place), so readers and
    ``list`` never see partial objects. Because a path cannot be both a file and a
    directory, a key and keys below it (``a`` and ``a/b``) cannot coexist here; writing
    the second raises ``Conflict``. Directories emptied by ``delete`` are removed, up to
    the bucket directory. Symbolic links are honoured only while they stay inside the
    bucket; ``list`` shows links to files and does not descend into linked directories.

    Attributes:
        root: Absolute path of the directory holding one sub-directory per bucket.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root).absolute()

    def read_bytes(self, uri: str) -> bytes:
        """Return the whole object; NotFound when absent."""
        path = self._path_of(object_location(uri), uri)
        try:
            return path.read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as exc:
            raise missing_object(uri) from exc

    def write_bytes(self, uri: str, data: bytes) -> None:
        """Create or replace the object atomically."""
        location = object_location(uri)
        path = self._path_of(location, uri)
        self._make_room(location, path, uri)
        write_atomically(path, data)

    def exists(self, uri: str) -> bool:
        """Whether an object (a file, not a directory) has exactly this key."""
        return self._path_of(object_location(uri), uri).is_file()

    def list(self, prefix: str) -> builtins.list[str]:
        """Every object URI whose key starts with the prefix text, sorted."""
        location = prefix_location(prefix)
        folder = location.key.rpartition("/")[0]
        start = self._path_of(S3Uri(location.bucket, folder), prefix)
        real_bucket = self._bucket_dir(location.bucket).resolve()
        keys = _walk(start, f"{folder}/" if folder else "", location.key, real_bucket)
        found = sorted(key for key in keys if key.startswith(location.key))
        return [str(S3Uri(location.bucket, key)) for key in found]

    def buckets(self) -> builtins.list[str]:
        """Every bucket directory under the root."""
        if not self.root.is_dir():
            return []
        return sorted(
            p.name for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def delete(self, uri: str) -> None:
        """Remove the object if present, then any directories that became empty."""
        location = object_location(uri)
        path = self._path_of(location, uri)
        if not path.is_file():
            return
        path.unlink(missing_ok=True)
        _prune(path.parent, self._bucket_dir(location.bucket))

    def local_path(self, uri: str) -> Path | None:
        """The file holding the object, or for a ``/``-ended prefix the directory below it.

        The path is returned whether or not anything exists there yet.
        """
        return self._path_of(prefix_location(uri), uri)

    def upload_file(self, path: Path, uri: str) -> None:
        """Copy a local file in as the object, atomically (bytes copied, never linked)."""
        location = object_location(uri)
        target = self._path_of(location, uri)
        check_source(path)
        if _holds_same_bytes(target, path):
            # The SDK uploads the same code for every step that runs it; an unchanged
            # object is left as it is (and not synced to disk again).
            return
        self._make_room(location, target, uri)
        copy_atomically(path, target)

    def download_file(self, uri: str, path: Path) -> None:
        """Copy the object's file to ``path`` atomically, creating parent directories."""
        source = self._path_of(object_location(uri), uri)
        if not source.is_file():
            raise missing_object(uri)
        prepare_destination(path)
        try:
            copy_atomically(source, path)
        except FileNotFoundError as exc:
            if source.is_file():
                raise
            raise missing_object(uri) from exc

    def _bucket_dir(self, bucket: str) -> Path:
        return self.root / bucket

    def _path_of(self, location: S3Uri, uri: str) -> Path:
        """The path for a checked key, refusing symbolic links that leave the bucket."""
        bucket_dir = self._bucket_dir(location.bucket)
        path = bucket_dir / location.key
        real_bucket = bucket_dir.resolve()
        if not path.resolve().is_relative_to(real_bucket):
            raise InvalidRequest(
                "The S3 URI leads outside its bucket directory through a symbolic link",
                field="S3Uri",
                value=uri,
                hint=f"Replace the link under {bucket_dir} with a real file or directory.",
            )
        return path

    def _make_room(self, location: S3Uri, path: Path, uri: str) -> None:
        """Create the parent directories, or explain which object is in the way."""
        if path.is_dir():
            raise folder_in_the_way(uri)
        try:
            make_directories(path.parent)
        except (FileExistsError, NotADirectoryError):
            blocker = self._blocking_object(location)
            if blocker is None:
                raise
            raise object_in_the_way(str(blocker), uri) from None

    def _blocking_object(self, location: S3Uri) -> S3Uri | None:
        segments = location.key.split("/")
        for depth in range(1, len(segments)):
            key = "/".join(segments[:depth])
            if (self._bucket_dir(location.bucket) / key).is_file():
                return S3Uri(location.bucket, key)
        return None


def _walk(directory: Path, key_prefix: str, wanted: str, real_root: Path) -> Iterator[str]:
    """Keys of the files below ``directory``, skipping branches that cannot match."""
    try:
        with os.scandir(directory) as scan:
            entries = list(scan)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if is_temporary(entry.name) or "\\" in entry.name:
            continue
        key = key_prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            subtree = f"{key}/"
            if subtree.startswith(wanted) or wanted.startswith(subtree):
                yield from _walk(Path(entry.path), subtree, wanted, real_root)
        elif entry.is_file(follow_symlinks=False) or _links_to_file_in(entry, real_root):
            yield key


def _links_to_file_in(entry: os.DirEntry[str], real_root: Path) -> bool:
    if not entry.is_symlink():
        return False
    target = Path(entry.path).resolve()
    return target.is_file() and target.is_relative_to(real_root)


def _prune(directory: Path, bucket_dir: Path) -> None:
    """Remove empty directories from ``directory`` up to, not including, the bucket."""
    while directory != bucket_dir and directory.is_relative_to(bucket_dir):
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent


_SAME_BYTES_LIMIT = 8 * 1024 * 1024


def _holds_same_bytes(target: Path, source: Path) -> bool:
    """Whether ``target`` is a regular file with the bytes of (small) ``source``."""
    try:
        if target.is_symlink() or not target.is_file():
            return False
        size = source.stat().st_size
        if size > _SAME_BYTES_LIMIT or target.stat().st_size != size:
            return False
        return target.read_bytes() == source.read_bytes()
    except OSError:
        return False
