"""Session cookies and CSRF tokens: signed, expiring, bound to the session and the secret."""

from __future__ import annotations

from dagmaker.server.access import Access
from dagmaker.server.ui.sessions import SessionSigner, credentials_match

ACCESS = Access("AKIDUI", "ui-secret")


def test_a_session_reads_back_until_it_expires() -> None:
    signer = SessionSigner.for_access(ACCESS)
    session, cookie = signer.issue("AKIDUI", now=1000.0)
    assert signer.read(cookie, now=1001.0) == session
    assert signer.read(cookie, now=1000.0 + signer.lifetime) is None
    assert signer.read(cookie, now=999.0) is None


def test_forged_or_damaged_cookies_are_refused() -> None:
    signer = SessionSigner.for_access(ACCESS)
    _, cookie = signer.issue("AKIDUI", now=1000.0)
    version, payload, mac = cookie.split(".")
    _, other = signer.issue("someone", now=1000.0)
    for bad in (
        None,
        "",
        "garbage",
        f"{version}.{other.split('.')[1]}.{mac}",
        f"v0.{payload}.{mac}",
        f"{version}.{payload}.{mac[:-2]}xx",
        f"{version}.!!!.{mac}",
    ):
        assert signer.read(bad, now=1001.0) is None


def test_the_key_comes_from_the_secret_so_sessions_outlive_a_restart() -> None:
    _, cookie = SessionSigner.for_access(ACCESS).issue("AKIDUI", now=1000.0)
    assert SessionSigner.for_access(ACCESS).read(cookie, now=1001.0) is not None
    rotated = SessionSigner.for_access(Access("AKIDUI", "another-secret"))
    assert rotated.read(cookie, now=1001.0) is None


def test_open_servers_sign_with_a_key_of_their_own() -> None:
    first, second = SessionSigner.for_access(Access()), SessionSigner.for_access(Access())
    assert first.open
    _, cookie = first.issue("local", now=5.0)
    assert first.read(cookie, now=6.0) is not None
    assert second.read(cookie, now=6.0) is None


def test_csrf_tokens_belong_to_one_session() -> None:
    signer = SessionSigner.for_access(ACCESS)
    mine, _ = signer.issue("AKIDUI", now=1.0)
    theirs, _ = signer.issue("AKIDUI", now=1.0)
    token = signer.csrf_token(mine)
    assert signer.csrf_ok(mine, token)
    assert not signer.csrf_ok(theirs, token)
    assert not signer.csrf_ok(mine, None)
    assert not signer.csrf_ok(mine, "")


def test_login_needs_both_halves_of_the_pair() -> None:
    assert credentials_match(ACCESS, "AKIDUI", "ui-secret")
    assert not credentials_match(ACCESS, "AKIDUI", "wrong")
    assert not credentials_match(ACCESS, "other", "ui-secret")
    assert not credentials_match(Access(), "", "")
