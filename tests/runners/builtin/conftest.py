"""Fixtures for the built-in algorithm tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.runners.builtin.xgboost_job_helpers import make_job


@pytest.fixture
def job(tmp_path: Path) -> Callable[..., Path]:
    """Build a job layout under a fresh ``opt_ml`` directory."""

    def build(*args: Any, **kwargs: Any) -> Path:
        return make_job(tmp_path / "opt_ml", *args, **kwargs)

    return build
