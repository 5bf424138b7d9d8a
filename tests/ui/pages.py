"""Helpers of the page tests: the UI app over a real local client, forms and tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from starlette.testclient import TestClient

from dagmaker.api import LocalS3Client, LocalSageMakerClient
from dagmaker.api.services import build_services
from dagmaker.server.access import Access
from dagmaker.server.ui import ui_router
from dagmaker.settings import Settings

_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


@dataclass
class UiApp:
    """The UI mounted alone over a home, a browser-like client of it, and the API client."""

    browser: TestClient
    client: LocalSageMakerClient
    s3: LocalS3Client

    def token(self, path: str = "/ui/") -> str:
        """The CSRF token the forms of a page carry."""
        found = _TOKEN.search(self.browser.get(path).text)
        assert found, f"no form token on {path}"
        return found.group(1)

    def post(self, path: str, fields: dict[str, Any]) -> Any:
        """Post a form the way a browser does (with the page's token, not following)."""
        data = {**fields, "csrf_token": self.token()}
        return self.browser.post(path, data=data, follow_redirects=False)


def make_app(access: Access | None = None, inline: bool = True) -> UiApp:
    """The UI over the home in the environment (see the ``home`` fixture)."""
    services = build_services(Settings.from_env())
    client = LocalSageMakerClient(services, inline=inline)
    s3 = LocalS3Client(services.artifacts)
    app = FastAPI()
    app.include_router(ui_router(client, s3, access or Access()))
    return UiApp(TestClient(app, base_url="http://127.0.0.1:8780"), client, s3)
