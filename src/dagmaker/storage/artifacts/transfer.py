"""Whole-directory transfers between local disk and any artifact store.

Job runners use these to fill a job's input directories and to publish its outputs;
``dagmaker s3 cp --recursive`` and ``rm --recursive`` use them too.

Which objects a prefix URI selects (download and delete alike):

* A URI that names an existing object (``s3://b/data/train.csv``) selects just that
  object; it downloads as ``<local_dir>/train.csv``.
* Otherwise the URI is read as a folder: ``s3://b/data/train`` and ``s3://b/data/train/``
  both select every key starting with ``data/train/``, and each downloads to
  ``<local_dir>/<key without data/train/>``. Keys such as ``data/train2/x`` are not
  selected, although a raw key-prefix match (``ArtifactStore.list``) would include them.
* ``s3://b`` and ``s3://b/`` select the whole bucket, relative to the bucket.
* Folder placeholder objects (keys ending in ``/``) are skipped.

This is how SageMaker places ``S3Prefix`` inputs in File mode (a single-object URI gives
one file named after the object; a folder's contents land directly in the channel or
``LocalPath`` directory), and how its local mode resolves the case where an object and
keys below it both exist: the object wins. Where SageMaker would also take partial-name
matches (``train`` picking up ``train2/``), the folder reading is used, which is what
such URIs mean in practice and what bind-mounting a local directory gives.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from dagmaker._lib.s3uri import S3Uri, join, parse
from dagmaker.errors import NotFound
from dagmaker.storage.artifacts.keys import prefix_location
from dagmaker.storage.artifacts.protocol import ArtifactStore

_log = logging.getLogger(__name__)


def upload_directory(store: ArtifactStore, local_dir: Path, prefix_uri: str) -> list[str]:
    """Upload every file below ``local_dir``, keyed by its path relative to it.

    Hidden files are included and symbolic links are followed (a link back to one of its
    own parent directories is not, to avoid endless recursion). ``prefix_uri`` is treated
    as a folder: ``s3://b/out`` and ``s3://b/out/`` both give ``s3://b/out/<relative>``.

    Args:
        store: Where to write.
        local_dir: The directory to upload.
        prefix_uri: The folder URI the files go under.

    Returns:
        The URIs written, sorted.

    Raises:
        NotFound: when ``local_dir`` is not a directory.
        InvalidRequest: when ``prefix_uri`` or a resulting key is not acceptable.
    """
    prefix_location(prefix_uri)
    if not local_dir.is_dir():
        raise NotFound(
            "The local directory to upload does not exist",
            field="path",
            value=str(local_dir),
            hint="Check the path; upload a single file with upload_file.",
        )
    written = []
    for path, relative in _files_below(local_dir, "", frozenset()):
        uri = join(prefix_uri, relative)
        store.upload_file(path, uri)
        written.append(uri)
    return sorted(written)


def download_prefix(store: ArtifactStore, prefix_uri: str, local_dir: Path) -> list[Path]:
    """Download the objects ``prefix_uri`` selects into ``local_dir``.

    The selection rule is in this module's docstring. Files are copied without reading
    them into memory when the store keeps them on disk.

    Args:
        store: Where to read.
        prefix_uri: An object URI, a folder URI or a bucket URI.
        local_dir: The directory to fill (created when missing).

    Returns:
        The files written, in key order; empty when nothing matched (callers decide
        whether an empty input is an error).
    """
    written = []
    for uri, relative in selection(store, prefix_uri):
        target = local_dir / relative
        store.download_file(uri, target)
        written.append(target)
    return written


def delete_prefix(store: ArtifactStore, prefix_uri: str) -> int:
    """Delete the objects ``prefix_uri`` selects (rule in this module's docstring).

    Returns:
        How many objects were deleted.
    """
    selected = selection(store, prefix_uri)
    for uri, _ in selected:
        store.delete(uri)
    return len(selected)


def selection(store: ArtifactStore, prefix_uri: str) -> list[tuple[str, str]]:
    """The selected object URIs, each with its path relative to the download directory."""
    location = prefix_location(prefix_uri)
    key = location.key
    if key and not key.endswith("/") and store.exists(prefix_uri):
        return [(prefix_uri, key.rpartition("/")[2])]
    folder = key if not key or key.endswith("/") else f"{key}/"
    selected = []
    for uri in store.list(str(S3Uri(location.bucket, folder))):
        relative = parse(uri).key[len(folder) :]
        if relative and not relative.endswith("/"):
            selected.append((uri, relative))
    return selected


def _files_below(
    directory: Path, relative: str, ancestors: frozenset[Path]
) -> Iterator[tuple[Path, str]]:
    """Each file below ``directory`` with its ``/``-separated path relative to the top."""
    real = directory.resolve()
    if real in ancestors:
        _log.warning("Not following %s: it links back to a directory above it", directory)
        return
    for child in sorted(directory.iterdir()):
        name = f"{relative}{child.name}"
        if child.is_dir():
            yield from _files_below(child, f"{name}/", ancestors | {real})
        elif child.is_file():
            yield child, name
        else:
            _log.warning("Skipping %s: not a regular file (a broken link or a device)", child)
