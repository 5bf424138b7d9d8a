"""Who may call the server: requests signed with its credentials, or anyone on loopback.

With ``DAGMAKER_ACCESS_KEY_ID`` / ``DAGMAKER_SECRET_ACCESS_KEY`` set, every request must
carry a valid Signature V4 made with them (header or presigned query). Without them the
server only listens on a loopback address.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from dagmaker.errors import InvalidRequest
from dagmaker.server import sigv2, sigv4
from dagmaker.server.error_codes import AuthFailure, AuthProblem
from dagmaker.server.sigv4 import RequestFacts

KEY_VARIABLE = "DAGMAKER_ACCESS_KEY_ID"
SECRET_VARIABLE = "DAGMAKER_SECRET_ACCESS_KEY"
# Payload hashes that do not hash the body (S3's unsigned and streaming forms).
_NOT_A_DIGEST = ("UNSIGNED-PAYLOAD", "STREAMING-")


@dataclass(frozen=True)
class Access:
    """The server's credentials; ``None`` for an open (loopback-only) server."""

    access_key: str | None = None
    secret_key: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Access:
        """Read the credentials; both or neither must be set.

        Raises:
            InvalidRequest: when only one of the two is set.
        """
        key, secret = env.get(KEY_VARIABLE) or None, env.get(SECRET_VARIABLE) or None
        if (key is None) != (secret is None):
            raise InvalidRequest(
                f"set both {KEY_VARIABLE} and {SECRET_VARIABLE}, or neither",
                field=KEY_VARIABLE if key is None else SECRET_VARIABLE,
            )
        return cls(key, secret)

    @property
    def open(self) -> bool:
        """Whether requests are served without a signature."""
        return self.access_key is None

    def check_bind(self, host: str) -> None:
        """Refuse to listen beyond this machine without credentials.

        Raises:
            InvalidRequest: for a non-loopback host on an open server.
        """
        if self.open and not is_loopback(host):
            raise InvalidRequest(
                f"refusing to serve on {host} without credentials: anyone who can reach it "
                "could run code on this machine",
                field="--host",
                value=host,
                hint=f"Set {KEY_VARIABLE} and {SECRET_VARIABLE}, or bind 127.0.0.1.",
            )

    def check(
        self, facts: RequestFacts, body: bytes | None, s3_path: str | None = None
    ) -> str | None:
        """Verify the request's signature; return the caller's access key (None when open).

        ``body`` is the whole payload when it has been read; None when it is streamed, in
        which case the caller checks the declared payload hash as the body streams in.
        ``s3_path`` (``/bucket/key``) is given for S3 requests, whose presigned URLs may
        also carry a SigV2 signature.

        Raises:
            AuthFailure: naming why the request is refused.
        """
        if self.open:
            return None
        assert self.access_key is not None and self.secret_key is not None
        if s3_path is not None and sigv2.is_presigned_v2(facts):
            sigv2.check(facts, self.access_key, self.secret_key, s3_path)
            return self.access_key
        signature = sigv4.parse(facts)
        if signature is None:
            raise AuthFailure(AuthProblem.MISSING)
        if signature.access_key != self.access_key:
            raise AuthFailure(AuthProblem.UNKNOWN_KEY)
        sigv4.check_time(signature, datetime.now(UTC))
        payload = _payload_hash(facts, signature, body)
        expected = sigv4.expected_signature(facts, signature, self.secret_key, payload)
        if not sigv4.matches(signature.signature, expected):
            raise AuthFailure(AuthProblem.BAD_SIGNATURE)
        return signature.access_key


def _payload_hash(facts: RequestFacts, signature: sigv4.Signature, body: bytes | None) -> str:
    if signature.presigned_expires is not None:
        return sigv4.UNSIGNED
    declared = facts.headers.get("x-amz-content-sha256")
    if declared is not None:
        digest_given = body is not None and is_digest(declared)
        if digest_given and hashlib.sha256(body or b"").hexdigest() != declared:
            raise AuthFailure(AuthProblem.BAD_SIGNATURE, "the body does not match its hash")
        return declared
    if body is None:
        raise AuthFailure(AuthProblem.MALFORMED, "x-amz-content-sha256 is required")
    return hashlib.sha256(body).hexdigest()


def is_digest(declared: str) -> bool:
    """Whether an ``x-amz-content-sha256`` value is a body digest to check."""
    return not declared.startswith(_NOT_A_DIGEST)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
