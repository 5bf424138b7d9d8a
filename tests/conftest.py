"""Shared fixtures: an isolated DAGMAKER_HOME per test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh DAGMAKER_HOME; background workers started from it exit soon after idling."""
    path = tmp_path / "dagmaker-home"
    monkeypatch.setenv("DAGMAKER_HOME", str(path))
    monkeypatch.delenv("DAGMAKER_DATABASE_URL", raising=False)
    monkeypatch.setenv("DAGMAKER_WORKER_IDLE_SECONDS", "3")
    return path
