"""Model and output archives: ``model.tar.gz`` / ``output.tar.gz`` as SageMaker writes them."""

from __future__ import annotations

import os
import tarfile
import tempfile
from pathlib import Path

from dagmaker.errors import JobFailure


def tar_directory(source: Path, destination: Path) -> Path:
    """Write a gzip tarball of ``source``'s contents (paths relative to it)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(destination, "w:gz") as archive:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                archive.add(path, arcname=str(path.relative_to(source)), recursive=False)
    return destination


def has_files(directory: Path) -> bool:
    """Whether ``directory`` holds at least one file anywhere below it."""
    return directory.is_dir() and any(p.is_file() for p in directory.rglob("*"))


def extract_archive(archive: Path, destination: Path, what: str) -> None:
    """Extract a tar(.gz) archive safely (no absolute paths or ``..`` escapes).

    Raises:
        JobFailure: when the archive is unreadable or tries to escape ``destination``.
    """
    destination.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(archive) as bundle:
            bundle.extractall(destination, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise JobFailure(f"ClientError: cannot unpack {what}: {exc}") from None


def temp_file(directory: Path, suffix: str) -> Path:
    """A new empty file path inside ``directory`` (for staging archives)."""
    directory.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=suffix, dir=directory)
    os.close(handle)
    return Path(name)
