"""Package script-mode code as ``sourcedir.tar.gz`` and upload it.

The archive holds the entry point (or everything directly under ``source_dir``) and
each dependency directory, each at the archive root under its own name, as SageMaker's
SDK packs it; the container unpacks it and runs the entry point from there.
"""

from __future__ import annotations

import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagmaker._sdk.s3_upload import upload_path
from dagmaker.workflow.entities import is_pipeline_variable

ARCHIVE_NAME = "sourcedir.tar.gz"


@dataclass(frozen=True)
class UploadedCode:
    """Where script-mode code went.

    Attributes:
        s3_prefix: URI of the archive (or of the user's own S3 ``source_dir``).
        script_name: The entry point, relative to the unpacked archive.
    """

    s3_prefix: str
    script_name: str


def bundle_files(entry_point: str, source_dir: str | None, dependencies: list[str]) -> list[Path]:
    """The paths put at the archive root, in a stable order."""
    roots = [Path(entry_point)] if source_dir is None else sorted(Path(source_dir).iterdir())
    return [*roots, *(Path(d) for d in dependencies)]


def write_archive(files: list[Path], target: Path) -> Path:
    """Write a gzipped tar of ``files`` (directories recursively, links followed)."""
    with tarfile.open(target, mode="w:gz", dereference=True) as archive:
        for path in files:
            archive.add(str(path), arcname=path.name)
    return target


def upload_source_bundle(
    session: Any,
    entry_point: str,
    source_dir: Any,
    dependencies: list[str],
    bucket: str,
    key_prefix: str,
    kms_key: Any = None,
) -> UploadedCode:
    """Pack and upload the code to ``s3://<bucket>/<key_prefix>/sourcedir.tar.gz``.

    A ``source_dir`` that is already in S3 (or a pipeline variable) is used as is.

    Raises:
        ValueError: when a path to pack does not exist.
    """
    if source_dir is not None and (
        is_pipeline_variable(source_dir) or str(source_dir).lower().startswith("s3://")
    ):
        return UploadedCode(s3_prefix=source_dir, script_name=entry_point)
    script_name = entry_point if source_dir else Path(entry_point).name
    files = bundle_files(entry_point, source_dir, dependencies)
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise ValueError(f"cannot package script-mode code: {', '.join(missing)} not found")
    with tempfile.TemporaryDirectory(prefix="dagmaker-code-") as scratch:
        archive = write_archive(files, Path(scratch) / ARCHIVE_NAME)
        uri = upload_path(session, str(archive), f"s3://{bucket}/{key_prefix}", kms_key)
    return UploadedCode(s3_prefix=uri, script_name=script_name)
