"""Browser sessions and CSRF tokens: signed, stateless, checked in constant time.

A session is a signed cookie naming who logged in and a random nonce; every form
carries a token derived from that nonce, so a page on another site cannot post forms
here (it can neither read the token nor send the SameSite=Strict cookie).

With credentials (``DAGMAKER_ACCESS_KEY_ID`` / ``DAGMAKER_SECRET_ACCESS_KEY``) the
signing key is derived from the secret, so sessions survive a restart and end when the
secret changes; a session exists only after a login with the key pair. Without
credentials (a loopback-only server) every browser gets a session at once, signed with a
key that lives as long as the process: forms still need their token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from dagmaker.server.access import Access

COOKIE = "dagmaker_session"
LIFETIME_SECONDS = 12 * 3600
OPEN_USER = "local"
_VERSION = "v1"


@dataclass(frozen=True)
class Session:
    """One browser's session: who (``user``), its ``nonce`` and when it was issued."""

    user: str
    nonce: str
    issued: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    """Issues and checks session cookies and CSRF tokens with one key.

    Args:
        key: The signing key.
        open_access: Whether browsers get a session without logging in.
        lifetime: Seconds a session lasts.
    """

    def __init__(self, key: bytes, open_access: bool, lifetime: int = LIFETIME_SECONDS) -> None:
        self._key = key
        self.open = open_access
        self.lifetime = lifetime

    @classmethod
    def for_access(cls, access: Access) -> SessionSigner:
        """The signer of a server with ``access``'s credentials (or none)."""
        if access.open:
            return cls(secrets.token_bytes(32), open_access=True)
        assert access.secret_key is not None
        key = hmac.new(access.secret_key.encode(), b"dagmaker-ui-session", hashlib.sha256)
        return cls(key.digest(), open_access=False)

    def _mac(self, purpose: str, payload: str) -> str:
        message = f"{purpose}:{payload}".encode()
        return _b64(hmac.new(self._key, message, hashlib.sha256).digest())

    def issue(self, user: str, now: float) -> tuple[Session, str]:
        """A new session for ``user`` and its cookie value."""
        session = Session(user=user, nonce=secrets.token_urlsafe(16), issued=int(now))
        payload = _b64(json.dumps([session.user, session.nonce, session.issued]).encode())
        return session, f"{_VERSION}.{payload}.{self._mac('session', payload)}"

    def read(self, cookie: str | None, now: float) -> Session | None:
        """The session a cookie holds, or None when absent, forged, malformed or expired."""
        if not cookie or cookie.count(".") != 2:
            return None
        version, payload, mac = cookie.split(".")
        if version != _VERSION or not hmac.compare_digest(mac, self._mac("session", payload)):
            return None
        try:
            user, nonce, issued = json.loads(_unb64(payload))
        except (ValueError, TypeError):
            return None
        if not isinstance(issued, int) or not 0 <= now - issued < self.lifetime:
            return None
        return Session(str(user), str(nonce), issued)

    def csrf_token(self, session: Session) -> str:
        """The token forms of this session carry."""
        return self._mac("csrf", session.nonce)

    def csrf_ok(self, session: Session, given: str | None) -> bool:
        """Whether a form's token belongs to this session."""
        return bool(given) and hmac.compare_digest(str(given), self.csrf_token(session))


def credentials_match(access: Access, key: str, secret: str) -> bool:
    """Whether a login form's key pair is the server's (compared in constant time)."""
    if access.open or access.access_key is None or access.secret_key is None:
        return False
    same_key = hmac.compare_digest(key.encode(), access.access_key.encode())
    same_secret = hmac.compare_digest(secret.encode(), access.secret_key.encode())
    return same_key and same_secret
