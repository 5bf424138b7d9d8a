"""Shared fixtures: an isolated DAGMAKER_HOME per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagmaker.cli import context as cli_context

# PostgreSQL and S3-API servers for the backend contract suites and end-to-end tests.
pytest_plugins = ["tests.backends.fixtures"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh DAGMAKER_HOME; background workers started from it exit soon after idling."""
    path = tmp_path / "dagmaker-home"
    monkeypatch.setenv("DAGMAKER_HOME", str(path))
    monkeypatch.delenv("DAGMAKER_DATABASE_URL", raising=False)
    monkeypatch.delenv("DAGMAKER_ARTIFACT_STORE", raising=False)
    monkeypatch.delenv("DAGMAKER_S3_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("DAGMAKER_WORKER_IDLE_SECONDS", "3")
    # The CLI reads settings once per process; in-process CLI tests get a fresh read.
    cli_context.settings.cache_clear()
    cli_context.client.cache_clear()
    cli_context.s3_client.cache_clear()
    return path


# Directories whose tests run real jobs, servers or browsers: seconds each, not
# milliseconds. `make test-fast` leaves them out; `make test` runs everything.
SLOW_DIRECTORIES = ("e2e", "server", "ui", "sdk_jobs", "backends")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests of the slow directories ``slow``."""
    root = Path(__file__).resolve().parent
    for item in items:
        parts = Path(str(item.fspath)).resolve().relative_to(root).parts
        if parts and parts[0] in SLOW_DIRECTORIES:
            item.add_marker(pytest.mark.slow)
