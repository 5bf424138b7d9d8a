"""Moving a job host's workspace between machines through the artifact store.

A Ray node may not share the engine's disk, so a host's prepared workspace (staged
inputs, code, config files) travels as one tar object in the artifact store, and what
the job wrote comes back the same way: only files that are new or changed since the
workspace was unpacked, so inputs are not sent twice.
"""

from __future__ import annotations

import os
import tarfile
import tempfile
from pathlib import Path

from dagmaker.storage.artifacts.protocol import ArtifactStore

# A file's identity for "did the job change it": size and modification time.
Manifest = dict[str, tuple[int, int]]


def manifest(root: Path) -> Manifest:
    """Every regular file below ``root`` with its size and mtime (nanoseconds)."""
    found: Manifest = {}
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            stat = path.stat()
            found[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


def upload_tree(store: ArtifactStore, root: Path, uri: str, since: Manifest | None = None) -> int:
    """Store the files below ``root`` (those changed since ``since``) as one tar at ``uri``.

    Directories travel too, so empty output folders exist on the other side.

    Returns:
        How many files went into the archive.
    """
    fd, temp_name = tempfile.mkstemp(suffix=".tar")
    os.close(fd)
    temp = Path(temp_name)
    count = 0
    try:
        with tarfile.open(temp, "w") as archive:
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root).as_posix()
                if path.is_dir() and not path.is_symlink():
                    archive.add(path, arcname=relative, recursive=False)
                elif path.is_file() and _changed(path, relative, since):
                    archive.add(path, arcname=relative, recursive=False)
                    count += 1
        store.upload_file(temp, uri)
    finally:
        temp.unlink(missing_ok=True)
    return count


def download_tree(store: ArtifactStore, uri: str, root: Path) -> None:
    """Unpack the tar stored at ``uri`` into ``root`` (created if missing)."""
    fd, temp_name = tempfile.mkstemp(suffix=".tar")
    os.close(fd)
    temp = Path(temp_name)
    try:
        store.download_file(uri, temp)
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(temp) as archive:
            # The "data" filter refuses absolute paths, links out of root and devices.
            archive.extractall(root, filter="data")
    finally:
        temp.unlink(missing_ok=True)


def _changed(path: Path, relative: str, since: Manifest | None) -> bool:
    if since is None or relative not in since:
        return True
    stat = path.stat()
    return since[relative] != (stat.st_size, stat.st_mtime_ns)
