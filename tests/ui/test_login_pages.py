"""A server with credentials: pages need a login with the key pair; forms keep their tokens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dagmaker.server.access import Access
from tests.ui.pages import UiApp, make_app

ACCESS = Access("AKIDUITEST", "ui-test-secret")


@pytest.fixture
def ui(home: Path) -> UiApp:
    return make_app(ACCESS)


def _login_token(ui: UiApp) -> str:
    page = ui.browser.get("/ui/login").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_pages_send_visitors_to_the_login_form(ui: UiApp) -> None:
    page = {"accept": "text/html,application/xhtml+xml"}
    response = ui.browser.get("/ui/models?x=1", headers=page, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/login?next=%2Fui%2Fmodels%3Fx%3D1"
    assert ui.browser.get("/ui/models?format=json").status_code == 401
    assert ui.browser.get("/ui/jobs/any/log").status_code == 401
    # Even a visitor's session is strict and HTTP-only; the login form carries a token.
    assert "HttpOnly" in response.headers["set-cookie"]
    # Any host name is fine here: the login protects the pages.
    assert ui.browser.get("/ui/login", headers={"host": "dagmaker.example"}).status_code == 200


def test_a_wrong_pair_is_refused(ui: UiApp) -> None:
    token = _login_token(ui)
    refused = ui.browser.post(
        "/ui/login",
        data={"access_key": "AKIDUITEST", "secret_key": "nope", "csrf_token": token},
        follow_redirects=False,
    )
    assert refused.status_code == 401
    assert "not this server" in refused.text
    assert 'value="AKIDUITEST"' in refused.text and "nope" not in refused.text
    assert ui.browser.get("/ui/", follow_redirects=False).status_code == 401


def test_the_login_form_needs_its_token(ui: UiApp) -> None:
    ui.browser.get("/ui/login")
    response = ui.browser.post(
        "/ui/login", data={"access_key": "AKIDUITEST", "secret_key": "ui-test-secret"}
    )
    assert response.status_code == 403


def test_logging_in_and_out(ui: UiApp) -> None:
    token = _login_token(ui)
    before = ui.browser.cookies["dagmaker_session"]
    response = ui.browser.post(
        "/ui/login",
        data={
            "access_key": "AKIDUITEST",
            "secret_key": "ui-test-secret",
            "next": "/ui/models",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/ui/models"
    after = ui.browser.cookies["dagmaker_session"]
    assert after != before  # a fresh session (and token) after logging in
    page = ui.browser.get("/ui/models")
    assert page.status_code == 200 and "AKIDUITEST" in page.text and "Log out" in page.text
    assert ui.token("/ui/models") != token
    out = ui.browser.post("/ui/logout", data={"csrf_token": ui.token("/ui/models")},
                          follow_redirects=False)  # fmt: skip
    assert out.headers["location"] == "/ui/login"
    assert ui.browser.get("/ui/models", follow_redirects=False).status_code == 401


def test_login_never_sends_people_to_another_site(ui: UiApp) -> None:
    token = _login_token(ui)
    for target in ("https://evil.example/ui/", "//evil.example/ui/", "/elsewhere"):
        response = ui.browser.post(
            "/ui/login",
            data={
                "access_key": "AKIDUITEST",
                "secret_key": "ui-test-secret",
                "next": target,
                "csrf_token": token,
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/ui/"
        token = ui.token("/ui/")
