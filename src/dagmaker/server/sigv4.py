"""AWS Signature Version 4, checked on the server side: header-signed and presigned requests.

What is signed is rebuilt from the request exactly as the AWS SDKs build it (canonical
URI, sorted canonical query, the signed headers, the payload hash) and compared in
constant time. S3 signs its path as sent; the other services sign it URI-encoded once more.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote

from dagmaker.server.error_codes import AuthFailure, AuthProblem

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED = "UNSIGNED-PAYLOAD"
MAX_SKEW = timedelta(minutes=15)
MAX_PRESIGN_SECONDS = 7 * 24 * 3600
_AUTH = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+),\s*"
    r"SignedHeaders=(?P<headers>[^,\s]+),\s*Signature=(?P<signature>[0-9a-f]{64})"
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RequestFacts:
    """The parts of an HTTP request a signature covers."""

    method: str
    raw_path: str
    query: str
    headers: dict[str, str]

    def query_pairs(self) -> list[tuple[str, str]]:
        """The query's name/value pairs, decoded, in order."""
        pairs = []
        for part in self.query.split("&") if self.query else []:
            name, _, value = part.partition("=")
            pairs.append((unquote(name.replace("+", "%20")), unquote(value.replace("+", "%20"))))
        return pairs


@dataclass(frozen=True)
class Signature:
    """A parsed signature: who signed, for what scope, over which headers."""

    access_key: str
    date: str
    region: str
    service: str
    signed_headers: list[str]
    signature: str
    amz_date: str
    presigned_expires: int | None


def parse(facts: RequestFacts) -> Signature | None:
    """The request's signature (from the Authorization header or the query), or None.

    Raises:
        AuthFailure: MALFORMED, for a signature that cannot be read.
    """
    header = facts.headers.get("authorization")
    if header is not None:
        return _from_header(header, facts)
    query = dict(facts.query_pairs())
    if "X-Amz-Signature" in query:
        return _from_query(query)
    return None


def _from_header(header: str, facts: RequestFacts) -> Signature:
    match = _AUTH.fullmatch(header.strip())
    amz_date = facts.headers.get("x-amz-date", "")
    if match is None or not amz_date:
        raise AuthFailure(AuthProblem.MALFORMED, "expected AWS4-HMAC-SHA256 with x-amz-date")
    return _signature(
        match["credential"], match["headers"], match["signature"], amz_date, expires=None
    )


def _from_query(query: dict[str, str]) -> Signature:
    if query.get("X-Amz-Algorithm") != ALGORITHM:
        raise AuthFailure(AuthProblem.MALFORMED, f"X-Amz-Algorithm must be {ALGORITHM}")
    try:
        expires = int(query["X-Amz-Expires"])
        return _signature(
            query["X-Amz-Credential"],
            query["X-Amz-SignedHeaders"],
            query["X-Amz-Signature"],
            query["X-Amz-Date"],
            expires=expires,
        )
    except (KeyError, ValueError):
        raise AuthFailure(AuthProblem.MALFORMED, "incomplete presigned query") from None


def _signature(
    credential: str, headers: str, signature: str, amz_date: str, expires: int | None
) -> Signature:
    parts = credential.split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        raise AuthFailure(
            AuthProblem.MALFORMED, "Credential must be key/date/region/service/aws4_request"
        )
    return Signature(
        access_key=parts[0],
        date=parts[1],
        region=parts[2],
        service=parts[3],
        signed_headers=headers.split(";"),
        signature=signature,
        amz_date=amz_date,
        presigned_expires=expires,
    )


def check_time(signature: Signature, now: datetime) -> None:
    """Refuse a header signature more than 15 minutes off, or a presigned URL past its expiry.

    Raises:
        AuthFailure: EXPIRED or MALFORMED.
    """
    try:
        signed_at = datetime.strptime(signature.amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise AuthFailure(AuthProblem.MALFORMED, "X-Amz-Date must be yyyymmddTHHMMSSZ") from None
    if not signature.amz_date.startswith(signature.date):
        raise AuthFailure(AuthProblem.MALFORMED, "the credential date differs from X-Amz-Date")
    expires = signature.presigned_expires
    if expires is None:
        if abs(now - signed_at) > MAX_SKEW:
            raise AuthFailure(AuthProblem.EXPIRED, "request time is more than 15 minutes off")
        return
    if not 1 <= expires <= MAX_PRESIGN_SECONDS:
        raise AuthFailure(AuthProblem.MALFORMED, "X-Amz-Expires must be 1 to 604800")
    if now > signed_at + timedelta(seconds=expires) or signed_at - now > MAX_SKEW:
        raise AuthFailure(AuthProblem.EXPIRED, "the presigned URL has expired")


def expected_signature(
    facts: RequestFacts, signature: Signature, secret: str, payload_hash: str
) -> str:
    """The signature the request should carry if it was signed with ``secret``."""
    canonical = canonical_request(facts, signature, payload_hash)
    scope = f"{signature.date}/{signature.region}/{signature.service}/aws4_request"
    to_sign = "\n".join(
        [ALGORITHM, signature.amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = _hmac(f"AWS4{secret}".encode(), signature.date)
    for part in (signature.region, signature.service, "aws4_request"):
        key = _hmac(key, part)
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def matches(given: str, expected: str) -> bool:
    """Constant-time comparison of two signatures."""
    return hmac.compare_digest(given.encode(), expected.encode())


def canonical_request(facts: RequestFacts, signature: Signature, payload_hash: str) -> str:
    """SigV4's canonical request for ``facts``."""
    missing = [h for h in signature.signed_headers if h not in facts.headers]
    if missing or "host" not in signature.signed_headers:
        raise AuthFailure(AuthProblem.MALFORMED, f"signed headers missing: {missing or ['host']}")
    headers = "".join(
        f"{name}:{_SPACES.sub(' ', facts.headers[name].strip())}\n"
        for name in sorted(signature.signed_headers)
    )
    return "\n".join(
        [
            facts.method,
            _canonical_uri(facts.raw_path, signature.service),
            _canonical_query(facts),
            headers,
            ";".join(sorted(signature.signed_headers)),
            payload_hash,
        ]
    )


def _canonical_uri(raw_path: str, service: str) -> str:
    if service == "s3":
        return raw_path or "/"
    return quote(raw_path or "/", safe="/~")


def _canonical_query(facts: RequestFacts) -> str:
    pairs = [
        (_encode(name), _encode(value))
        for name, value in facts.query_pairs()
        if name != "X-Amz-Signature"
    ]
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def _encode(text: str) -> str:
    return quote(text, safe="-_.~")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()
