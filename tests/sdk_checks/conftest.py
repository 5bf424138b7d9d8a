"""Sessions over an in-memory store and a recording SageMaker client."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from dagmaker.api.s3_client import LocalS3Client
from dagmaker.session import Session
from dagmaker.storage.artifacts import InMemoryArtifactStore
from dagmaker.workflow.pipeline_context import PipelineSession
from tests.golden_checks.golden_session import RecordingClient

BUCKET = "check-bucket"
ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"


@pytest.fixture
def store() -> InMemoryArtifactStore:
    """Where uploads land."""
    return InMemoryArtifactStore()


@pytest.fixture
def client() -> RecordingClient:
    """The SageMaker API stand-in; schedules describe as Scheduled."""
    return RecordingClient(
        {"describe_monitoring_schedule": {"MonitoringScheduleStatus": "Scheduled"}}
    )


def _session(kind: Any, store: InMemoryArtifactStore, client: RecordingClient) -> Any:
    return kind(
        boto_session=SimpleNamespace(region_name="us-west-2"),
        default_bucket=BUCKET,
        sagemaker_client=client,
        s3_client=LocalS3Client(store),
    )


@pytest.fixture
def session(store: InMemoryArtifactStore, client: RecordingClient) -> Session:
    """A plain session: calls go to ``client`` now."""
    return _session(Session, store, client)


@pytest.fixture
def pipeline_session(store: InMemoryArtifactStore, client: RecordingClient) -> PipelineSession:
    """A pipeline session: job methods return step arguments."""
    return _session(PipelineSession, store, client)
