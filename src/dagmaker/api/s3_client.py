"""A local S3 client with boto3's method names, over the artifact store.

It answers the calls SageMaker's SDK helpers and ``dagmaker s3`` make, in boto3's
shapes, so the same code works against the local store and, through boto3, against a
dagmaker server or any S3-compatible store.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dagmaker._lib.s3uri import bucket_name_problem
from dagmaker.errors import InvalidRequest, NotFound
from dagmaker.storage.artifacts.protocol import ArtifactStore

JSON = Any


class LocalS3Client:
    """The subset of boto3's ``s3`` client that SageMaker's SDK helpers and the CLI use."""

    def __init__(self, store: ArtifactStore) -> None:
        self.store = store
        self._known_buckets: set[str] = set()

    def _writable(self, bucket: str) -> str:
        """The bucket to write to; a new one (made on first write) must have a valid name.

        Raises:
            InvalidRequest: for a new bucket whose name S3 would refuse.
        """
        if bucket in self._known_buckets:
            return bucket
        if bucket not in self.store.buckets():
            problem = bucket_name_problem(bucket)
            if problem:
                raise InvalidRequest(problem, field="Bucket", value=bucket)
        self._known_buckets.add(bucket)
        return bucket

    def list_buckets(self, **_: Any) -> dict[str, JSON]:
        """The buckets that hold objects."""
        return {"Buckets": [{"Name": name} for name in self.store.buckets()]}

    def put_object(
        self, Bucket: str, Key: str, Body: bytes | str = b"", **_: Any
    ) -> dict[str, JSON]:
        """Write an object."""
        data = Body.encode() if isinstance(Body, str) else bytes(Body)
        self.store.write_bytes(f"s3://{self._writable(Bucket)}/{Key}", data)
        return {}

    def get_object(self, Bucket: str, Key: str, **_: Any) -> dict[str, JSON]:
        """Read an object; ``Body`` is a file-like object."""
        uri = f"s3://{Bucket}/{Key}"
        path = self.store.local_path(uri)
        if path is not None and path.is_file():
            return {"Body": _FileBody(path), "ContentLength": path.stat().st_size}
        data = self.store.read_bytes(uri)
        return {"Body": io.BytesIO(data), "ContentLength": len(data)}

    def head_object(self, Bucket: str, Key: str, **_: Any) -> dict[str, JSON]:
        """An object's size.

        Raises:
            NotFound: when there is no object with that key.
        """
        uri = f"s3://{Bucket}/{Key}"
        if not self.store.exists(uri):
            raise NotFound(f"no object at {uri}", field="Key", value=Key)
        return {"ContentLength": self._size(uri)}

    def list_objects_v2(
        self, Bucket: str, Prefix: str = "", Delimiter: str = "", **_: Any
    ) -> dict[str, JSON]:
        """Objects under a key prefix; with a ``Delimiter``, the next level as CommonPrefixes."""
        base = f"s3://{Bucket}/"
        contents: list[dict[str, JSON]] = []
        prefixes: list[dict[str, str]] = []
        for uri in self.store.list(base + Prefix):
            key = uri[len(base) :]
            rest = key[len(Prefix) :]
            if Delimiter and Delimiter in rest:
                common = Prefix + rest.split(Delimiter, 1)[0] + Delimiter
                if not prefixes or prefixes[-1]["Prefix"] != common:
                    prefixes.append({"Prefix": common})
                continue
            contents.append({"Key": key, "Size": self._size(uri)})
        response: dict[str, JSON] = {
            "Contents": contents,
            "KeyCount": len(contents) + len(prefixes),
            "IsTruncated": False,
        }
        if Delimiter:
            response["CommonPrefixes"] = prefixes
        return response

    def _size(self, uri: str) -> int:
        path = self.store.local_path(uri)
        if path is not None and path.exists():
            return path.stat().st_size
        return len(self.store.read_bytes(uri))

    def copy_object(
        self, Bucket: str, Key: str, CopySource: dict[str, str] | str, **_: Any
    ) -> dict[str, JSON]:
        """Copy an object (``CopySource`` as ``{"Bucket", "Key"}`` or ``"bucket/key"``)."""
        if isinstance(CopySource, str):
            bucket, _slash, key = CopySource.lstrip("/").partition("/")
        else:
            bucket, key = str(CopySource["Bucket"]), str(CopySource["Key"])
        source = f"s3://{bucket}/{key}"
        self._writable(Bucket)
        path = self.store.local_path(source)
        if path is not None and path.is_file():
            self.store.upload_file(path, f"s3://{Bucket}/{Key}")
        else:
            self.store.write_bytes(f"s3://{Bucket}/{Key}", self.store.read_bytes(source))
        return {}

    def delete_object(self, Bucket: str, Key: str, **_: Any) -> dict[str, JSON]:
        """Delete an object."""
        self.store.delete(f"s3://{Bucket}/{Key}")
        return {}

    def upload_file(self, Filename: str, Bucket: str, Key: str, **_: Any) -> None:
        """Upload a local file."""
        self.store.upload_file(Path(Filename), f"s3://{self._writable(Bucket)}/{Key}")

    def download_file(self, Bucket: str, Key: str, Filename: str, **_: Any) -> None:
        """Download an object to a local file."""
        self.store.download_file(f"s3://{Bucket}/{Key}", Path(Filename))


class _FileBody:
    """A streaming ``Body`` over a file, like boto3's: read it in parts or whole.

    The file is open only while being read, so a caller that reads everything and never
    closes the body (as most SDK code does) leaves nothing open behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0

    def read(self, amt: int | None = None) -> bytes:
        """The next ``amt`` bytes (all the rest when None); b"" at the end."""
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            data = handle.read() if amt is None else handle.read(amt)
        self.offset += len(data)
        return data

    def iter_chunks(self, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        """The rest of the body in chunks (as boto3's StreamingBody gives it)."""
        while chunk := self.read(chunk_size):
            yield chunk

    def close(self) -> None:
        """Nothing stays open between reads."""

    def __enter__(self) -> _FileBody:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
