"""The S3 operations: each takes the request's members and returns the response's members.

Bodies that stream (PutObject, UploadPart) arrive already received into a hidden file;
GetObject's payload is returned as a file range to stream.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, unquote

from dagmaker._lib import naming
from dagmaker.server import s3_listing
from dagmaker.server.error_codes import WireError
from dagmaker.server.s3_multipart import Uploads
from dagmaker.server.s3_objects import ObjectInfo, Objects
from dagmaker.server.s3_reading import FileRange, byte_range, check_conditions
from dagmaker.server.s3_receive import hidden_file

JSON = dict[str, Any]
OWNER = {"ID": naming.ACCOUNT, "DisplayName": "dagmaker"}


class S3Handlers:
    """S3's operations over one store.

    Args:
        objects: Buckets and objects.
        region: The region buckets report being in.
    """

    def __init__(self, objects: Objects, region: str) -> None:
        self.objects = objects
        self.uploads = Uploads(objects)
        self.region = region

    # -- buckets ---------------------------------------------------------------------------

    def list_buckets(self, **_: Any) -> JSON:
        """ListBuckets."""
        buckets = [{"Name": n, "CreationDate": t} for n, t in self.objects.buckets()]
        return {"Buckets": buckets, "Owner": OWNER}

    def create_bucket(self, Bucket: str, **_: Any) -> JSON:
        """CreateBucket."""
        self.objects.create_bucket(Bucket)
        return {"Location": f"/{Bucket}"}

    def head_bucket(self, Bucket: str, **_: Any) -> JSON:
        """HeadBucket."""
        self.objects.bucket_dir(Bucket)
        return {"BucketRegion": self.region}

    def delete_bucket(self, Bucket: str, **_: Any) -> JSON:
        """DeleteBucket (an empty one)."""
        self.objects.delete_bucket(Bucket)
        return {}

    def get_bucket_location(self, Bucket: str, **_: Any) -> JSON:
        """GetBucketLocation."""
        self.objects.bucket_dir(Bucket)
        # S3 reports its first region, us-east-1, as no constraint at all.
        return {"LocationConstraint": None if self.region == "us-east-1" else self.region}

    def list_objects_v2(self, Bucket: str, **request: Any) -> JSON:
        """ListObjectsV2: prefix, delimiter, start-after, continuation, max-keys."""
        prefix = request.get("Prefix", "")
        token = request.get("ContinuationToken")
        after = s3_listing.after_token(token) if token else request.get("StartAfter", "")
        result = self._listing(Bucket, prefix, request, after)
        found = result.pop("_page")
        result.update(KeyCount=len(found.keys) + len(found.prefixes))
        for name in ("ContinuationToken", "StartAfter"):
            if request.get(name):
                result[name] = request[name]
        if found.truncated:
            result["NextContinuationToken"] = s3_listing.token_for(found.last)
        return result

    def list_objects(self, Bucket: str, **request: Any) -> JSON:
        """ListObjects (version 1): prefix, delimiter, marker, max-keys."""
        result = self._listing(
            Bucket, request.get("Prefix", ""), request, request.get("Marker", "")
        )
        found = result.pop("_page")
        result["Marker"] = request.get("Marker", "")
        if found.truncated and request.get("Delimiter"):
            result["NextMarker"] = found.last
        return result

    def _listing(self, bucket: str, prefix: str, request: JSON, after: str) -> JSON:
        max_keys = request.get("MaxKeys", s3_listing.DEFAULT_MAX_KEYS)
        delimiter = request.get("Delimiter", "")
        found = s3_listing.page(
            self.objects.keys(bucket, prefix), prefix, delimiter, after, max(0, max_keys)
        )
        contents = [self._entry(bucket, key) for key in found.keys]
        encode = _url_encoder(request.get("EncodingType"))
        for entry in contents:
            if entry is not None:
                entry["Key"] = encode(entry["Key"])
        return {
            "_page": found,
            "Name": bucket,
            "Prefix": encode(prefix),
            "Delimiter": encode(delimiter) or None,
            "MaxKeys": max_keys,
            "IsTruncated": found.truncated,
            "Contents": [c for c in contents if c is not None] or None,
            "CommonPrefixes": [{"Prefix": encode(p)} for p in found.prefixes] or None,
            "EncodingType": request.get("EncodingType"),
        }

    def _entry(self, bucket: str, key: str) -> JSON | None:
        try:
            info = self.objects.head(bucket, key)
        except WireError:
            return None  # deleted while listing
        return {
            "Key": key,
            "LastModified": info.modified,
            "ETag": info.etag,
            "Size": info.size,
            "StorageClass": "STANDARD",
        }

    def delete_objects(self, Bucket: str, Delete: JSON, **_: Any) -> JSON:
        """DeleteObjects: each key deleted, or its error listed."""
        deleted, errors = [], []
        for item in Delete.get("Objects") or []:
            key = item.get("Key", "")
            try:
                self.objects.delete(Bucket, key)
                deleted.append({"Key": key})
            except WireError as error:
                errors.append({"Key": key, "Code": error.code, "Message": error.message})
        return {"Deleted": None if Delete.get("Quiet") else deleted, "Errors": errors or None}

    # -- objects ---------------------------------------------------------------------------

    def head_object(self, Bucket: str, Key: str, **request: Any) -> JSON:
        """HeadObject, honouring If-Match / If-None-Match / If-(Un)Modified-Since."""
        info = self.objects.head(Bucket, Key)
        check_conditions(info, request)
        return _described(info)

    def get_object(self, Bucket: str, Key: str, **request: Any) -> tuple[JSON, FileRange]:
        """GetObject: the members and the byte range of the file to stream."""
        info = self.objects.head(Bucket, Key)
        check_conditions(info, request)
        chosen = byte_range(request.get("Range"), info.size)
        result = _described(info)
        result["ContentLength"] = chosen.length
        if request.get("Range"):
            result["ContentRange"] = f"bytes {chosen.start}-{chosen.end}/{info.size}"
        for name in ("ContentType", "ContentDisposition", "CacheControl", "ContentEncoding"):
            override = request.get(f"Response{name}")
            if override:
                result[name] = override
        return result, FileRange(
            info.path, chosen.start, chosen.length, partial=bool(request.get("Range"))
        )

    def put_object(self, Bucket: str, Key: str, received: Path, sums: JSON, **_: Any) -> JSON:
        """PutObject, once the body has been received and checked."""
        info = self.objects.keep(Bucket, Key, received)
        return {"ETag": info.etag, **_checksum_members(sums)}

    def copy_object(self, Bucket: str, Key: str, CopySource: str, **_: Any) -> JSON:
        """CopyObject (within this server)."""
        source = self._source(CopySource)
        target = hidden_file(self.objects.bucket_dir(Bucket))
        shutil.copyfile(source.path, target)
        info = self.objects.keep(Bucket, Key, target)
        return {"CopyObjectResult": {"ETag": info.etag, "LastModified": info.modified}}

    def delete_object(self, Bucket: str, Key: str, **_: Any) -> JSON:
        """DeleteObject."""
        self.objects.delete(Bucket, Key)
        return {}

    def _source(self, copy_source: str) -> ObjectInfo:
        path = unquote(copy_source.split("?", 1)[0]).lstrip("/")
        bucket, _, key = path.partition("/")
        return self.objects.head(bucket, key)

    # -- multipart -------------------------------------------------------------------------

    def create_multipart_upload(self, Bucket: str, Key: str, **_: Any) -> JSON:
        """CreateMultipartUpload."""
        return {"Bucket": Bucket, "Key": Key, "UploadId": self.uploads.create(Bucket, Key)}

    def upload_part(
        self,
        Bucket: str,
        Key: str,
        UploadId: str,
        PartNumber: int,
        received: Path,
        sums: JSON,
        size: int,
        offset: int | None,
        **_: Any,
    ) -> JSON:
        """UploadPart, once the part has been received (in place, or to a file) and checked."""
        directory = self.uploads.directory(Bucket, Key, UploadId)
        etag = self.uploads.keep_part(directory, PartNumber, received, size, offset)
        return {"ETag": etag, **_checksum_members(sums)}

    def upload_part_copy(
        self, Bucket: str, Key: str, UploadId: str, PartNumber: int, CopySource: str, **request: Any
    ) -> JSON:
        """UploadPartCopy: a part copied from (a range of) another object."""
        directory = self.uploads.directory(Bucket, Key, UploadId)
        source = self._source(CopySource)
        chosen = byte_range(request.get("CopySourceRange"), source.size)
        target = hidden_file(directory)
        FileRange(source.path, chosen.start, chosen.length).copy_to(target)
        etag = self.uploads.keep_part(directory, PartNumber, target, chosen.length, None)
        return {"CopyPartResult": {"ETag": etag, "LastModified": datetime.now(UTC)}}

    def complete_multipart_upload(
        self, Bucket: str, Key: str, UploadId: str, MultipartUpload: JSON | None = None, **_: Any
    ) -> JSON:
        """CompleteMultipartUpload."""
        directory = self.uploads.directory(Bucket, Key, UploadId)
        parts = (MultipartUpload or {}).get("Parts") or []
        info = self.uploads.complete(Bucket, Key, directory, parts)
        return {"Location": f"/{Bucket}/{Key}", "Bucket": Bucket, "Key": Key, "ETag": info.etag}

    def abort_multipart_upload(self, Bucket: str, Key: str, UploadId: str, **_: Any) -> JSON:
        """AbortMultipartUpload."""
        self.uploads.abort(self.uploads.directory(Bucket, Key, UploadId))
        return {}

    def list_parts(self, Bucket: str, Key: str, UploadId: str, **_: Any) -> JSON:
        """ListParts (all of them, on one page)."""
        parts = self.uploads.parts(self.uploads.directory(Bucket, Key, UploadId))
        return {
            "Bucket": Bucket,
            "Key": Key,
            "UploadId": UploadId,
            "IsTruncated": False,
            "MaxParts": 10_000,
            "Parts": [
                {"PartNumber": p.number, "ETag": p.etag, "Size": p.size, "LastModified": p.modified}
                for p in parts
            ],
            "StorageClass": "STANDARD",
            "Owner": OWNER,
            "Initiator": OWNER,
        }

    def list_multipart_uploads(self, Bucket: str, **request: Any) -> JSON:
        """ListMultipartUploads (all of them, on one page)."""
        prefix = request.get("Prefix", "")
        uploads = [u for u in self.uploads.uploads(Bucket) if u["Key"].startswith(prefix)]
        return {"Bucket": Bucket, "Prefix": prefix, "IsTruncated": False, "Uploads": uploads}


def _url_encoder(encoding: str | None) -> Callable[[str], str]:
    """With ``encoding-type=url`` (boto3 always asks), keys go out URL-encoded."""
    if encoding == "url":
        return lambda text: quote_plus(text, safe="/")
    return lambda text: text


def _described(info: ObjectInfo) -> JSON:
    return {
        "ContentLength": info.size,
        "LastModified": info.modified,
        "ETag": info.etag,
        "ContentType": "binary/octet-stream",
        "AcceptRanges": "bytes",
    }


def _checksum_members(sums: JSON) -> JSON:
    names = {"x-amz-checksum-crc32": "ChecksumCRC32", "x-amz-checksum-sha1": "ChecksumSHA1"}
    names["x-amz-checksum-sha256"] = "ChecksumSHA256"
    return {names[k]: v for k, v in sums.items() if k in names}
