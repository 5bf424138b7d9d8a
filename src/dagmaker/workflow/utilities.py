"""Helpers the SageMaker SDK exposes from ``workflow.utilities``.

The hash functions give content digests for code uploads
(``s3://<bucket>/<pipeline>/code/<hash>/...``): the digest covers each path as given and
the names and bytes of every file below it, so a changed file, a renamed file or a
different list of paths gives a different hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from dagmaker.workflow.entities import Entity
from dagmaker.workflow.step_collections import StepCollection

_CHUNK = 65536


def list_to_request(entities: Sequence[Any]) -> list[Any]:
    """The requests of entities and step collections, collections flattened."""
    requests: list[Any] = []
    for entity in entities:
        if isinstance(entity, StepCollection):
            requests.extend(entity.request_dicts())
        elif isinstance(entity, Entity):
            requests.append(entity.to_request())
        else:
            raise TypeError(f"{entity!r} is not a step, step collection or other entity")
    return requests


def hash_object(obj: Any) -> str:
    """SHA-256 of ``str(obj)``."""
    return hashlib.sha256(str(obj).encode()).hexdigest()


def hash_file(path: str) -> str:
    """SHA-256 of one file's bytes."""
    digest = hashlib.sha256()
    _add_file(_local(path), digest)
    return digest.hexdigest()


def hash_files_or_dirs(paths: list[str]) -> str:
    """SHA-256 over several files or directory trees (paths, names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        local = _local(path)
        digest.update(local.encode())
        if Path(local).is_dir():
            _add_dir(Path(local), digest)
        elif Path(local).is_file():
            _add_file(local, digest)
    return digest.hexdigest()


def _local(path: str) -> str:
    if path.lower().startswith("file://"):
        return unquote(urlparse(path).path)
    return path


def _add_dir(directory: Path, digest: Any) -> None:
    for entry in sorted(directory.iterdir()):
        digest.update(entry.name.encode())
        if entry.is_file():
            _add_file(str(entry), digest)
        elif entry.is_dir():
            _add_dir(entry, digest)


def _add_file(path: str, digest: Any) -> None:
    file = Path(path)
    if not file.is_file():
        raise ValueError(f"{path} is not a file")
    with file.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
