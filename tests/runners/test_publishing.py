"""Publishing outputs: links must stay inside the workspace; all outputs or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagmaker.errors import JobFailure
from dagmaker.runners.publishing import publishing
from dagmaker.storage.artifacts.local import LocalArtifactStore


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "processing" / "out").mkdir(parents=True)
    (root / "processing" / "out" / "result.csv").write_text("a,b\n")
    return root


@pytest.fixture
def store(tmp_path: Path) -> LocalArtifactStore:
    return LocalArtifactStore(tmp_path / "s3")


def test_a_link_to_a_host_file_fails_the_job_and_uploads_nothing(
    workspace: Path, store: LocalArtifactStore
) -> None:
    (workspace / "processing" / "out" / "passwd").symlink_to("/etc/passwd")
    linked = pytest.raises(JobFailure, match="'passwd' is a symbolic link to /etc/passwd")
    with linked, publishing(store, [workspace]) as outputs:
        outputs.directory(workspace / "processing" / "out", "s3://b/out")
    assert store.list("s3://b/") == []


def test_a_link_to_a_host_directory_is_refused(
    workspace: Path, store: LocalArtifactStore, tmp_path: Path
) -> None:
    outside = tmp_path / "secrets"
    outside.mkdir()
    (outside / "key").write_text("s3cr3t")
    (workspace / "processing" / "out" / "more").symlink_to(outside)
    refused = pytest.raises(JobFailure, match="outside the job's workspace")
    with refused, publishing(store, [workspace]) as outputs:
        outputs.directory(workspace / "processing" / "out", "s3://b/out")
    assert store.list("s3://b/") == []


def test_links_inside_the_workspace_are_published(
    workspace: Path, store: LocalArtifactStore
) -> None:
    (workspace / "processing" / "in").mkdir()
    (workspace / "processing" / "in" / "data.csv").write_text("x\n")
    out = workspace / "processing" / "out"
    (out / "relative.csv").symlink_to("../in/data.csv")
    # Inside the job /opt/ml is the workspace; such a link is rewritten for the host.
    (out / "absolute.csv").symlink_to("/opt/ml/processing/in/data.csv")
    with publishing(store, [workspace]) as outputs:
        outputs.directory(out, "s3://b/out")
    assert store.read_bytes("s3://b/out/absolute.csv") == b"x\n"
    assert store.read_bytes("s3://b/out/relative.csv") == b"x\n"


def test_a_failure_after_some_uploads_removes_them(
    workspace: Path, store: LocalArtifactStore, tmp_path: Path
) -> None:
    second = workspace / "processing" / "second"
    second.mkdir()
    (second / "bad").symlink_to("/etc/hostname")
    with pytest.raises(JobFailure), publishing(store, [workspace]) as outputs:
        outputs.directory(workspace / "processing" / "out", "s3://b/first")
        assert store.list("s3://b/first/") == ["s3://b/first/result.csv"]
        outputs.directory(second, "s3://b/second")
    assert store.list("s3://b/") == []


def test_a_store_error_is_a_retryable_failure_that_keeps_nothing(
    workspace: Path, store: LocalArtifactStore
) -> None:
    with pytest.raises(JobFailure) as caught, publishing(store, [workspace]) as outputs:
        outputs.directory(workspace / "processing" / "out", "s3://b/out")
        raise OSError(28, "No space left on device")
    assert caught.value.kind == "SageMaker.JOB_INTERNAL_ERROR"
    assert "nothing of them was kept" in caught.value.message
    assert store.list("s3://b/") == []
