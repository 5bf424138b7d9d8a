"""Repack a model archive with its inference code now, on the SDK side.

A ``Model`` with ``entry_point`` and ``source_dir`` whose ``model_data`` is already an
S3 URI is repacked when its container definition is built, as SageMaker's SDK does:
the archive is downloaded, the code is added under ``code/``, and the result is
uploaded next to the model's code. (When ``model_data`` is a pipeline variable the
archive does not exist yet, and ``ModelStep`` repacks it in a job instead.)
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from dagmaker._sdk.s3_upload import split_s3_uri
from dagmaker.workflow._repack._repack_model import build_model_tree


def repack_model(
    session: Any,
    model_uri: str,
    repacked_uri: str,
    entry_point: str,
    source_dir: str | None,
    dependencies: list[str],
) -> str:
    """Download ``model_uri``, add the code, upload the result to ``repacked_uri``.

    Returns:
        ``repacked_uri``.

    Raises:
        ValueError: when ``source_dir`` is in S3 (repacking reads local code only).
    """
    if source_dir and str(source_dir).lower().startswith("s3://"):
        raise ValueError(
            f"cannot repack model {model_uri!r} with code from {source_dir!r}: give a local "
            "source_dir, or a model_data that already contains the code"
        )
    with tempfile.TemporaryDirectory(prefix="dagmaker-repack-") as scratch:
        root = Path(scratch)
        archive = root / "model.tar.gz"
        bucket, key = split_s3_uri(model_uri)
        session.s3_client.download_file(Bucket=bucket, Key=key, Filename=str(archive))
        code_dir = _stage_code(root / "code", entry_point, source_dir, dependencies)
        tree = root / "tree"
        script = entry_point if source_dir else Path(entry_point).name
        build_model_tree(archive, code_dir, tree, script, bool(source_dir), dependencies)
        repacked = _pack(tree, root / "repacked.tar.gz")
        bucket, key = split_s3_uri(repacked_uri)
        session.s3_client.upload_file(Filename=str(repacked), Bucket=bucket, Key=key)
    return repacked_uri


def _stage_code(
    target: Path, entry_point: str, source_dir: str | None, dependencies: list[str]
) -> Path:
    """Lay the code out as the repack job sees it: sources and dependencies at the root."""
    if source_dir:
        shutil.copytree(source_dir, target)
    else:
        target.mkdir(parents=True)
        shutil.copy2(entry_point, target / Path(entry_point).name)
    for dependency in dependencies:
        source = Path(dependency)
        destination = target / source.name
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(source, destination)
    return target


def _pack(tree: Path, target: Path) -> Path:
    with tarfile.open(target, mode="w:gz") as archive:
        for path in sorted(tree.iterdir()):
            archive.add(str(path), arcname=path.name)
    return target
