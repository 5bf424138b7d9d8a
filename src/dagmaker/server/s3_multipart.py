"""S3 multipart uploads, assembled in place so completing one copies nothing.

An upload lives in a hidden directory of its bucket (invisible to listings, on the same
filesystem as its destination) holding an assembly file. SDKs upload equal-sized parts
with a smaller last one, so each part is written straight to its final offset,
``(number - 1) * part size``, the part size being that of the first part to arrive.
Completing such an upload truncates the assembly file and renames it into place. Parts
that do not fit that pattern (a larger part, a copied part) are kept as files of their
own, and completion then joins everything in the kernel.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dagmaker.server.error_codes import WireError
from dagmaker.server.s3_objects import ObjectInfo, Objects
from dagmaker.server.s3_receive import hidden_file
from dagmaker.storage.artifacts.keys import TEMP_MARKER

_PREFIX = f"{TEMP_MARKER}mpu-"
_META = "upload.json"
_ASSEMBLY = "assembly"
_PART_SIZE = "part-size"
MIN_PART = 5 * 1024 * 1024
MAX_PARTS = 10_000


@dataclass(frozen=True)
class Part:
    """One uploaded part: where its bytes are (an offset in the assembly, or its own file)."""

    number: int
    etag: str
    size: int
    modified: datetime
    offset: int | None


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
        (directory / _ASSEMBLY).touch()
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
        if not safe or not (directory / _META).is_file() or _meta(directory)["Key"] != key:
            raise WireError(
                404,
                "NoSuchUpload",
                "The specified upload does not exist. The upload ID may be invalid, or the "
                "upload may have been aborted or completed.",
            )
        return directory

    def spot(self, directory: Path, number: int, size: int | None) -> tuple[Path, int] | None:
        """Where in the assembly file part ``number`` of ``size`` bytes goes, if it fits.

        Raises:
            WireError: InvalidArgument for a part number outside 1..10000.
        """
        _check_number(number)
        if size is None:
            return None
        part_size = _part_size(directory, size)
        if size > part_size:
            return None
        return directory / _ASSEMBLY, (number - 1) * part_size

    def keep_part(
        self, directory: Path, number: int, received: Path, size: int, offset: int | None
    ) -> str:
        """Record a received part (its own file unless written in place); return its ETag."""
        _check_number(number)
        if offset is None:
            received.replace(directory / f"part-{number:05d}")
        else:
            (directory / f"part-{number:05d}").unlink(missing_ok=True)
        token = f"{directory.name}:{number}:{size}:{time.time_ns()}".encode()
        etag = f'"{hashlib.md5(token, usedforsecurity=False).hexdigest()}"'
        record = {"ETag": etag, "Size": size, "Offset": offset, "Time": time.time()}
        _write_json(directory / f"part-{number:05d}.json", record)
        return etag

    def parts(self, directory: Path) -> list[Part]:
        """The parts uploaded so far, by number."""
        found = []
        for path in sorted(directory.glob("part-*.json")):
            record = json.loads(path.read_text())
            found.append(
                Part(
                    number=int(path.name[5:10]),
                    etag=record["ETag"],
                    size=record["Size"],
                    modified=datetime.fromtimestamp(record["Time"], UTC),
                    offset=record["Offset"],
                )
            )
        return found

    def complete(
        self, bucket: str, key: str, directory: Path, wanted: list[dict[str, Any]]
    ) -> ObjectInfo:
        """Make the listed parts the object (checked as S3 checks them).

        Raises:
            WireError: InvalidPart, InvalidPartOrder, EntityTooSmall or MalformedXML.
        """
        chosen = self._chosen(directory, wanted)
        assembly = directory / _ASSEMBLY
        if _in_place(chosen):
            os.truncate(assembly, sum(p.size for p in chosen))
            _flush(assembly)
            target = assembly
        else:
            target = hidden_file(self.objects.bucket_dir(bucket))
            try:
                _join(chosen, directory, target)
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
                meta = _meta(directory)
                found.append(
                    {
                        "Key": meta["Key"],
                        "UploadId": directory.name[len(_PREFIX) :],
                        "Initiated": meta["Initiated"],
                    }
                )
        return sorted(found, key=lambda u: (u["Key"], u["Initiated"]))


def _check_number(number: int) -> None:
    if not 1 <= number <= MAX_PARTS:
        raise WireError(400, "InvalidArgument", "Part number must be between 1 and 10000")


def _meta(directory: Path) -> dict[str, str]:
    meta: dict[str, str] = json.loads((directory / _META).read_text())
    return meta


def _part_size(directory: Path, size: int) -> int:
    """The upload's part size: the size of the first part to arrive (first writer wins)."""
    path = directory / _PART_SIZE
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
    except FileExistsError:
        for _ in range(100):  # the first writer may not have written it yet
            text = path.read_text()
            if text:
                return int(text)
            time.sleep(0.001)
        return -1  # unknown: keep this part as a file of its own
    with os.fdopen(fd, "w") as handle:
        handle.write(str(size))
    return size


def _in_place(chosen: list[Part]) -> bool:
    """Whether the parts are 1..N, each at its offset, all but the last of one size."""
    if not chosen or chosen[0].offset != 0:
        return False
    size = chosen[0].size
    expected = [(n * size) for n in range(len(chosen))]
    return (
        [p.number for p in chosen] == list(range(1, len(chosen) + 1))
        and [p.offset for p in chosen] == expected
        and all(p.size == size for p in chosen[:-1])
    )


def _join(chosen: list[Part], directory: Path, target: Path) -> None:
    """Append the parts' bytes to ``target`` in the kernel (no copy through Python memory)."""
    with target.open("wb") as out:
        for part in chosen:
            source = directory / (
                _ASSEMBLY if part.offset is not None else f"part-{part.number:05d}"
            )
            with source.open("rb") as handle:
                offset, left = part.offset or 0, part.size
                while left > 0:
                    sent = os.copy_file_range(handle.fileno(), out.fileno(), left, offset)
                    if sent == 0:
                        raise WireError(
                            500, "InternalError", "a stored part is shorter than recorded"
                        )
                    offset += sent
                    left -= sent
        out.flush()
        os.fsync(out.fileno())


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json(path: Path, document: dict[str, Any]) -> None:
    temp = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    temp.write_text(json.dumps(document))
    temp.replace(path)
