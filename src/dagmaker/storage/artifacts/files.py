"""Local files on behalf of artifact stores: atomic replacement, upload sources, download targets.

A file is replaced by writing a hidden sibling and renaming it into place, so readers see
the old content or the new content, never a partial file, and a failed write leaves no
temporary file behind. A device or a pipe (``/dev/null``, ``/dev/stdout``) is written
into, never replaced: renaming over it would swap the device node for a plain file.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from dagmaker.storage.artifacts.keys import TEMP_MARKER
from dagmaker.storage.artifacts.problems import (
    directory_destination,
    file_in_the_way,
    missing_source,
    unwritable_destination,
)

# Concurrent deletes prune empty directories; retrying a few times outlasts them.
_ATTEMPTS = 10


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; its directory must exist."""
    _replace(path, lambda temp: temp.write_bytes(data))


def copy_atomically(source: Path, path: Path) -> None:
    """Replace ``path`` with a copy of ``source`` in one step; its directory must exist.

    The bytes are copied (the kernel's fast path, never through Python memory), not hard
    linked, so later changes to ``source`` do not leak into the copy.
    """
    _replace(path, lambda temp: shutil.copyfile(source, temp))


def fill_atomically(path: Path, fill: Callable[[Path], object]) -> None:
    """Replace ``path`` with whatever ``fill`` writes to the temporary path it is given.

    ``fill`` gets an empty file beside ``path`` to write (e.g. a streamed download); if it
    raises, that file is removed and ``path`` is left as it was.
    """
    _replace(path, fill)


def make_directories(directory: Path) -> None:
    """Create ``directory`` and its parents, even while a concurrent delete prunes them.

    Raises:
        FileExistsError: when a file is where a directory is needed.
        NotADirectoryError: likewise, for a file further up the path.
    """
    for attempt in range(_ATTEMPTS):
        try:
            directory.mkdir(parents=True, exist_ok=True)
            return
        except (FileNotFoundError, FileExistsError):
            if attempt == _ATTEMPTS - 1:
                raise


def check_source(path: Path) -> None:
    """Raise NotFound unless ``path`` is an existing regular file (symlinks followed)."""
    if not path.is_file():
        raise missing_source(path)


def prepare_destination(path: Path) -> None:
    """Make the parent directories of a download target; it must not be a directory.

    Raises:
        InvalidRequest: when ``path`` is an existing directory.
        Conflict: when a parent that must be a directory is a file.
    """
    if path.is_dir():
        raise directory_destination(path)
    try:
        make_directories(path.parent)
    except (FileExistsError, NotADirectoryError) as exc:
        parents = reversed(path.parents)
        blocker = next((p for p in parents if p.exists() and not p.is_dir()), path.parent)
        raise file_in_the_way(path, blocker) from exc


def is_temporary(name: str) -> bool:
    """Whether a file name is one of our in-flight temporary files."""
    return name.startswith(TEMP_MARKER)


def _replace(path: Path, fill: Callable[[Path], object]) -> None:
    if _is_special(path):
        _write_into(path, fill)
        return
    try:
        temp = _reserve_sibling(path)
    except OSError as exc:
        raise unwritable_destination(path, exc) from exc
    try:
        fill(temp)
        _flush_to_disk(temp)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _is_special(path: Path) -> bool:
    """Whether ``path`` is an existing device, pipe or socket (following links)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_into(path: Path, fill: Callable[[Path], object]) -> None:
    # The whole content is made first (a failed fill writes nothing), then streamed in.
    with tempfile.TemporaryDirectory(prefix="dagmaker-") as folder:
        temp = Path(folder) / "content"
        temp.touch()
        fill(temp)
        try:
            with temp.open("rb") as source, path.open("wb") as target:
                shutil.copyfileobj(source, target)
        except OSError as exc:
            raise unwritable_destination(path, exc) from exc


def _reserve_sibling(path: Path) -> Path:
    """Create an empty, uniquely named file beside ``path`` (mode subject to the umask)."""
    failures = 0
    while True:
        temp = path.with_name(f"{TEMP_MARKER}{secrets.token_hex(8)}")
        try:
            os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return temp
        except FileNotFoundError:
            # A concurrent delete pruned the directory after it was made; make it again.
            failures += 1
            if failures == _ATTEMPTS:
                raise
            make_directories(path.parent)


def _flush_to_disk(path: Path) -> None:
    # Without this, a power loss right after the rename can leave an empty file in place.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
