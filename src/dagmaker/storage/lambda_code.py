"""Lambda deployment packages on disk: one unpacked folder per function.

A package is a zip file, as Lambda takes it. Installing unpacks it into a staging folder
beside the target and then swaps folders, so an invocation never sees half a package.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from dagmaker._lib.naming import random_id
from dagmaker.errors import InvalidRequest


def package_digest(data: bytes) -> str:
    """Base64 SHA-256 of a package: Lambda's ``CodeSha256``."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


class LambdaCodeStore:
    """Unpacked function code under ``root/<function name>/``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        """The folder holding the function's code."""
        return self.root / name

    def install(self, name: str, package: bytes) -> None:
        """Unpack a zip package as the function's code, replacing any earlier code.

        Raises:
            InvalidRequest: when ``package`` is not a zip file or a member would land
                outside the function's folder.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        staging = self.root / f".staging-{name}-{random_id(6)}"
        try:
            _unpack(package, staging)
            self._swap(name, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def remove(self, name: str) -> None:
        """Delete the function's code (nothing happens if there is none)."""
        shutil.rmtree(self.path(name), ignore_errors=True)

    def _swap(self, name: str, staging: Path) -> None:
        target = self.path(name)
        retired = self.root / f".retired-{name}-{random_id(6)}"
        if target.exists():
            target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)


def _unpack(package: bytes, target: Path) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(package))
    except zipfile.BadZipFile as exc:
        raise InvalidRequest(
            "the function code must be a zip file (Code.ZipFile)",
            field="Code.ZipFile",
            hint="Zip the handler's .py file(s), or use `dagmaker lambda create --script`.",
        ) from exc
    with archive:
        for member in archive.namelist():
            parts = PurePosixPath(member).parts
            if member.startswith("/") or ".." in parts:
                raise InvalidRequest(
                    f"zip member {member!r} would be written outside the function's folder",
                    field="Code.ZipFile",
                )
        target.mkdir(parents=True)
        archive.extractall(target)
