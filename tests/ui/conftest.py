"""Browser tests: one ``dagmaker server`` and one headless Chromium per test session.

Chromium is Debian's (``apt-get install chromium``), driven through Playwright's Python
package; Playwright's own browser download is never used. Screenshots of the main pages
go to ``tests/ui/artifacts/`` (git-ignored) for people to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.backends.fixtures import backend_unavailable
from tests.server.conftest import ACCESS_KEY, SECRET_KEY, RunningServer, _stop, start_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """An open server on a free loopback port."""
    running = start_server(tmp_path_factory.mktemp("ui") / "home")
    yield running
    _stop(running)


@pytest.fixture(scope="session")
def signed_ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server that needs its key pair, for the login form."""
    running = start_server(
        tmp_path_factory.mktemp("ui-signed") / "home",
        DAGMAKER_ACCESS_KEY_ID=ACCESS_KEY,
        DAGMAKER_SECRET_ACCESS_KEY=SECRET_KEY,
    )
    yield running
    _stop(running)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (one per session)."""
    if not Path(CHROMIUM).exists():
        backend_unavailable(f"{CHROMIUM} is missing: apt-get install -y chromium chromium-driver")
    try:
        from playwright import sync_api
    except ImportError:
        backend_unavailable(
            "Playwright is missing: pip install playwright (never `playwright install`)"
        )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    """Where screenshots go (emptied once per session; the path is printed)."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    print(f"\nUI screenshots: {ARTIFACTS}")
    return ARTIFACTS


def _console(message: Any, errors: list[str]) -> None:
    # A refused form answers 4xx on purpose; Chromium logs every such load as an error.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(message.text)


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser tab (its own cookies) at a desktop size."""
    context = chromium.new_context(viewport={"width": 1360, "height": 900})
    context.set_default_timeout(20_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda msg: _console(msg, errors))
    yield tab
    context.close()
    assert not errors, f"the page reported errors: {errors}"
