"""Fixtures for the SDK job-class tests: sessions over an in-memory artifact store."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from dagmaker.api.s3_client import LocalS3Client
from dagmaker.session import Session
from dagmaker.storage.artifacts import InMemoryArtifactStore
from dagmaker.workflow.pipeline_context import PipelineSession
from tests.sdk_jobs.helpers import BUCKET


@pytest.fixture
def store() -> InMemoryArtifactStore:
    """The artifact store uploads go to."""
    return InMemoryArtifactStore()


@pytest.fixture
def pipeline_session(store: InMemoryArtifactStore) -> PipelineSession:
    """A pipeline session in us-west-2 whose uploads land in ``store``."""
    return PipelineSession(
        boto_session=SimpleNamespace(region_name="us-west-2"),
        default_bucket=BUCKET,
        s3_client=LocalS3Client(store),
    )


@pytest.fixture
def plain_session(store: InMemoryArtifactStore) -> Session:
    """A plain session (jobs would start now) whose uploads land in ``store``."""
    return Session(default_bucket=BUCKET, s3_client=LocalS3Client(store))


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory for local code files."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
