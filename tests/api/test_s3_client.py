"""The local S3 client: a bucket made on first write must have a name S3 accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagmaker.api.s3_client import LocalS3Client
from dagmaker.errors import InvalidRequest
from dagmaker.storage.artifacts import LocalArtifactStore


@pytest.fixture
def client(tmp_path: Path) -> LocalS3Client:
    return LocalS3Client(LocalArtifactStore(tmp_path / "s3"))


@pytest.mark.parametrize("bucket", ["B_AD", "ab", "-bucket", "a..b", "192.168.1.1"])
def test_a_new_bucket_with_a_name_s3_refuses_is_bad_input(
    client: LocalS3Client, tmp_path: Path, bucket: str
) -> None:
    source = tmp_path / "f.txt"
    source.write_text("x")
    for write in (
        lambda: client.put_object(Bucket=bucket, Key="k", Body=b"x"),
        lambda: client.upload_file(str(source), bucket, "k"),
    ):
        with pytest.raises(InvalidRequest) as caught:
            write()
        assert caught.value.field == "Bucket" and caught.value.value == bucket
    assert client.list_buckets()["Buckets"] == []


def test_a_bucket_that_exists_keeps_its_legacy_name(client: LocalS3Client) -> None:
    # Buckets made before the naming rules (or by hand) are still read and written.
    assert isinstance(client.store, LocalArtifactStore)
    (client.store.root / "Legacy_Bucket").mkdir(parents=True)
    client.put_object(Bucket="Legacy_Bucket", Key="k", Body=b"x")
    client.put_object(Bucket="good-bucket", Key="k", Body=b"y")
    names = [b["Name"] for b in client.list_buckets()["Buckets"]]
    assert names == ["Legacy_Bucket", "good-bucket"]
