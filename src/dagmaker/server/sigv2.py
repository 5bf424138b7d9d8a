"""S3's query-string authentication of Signature Version 2, for presigned URLs.

boto3's ``generate_presigned_url`` for S3 and ``aws s3 presign`` still produce these
(``AWSAccessKeyId``, ``Expires``, ``Signature``) unless told to use SigV4, so a server
that requires signatures checks them too: HMAC-SHA1 over the method, the content headers,
the expiry, the ``x-amz-*`` headers and the resource with its sub-resources.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from dagmaker.server.error_codes import AuthFailure, AuthProblem
from dagmaker.server.sigv4 import RequestFacts

# The query parameters that are part of the signed resource (as S3 documents them).
_SUB_RESOURCES = frozenset(
    {
        "acl", "cors", "delete", "lifecycle", "location", "logging", "notification",
        "partNumber", "policy", "requestPayment", "restore", "tagging", "torrent",
        "uploadId", "uploads", "versionId", "versioning", "versions", "website",
        "response-cache-control", "response-content-disposition", "response-content-encoding",
        "response-content-language", "response-content-type", "response-expires",
    }
)  # fmt: skip


def is_presigned_v2(facts: RequestFacts) -> bool:
    """Whether the request carries a SigV2 query signature."""
    names = {name for name, _ in facts.query_pairs()}
    return {"AWSAccessKeyId", "Signature", "Expires"} <= names


def check(facts: RequestFacts, access_key: str, secret: str, auth_path: str) -> None:
    """Verify a SigV2 presigned request.

    Args:
        facts: The request.
        access_key: The key requests must name.
        secret: Its secret.
        auth_path: The resource as signed: ``/bucket/key`` (encoded as sent).

    Raises:
        AuthFailure: UNKNOWN_KEY, EXPIRED, MALFORMED or BAD_SIGNATURE.
    """
    query = dict(facts.query_pairs())
    if query["AWSAccessKeyId"] != access_key:
        raise AuthFailure(AuthProblem.UNKNOWN_KEY)
    try:
        expires = int(query["Expires"])
    except ValueError:
        raise AuthFailure(AuthProblem.MALFORMED, "Expires must be epoch seconds") from None
    if time.time() > expires:
        raise AuthFailure(AuthProblem.EXPIRED)
    to_sign = "\n".join(
        [
            facts.method,
            facts.headers.get("content-md5", ""),
            facts.headers.get("content-type", ""),
            str(expires),
            _amz_headers(facts) + _resource(facts, auth_path),
        ]
    )
    digest = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha1).digest()
    expected = base64.b64encode(digest).decode()
    if not hmac.compare_digest(expected.encode(), query["Signature"].encode()):
        raise AuthFailure(AuthProblem.BAD_SIGNATURE)


def _amz_headers(facts: RequestFacts) -> str:
    names = sorted(n for n in facts.headers if n.startswith("x-amz-"))
    return "".join(f"{name}:{facts.headers[name].strip()}\n" for name in names)


def _resource(facts: RequestFacts, auth_path: str) -> str:
    subs = sorted((n, v) for n, v in facts.query_pairs() if n in _SUB_RESOURCES)
    if not subs:
        return auth_path
    return auth_path + "?" + "&".join(f"{n}={v}" if v else n for n, v in subs)
