"""S3 multipart uploads: parts kept as hidden files in the bucket, joined on completion.

An upload lives in a hidden directory of its bucket (invisible to listings, on the same
filesystem as its destination), so completing it is one kernel-side concatenation and a
rename; aborting it removes the directory.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dagmaker.server.error_codes import WireError
from dagmaker.server.s3_objects import ObjectInfo, Objects, etag_of
from dagmaker.server.s3_receive import hidden_file
from dagmaker.storage.artifacts.keys import TEMP_MARKER

_PREFIX = f"{TEMP_MARKER}mpu-"
_META = "upload.json"
MIN_PART = 5 * 1024 * 1024
MAX_PARTS = 10_000


@dataclass(frozen=True)
class Part:
    """One uploaded part."""

    number: int
    etag: str
    size: int
    modified: datetime


class Uploads:
    """Multipart uploads of one server."""

    def __init__(self, objects: Objects) -> None:
        self.objects = objects

    def create(self, bucket: str, key: str) -> str:
        """Start an upload; return its id."""
        self.objects.uri(bucket, key)
        upload_id = secrets.token_urlsafe(24)
        directory = self.objects.bucket_dir(bucket) / f"{_PREFIX}{upload_id}"
        directory.mkdir()
        meta = {"Key": key, "Initiated": datetime.now(UTC).isoformat()}
        (directory / _META).write_text(json.dumps(meta))
        return upload_id

    def directory(self, bucket: str, key: str, upload_id: str) -> Path:
        """The directory of an upload of ``key``.

        Raises:
            WireError: NoSuchUpload.
        """
        safe = upload_id.replace("-", "").replace("_", "").isalnum()
        directory = self.objects.bucket_dir(bucket) / f"{_PREFIX}{upload_id}"
        if not safe or not (directory / _META).is_file() or self._meta(directory)["Key"] != key:
            raise WireError(
                404,
                "NoSuchUpload",
                "The specified upload does not exist. The upload ID may be invalid, or the "
                "upload may have been aborted or completed.",
            )
        return directory

    def keep_part(self, directory: Path, number: int, received: Path) -> str:
        """Store a received part under its number; return its ETag."""
        if not 1 <= number <= MAX_PARTS:
            received.unlink(missing_ok=True)
            raise WireError(400, "InvalidArgument", "Part number must be between 1 and 10000")
        path = directory / f"part-{number:05d}"
        received.replace(path)
        return etag_of(path)

    def parts(self, directory: Path) -> list[Part]:
        """The parts uploaded so far, by number."""
        found = []
        for path in sorted(directory.glob("part-*")):
            info = path.stat()
            modified = datetime.fromtimestamp(info.st_mtime, UTC)
            found.append(Part(int(path.name[5:]), etag_of(path), info.st_size, modified))
        return found

    def complete(
        self, bucket: str, key: str, directory: Path, wanted: list[dict[str, Any]]
    ) -> ObjectInfo:
        """Join the listed parts into the object (checked as S3 checks them).

        Raises:
            WireError: InvalidPart, InvalidPartOrder, EntityTooSmall or MalformedXML.
        """
        chosen = self._chosen(directory, wanted)
        target = hidden_file(self.objects.bucket_dir(bucket))
        try:
            _concatenate([directory / f"part-{p.number:05d}" for p in chosen], target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        info = self.objects.keep(bucket, key, target)
        self.abort(directory)
        return info

    def _chosen(self, directory: Path, wanted: list[dict[str, Any]]) -> list[Part]:
        if not wanted:
            raise WireError(400, "MalformedXML", "The XML you provided was not well-formed")
        have = {p.number: p for p in self.parts(directory)}
        numbers = [int(item.get("PartNumber") or 0) for item in wanted]
        if numbers != sorted(set(numbers)):
            raise WireError(
                400, "InvalidPartOrder", "The list of parts was not in ascending order."
            )
        chosen = []
        for item, number in zip(wanted, numbers, strict=True):
            part = have.get(number)
            if part is None or item.get("ETag", "").strip('"') != part.etag.strip('"'):
                raise WireError(
                    400,
                    "InvalidPart",
                    "One or more of the specified parts could not be found. The part may not "
                    "have been uploaded, or the specified entity tag may not match the part's "
                    "entity tag.",
                )
            chosen.append(part)
        if any(p.size < MIN_PART for p in chosen[:-1]):
            raise WireError(
                400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed"
            )
        return chosen

    def abort(self, directory: Path) -> None:
        """Drop an upload and its parts."""
        for path in directory.iterdir():
            path.unlink(missing_ok=True)
        directory.rmdir()

    def uploads(self, bucket: str) -> list[dict[str, Any]]:
        """The bucket's uploads in progress (key, id, initiation time), by key."""
        found = []
        for directory in self.objects.bucket_dir(bucket).glob(f"{_PREFIX}*"):
            if (directory / _META).is_file():
                meta = self._meta(directory)
                found.append(
                    {
                        "Key": meta["Key"],
                        "UploadId": directory.name[len(_PREFIX) :],
                        "Initiated": meta["Initiated"],
                    }
                )
        return sorted(found, key=lambda u: (u["Key"], u["Initiated"]))

    @staticmethod
    def _meta(directory: Path) -> dict[str, str]:
        meta: dict[str, str] = json.loads((directory / _META).read_text())
        return meta


def _concatenate(sources: list[Path], target: Path) -> None:
    """Append the sources to ``target`` in the kernel (no copy through Python memory)."""
    with target.open("wb") as out:
        for source in sources:
            with source.open("rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                copied = 0
                while copied < size:
                    sent = os.copy_file_range(handle.fileno(), out.fileno(), size - copied)
                    if sent == 0:
                        break
                    copied += sent
        out.flush()
        os.fsync(out.fileno())
