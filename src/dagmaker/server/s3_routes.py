"""Which S3 operation a request is, and which bucket and key it names.

Both addressing styles are understood: path style (``/bucket/key``, what the SDKs use
for an IP-address endpoint) and virtual-hosted style (``bucket.<server host>/key``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from dagmaker.server.error_codes import WireError
from dagmaker.server.sigv4 import RequestFacts

# Sub-resources this server answers; a request naming any other is not implemented.
_KNOWN = frozenset(
    {
        "list-type", "prefix", "delimiter", "max-keys", "continuation-token", "start-after",
        "encoding-type", "fetch-owner", "marker", "location", "uploads", "uploadId",
        "partNumber", "delete", "max-parts", "part-number-marker", "max-uploads", "key-marker",
        "upload-id-marker", "x-id", "versionId", "max-buckets", "bucket-region",
        "response-content-type", "response-content-disposition", "response-cache-control",
        "response-content-encoding", "response-content-language", "response-expires",
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
        "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token",
        "AWSAccessKeyId", "Signature", "Expires",
    }
)  # fmt: skip


@dataclass(frozen=True)
class S3Target:
    """The bucket and key a request addresses (either may be empty)."""

    bucket: str
    key: str
    virtual_host: bool = False


def locate(facts: RequestFacts, server_hosts: frozenset[str]) -> S3Target:
    """The bucket and key, from the Host header (virtual host) or the path."""
    host = facts.headers.get("host", "").rsplit(":", 1)[0].lower()
    path = unquote(facts.raw_path.lstrip("/"))
    for suffix in server_hosts:
        if host.endswith(f".{suffix}"):
            return S3Target(host[: -len(suffix) - 1], path, virtual_host=True)
    bucket, _, key = path.partition("/")
    return S3Target(bucket, key)


def signed_path(facts: RequestFacts, target: S3Target) -> str:
    """The resource path a SigV2 signature covers: ``/bucket/key`` as sent."""
    raw = facts.raw_path or "/"
    return f"/{target.bucket}{raw}" if target.virtual_host else raw


def operation_name(method: str, target: S3Target, facts: RequestFacts) -> str:
    """The S3 operation of a request.

    Raises:
        WireError: NotImplemented for sub-resources (acl, tagging, ...) this server lacks.
    """
    query = {name for name, _ in facts.query_pairs()}
    unknown = sorted(query - _KNOWN)
    if unknown:
        raise WireError(501, "NotImplemented", f"dagmaker does not implement S3's ?{unknown[0]}")
    if not target.bucket:
        if method == "GET":
            return "ListBuckets"
        raise WireError(405, "MethodNotAllowed", f"{method} / is not an S3 operation")
    if not target.key:
        return _bucket_operation(method, query)
    return _object_operation(method, query, "x-amz-copy-source" in facts.headers)


def _bucket_operation(method: str, query: set[str]) -> str:
    if method == "GET":
        if "location" in query:
            return "GetBucketLocation"
        if "uploads" in query:
            return "ListMultipartUploads"
        return "ListObjectsV2" if "list-type" in query else "ListObjects"
    table = {"PUT": "CreateBucket", "HEAD": "HeadBucket", "DELETE": "DeleteBucket"}
    if method == "POST" and "delete" in query:
        return "DeleteObjects"
    if method in table:
        return table[method]
    raise WireError(405, "MethodNotAllowed", f"{method} on a bucket is not an S3 operation")


def _object_operation(method: str, query: set[str], copy: bool) -> str:
    if method == "PUT":
        if "uploadId" in query:
            return "UploadPartCopy" if copy else "UploadPart"
        return "CopyObject" if copy else "PutObject"
    if method == "GET":
        return "ListParts" if "uploadId" in query else "GetObject"
    if method == "HEAD":
        return "HeadObject"
    if method == "DELETE":
        return "AbortMultipartUpload" if "uploadId" in query else "DeleteObject"
    if method == "POST":
        if "uploads" in query:
            return "CreateMultipartUpload"
        if "uploadId" in query:
            return "CompleteMultipartUpload"
    raise WireError(405, "MethodNotAllowed", f"{method} on an object is not an S3 operation")
