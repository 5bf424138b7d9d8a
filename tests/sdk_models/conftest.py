"""Fixtures for the model, tuner and transformer tests: sessions over an in-memory store.

The SageMaker API is the boundary these SDK classes talk to; ``RecordingClient`` stands
in for it and records each call, answering describe calls from canned responses.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dagmaker.api.s3_client import LocalS3Client
from dagmaker.errors import NotFound
from dagmaker.session import Session
from dagmaker.storage.artifacts import InMemoryArtifactStore
from dagmaker.workflow.pipeline_context import PipelineSession
from tests.sdk_models.helpers import BUCKET


class RecordingClient:
    """A SageMaker client that records calls and answers from ``responses``.

    Attributes:
        calls: ``(method name, keyword arguments)`` in call order.
        responses: Method name → a response, or a list of responses used in turn.
        missing_groups: Model package groups ``describe_model_package_group`` reports missing.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.responses: dict[str, Any] = {}
        self.missing_groups: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(**kwargs: Any) -> Any:
            self.calls.append((name, kwargs))
            if name == "describe_model_package_group":
                group = kwargs["ModelPackageGroupName"]
                if group in self.missing_groups:
                    raise NotFound(f"model package group {group!r} does not exist")
            response = self.responses.get(name, {})
            if isinstance(response, list):
                return response.pop(0)
            return response

        return call

    def called(self, name: str) -> list[dict[str, Any]]:
        """The keyword arguments of every call to ``name``."""
        return [kwargs for method, kwargs in self.calls if method == name]


@pytest.fixture
def store() -> InMemoryArtifactStore:
    """The artifact store uploads go to."""
    return InMemoryArtifactStore()


@pytest.fixture
def client() -> RecordingClient:
    """The SageMaker API stand-in."""
    return RecordingClient()


@pytest.fixture
def pipeline_session(store: InMemoryArtifactStore, client: RecordingClient) -> PipelineSession:
    """A pipeline session in us-west-2 whose uploads land in ``store``."""
    return PipelineSession(
        boto_session=SimpleNamespace(region_name="us-west-2"),
        default_bucket=BUCKET,
        sagemaker_client=client,
        s3_client=LocalS3Client(store),
    )


@pytest.fixture
def plain_session(store: InMemoryArtifactStore, client: RecordingClient) -> Session:
    """A plain session (calls go to ``client`` now) whose uploads land in ``store``."""
    return Session(
        boto_session=SimpleNamespace(region_name="us-west-2"),
        default_bucket=BUCKET,
        sagemaker_client=client,
        s3_client=LocalS3Client(store),
    )


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding ``code/inference.py`` and ``libs/helpers/``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "inference.py").write_text("def model_fn(model_dir):\n    return 1\n")
    (tmp_path / "code" / "requirements.txt").write_text("numpy\n")
    (tmp_path / "libs" / "helpers").mkdir(parents=True)
    (tmp_path / "libs" / "helpers" / "scale.py").write_text("FACTOR = 2\n")
    return tmp_path
