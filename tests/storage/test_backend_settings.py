"""Which backends the settings choose, and the errors for settings that cannot work."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagmaker.api.services import build_services
from dagmaker.errors import InvalidRequest
from dagmaker.settings import Settings
from dagmaker.storage.artifacts import LocalArtifactStore, S3ArtifactStore, S3Config


def test_defaults_are_sqlite_and_local_files(tmp_path: Path) -> None:
    settings = Settings.from_env({"DAGMAKER_HOME": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'dagmaker.db'}"
    assert settings.artifact_store == "local"
    store = build_services(settings).artifacts
    assert isinstance(store, LocalArtifactStore) and store.root == tmp_path / "s3"


def test_an_endpoint_selects_s3(tmp_path: Path, s3_endpoint: str) -> None:
    env = {
        "DAGMAKER_HOME": str(tmp_path),
        "DAGMAKER_S3_ENDPOINT_URL": s3_endpoint,
        "DAGMAKER_S3_PART_SIZE": str(16 * 1024 * 1024),
    }
    settings = Settings.from_env(env)
    assert (settings.artifact_store, settings.s3_part_size) == ("s3", 16 * 1024 * 1024)
    store = build_services(settings).artifacts
    assert isinstance(store, S3ArtifactStore)
    assert store.config == S3Config(s3_endpoint, part_size=16 << 20, multipart_threshold=8 << 20)
    store.write_bytes("s3://dagmaker-default-bucket/hello.txt", b"hi")
    assert (
        store.client.get_object(Bucket="dagmaker-default-bucket", Key="hello.txt")["Body"].read()
        == b"hi"
    )


def test_aws_s3_needs_no_endpoint(tmp_path: Path) -> None:
    settings = Settings.from_env({"DAGMAKER_HOME": str(tmp_path), "DAGMAKER_ARTIFACT_STORE": "s3"})
    assert (settings.artifact_store, settings.s3_endpoint_url) == ("s3", "")
    assert S3Config().where == "AWS S3"


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({"DAGMAKER_ARTIFACT_STORE": "gcs"}, "DAGMAKER_ARTIFACT_STORE"),
        (
            {"DAGMAKER_ARTIFACT_STORE": "s3", "DAGMAKER_S3_PART_SIZE": "1024"},
            "DAGMAKER_S3_PART_SIZE",
        ),
    ],
)
def test_unusable_artifact_settings_name_the_variable(
    tmp_path: Path, env: dict[str, str], field: str
) -> None:
    settings = Settings.from_env({"DAGMAKER_HOME": str(tmp_path), **env})
    with pytest.raises(InvalidRequest) as caught:
        build_services(settings)
    assert caught.value.field == field
