"""What the S3 store does beyond the shared contract: parts, streaming, buckets, errors.

Runs against a real S3-API server on loopback (moto's, started once per session).
"""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dagmaker.errors import InvalidRequest, JobFailure, NotFound
from dagmaker.runners.publishing import publishing
from dagmaker.runners.staging import InputSpec, stage_input
from dagmaker.storage.artifacts import S3ArtifactStore, S3Config
from dagmaker.storage.artifacts.s3_connection import MIN_PART_SIZE

PART = MIN_PART_SIZE  # the smallest part S3 allows


@pytest.fixture
def store(s3_endpoint: str) -> S3ArtifactStore:
    return S3ArtifactStore(
        S3Config(endpoint_url=s3_endpoint, part_size=PART, multipart_threshold=PART)
    )


def big_file(path: Path, size: int) -> str:
    """Write ``size`` varied bytes (1 MiB blocks, each different); return their SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        for block in range(0, size, 1 << 20):
            data = hashlib.sha256(str(block).encode()).digest() * 32768
            data = data[: min(1 << 20, size - block)]
            digest.update(data)
            handle.write(data)
    return digest.hexdigest()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def count_calls(store: S3ArtifactStore, operation: str) -> list[dict[str, Any]]:
    """Record the parameters of every ``operation`` request the store's client sends."""
    seen: list[dict[str, Any]] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        seen.append(dict(params))

    store.client.meta.events.register(f"before-parameter-build.s3.{operation}", record)
    return seen


def etag(store: S3ArtifactStore, bucket: str, key: str) -> str:
    return str(store.client.head_object(Bucket=bucket, Key=key)["ETag"]).strip('"')


def test_a_large_file_goes_up_in_parts_and_comes_down_in_ranges(
    store: S3ArtifactStore, tmp_path: Path
) -> None:
    source = tmp_path / "model.bin"
    expected = big_file(source, 2 * PART + 12345)
    parts = count_calls(store, "UploadPart")
    store.upload_file(source, "s3://bkt/models/model.bin")
    assert len(parts) == 3
    assert etag(store, "bkt", "models/model.bin").endswith("-3")  # a multipart object

    ranges = count_calls(store, "GetObject")
    target = tmp_path / "out" / "copy.bin"
    store.download_file("s3://bkt/models/model.bin", target)
    assert sha256(target) == expected
    assert len(ranges) == 3 and all(call.get("Range", "").startswith("bytes=") for call in ranges)
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.bin"]  # no temp left


def test_a_small_file_is_one_put(store: S3ArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "small.csv"
    source.write_bytes(b"1,2\n" * 100)
    store.write_bytes("s3://bkt/first", b"")  # the bucket exists
    puts, parts = count_calls(store, "PutObject"), count_calls(store, "UploadPart")
    store.upload_file(source, "s3://bkt/small.csv")
    assert (len(puts), len(parts)) == (1, 0)
    assert "-" not in etag(store, "bkt", "small.csv")


def test_writes_create_a_missing_bucket_and_reads_of_one_are_not_found(
    store: S3ArtifactStore,
) -> None:
    with pytest.raises(NotFound):
        store.read_bytes("s3://fresh-bucket/x")
    assert not store.exists("s3://fresh-bucket/x") and store.list("s3://fresh-bucket") == []
    store.delete("s3://fresh-bucket/x")
    store.write_bytes("s3://fresh-bucket/x", b"1")
    buckets = [b["Name"] for b in store.client.list_buckets()["Buckets"]]
    assert "fresh-bucket" in buckets and store.read_bytes("s3://fresh-bucket/x") == b"1"


def test_staging_streams_inputs_into_each_workspace(
    store: S3ArtifactStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "train.bin"
    expected = big_file(source, PART + 777)
    store.upload_file(source, "s3://bkt/data/train/train.bin")
    store.write_bytes("s3://bkt/data/train/labels/y.csv", b"0\n1\n")
    ranges = count_calls(store, "GetObject")

    def refuse(*_: object) -> bytes:
        raise AssertionError("an input was read into memory")

    monkeypatch.setattr(S3ArtifactStore, "read_bytes", refuse)
    hosts = [tmp_path / "algo-1" / "ml", tmp_path / "algo-2" / "ml"]
    spec = InputSpec("train", "s3://bkt/data/train", "input/data/train")
    assert stage_input(store, spec, hosts) == 2
    for host in hosts:
        channel = host / "input" / "data" / "train"
        assert sha256(channel / "train.bin") == expected
        assert (channel / "labels" / "y.csv").read_bytes() == b"0\n1\n"
    assert len([call for call in ranges if call["Key"].endswith("train.bin")]) == 2 * 2


def test_staging_uploads_outputs_from_the_workspace_in_parts(
    store: S3ArtifactStore, tmp_path: Path
) -> None:
    output = tmp_path / "ml" / "processing" / "output"
    (output / "nested").mkdir(parents=True)
    expected = big_file(output / "nested" / "features.parquet", PART + 1)
    (output / "report.json").write_text("{}")
    with publishing(store, [tmp_path / "ml"]) as outputs:
        written = outputs.directory(output, "s3://bkt/run/out/")
    assert written == ["s3://bkt/run/out/nested/features.parquet", "s3://bkt/run/out/report.json"]
    assert etag(store, "bkt", "run/out/nested/features.parquet").endswith("-2")
    store.download_file("s3://bkt/run/out/nested/features.parquet", tmp_path / "back")
    assert sha256(tmp_path / "back") == expected


@pytest.mark.parametrize("key", ["in/../../escape.txt", "in//x", "in/./y", "in/a\\b"])
def test_unsafe_keys_written_by_others_are_refused_when_staged(
    store: S3ArtifactStore, tmp_path: Path, key: str
) -> None:
    store.write_bytes("s3://bkt/in/ok.txt", b"fine")
    store.client.put_object(Bucket="bkt", Key=key, Body=b"sneaky")  # bypassing our checks
    workspace = tmp_path / "jobs" / "algo-1" / "ml"
    # Staging refuses keys that climb out ('..', a leading '/') before asking the store; the
    # store refuses the other unsafe keys itself. Either way the object is named.
    with pytest.raises((InvalidRequest, JobFailure)) as caught:
        stage_input(store, InputSpec("in", "s3://bkt/in/", "processing/input"), [workspace])
    if isinstance(caught.value, InvalidRequest):
        assert caught.value.field == "S3Uri" and caught.value.value == f"s3://bkt/{key}"
    else:
        assert f"the object s3://bkt/{key} cannot be downloaded" in caught.value.message
    written = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    assert written <= {"ok.txt"}


@pytest.mark.parametrize("uri", ["s3://bkt/../etc/", "s3://bkt//abs", "s3://bkt/a/../../b"])
def test_staging_refuses_escaping_uris_as_the_local_store_does(
    store: S3ArtifactStore, tmp_path: Path, uri: str
) -> None:
    with pytest.raises(InvalidRequest):
        stage_input(store, InputSpec("in", uri, "processing/input"), [tmp_path / "ml"])
    with pytest.raises(InvalidRequest), publishing(store, [tmp_path]) as outputs:
        outputs.directory(tmp_path, uri)


def test_an_empty_input_prefix_is_the_sagemaker_client_error(
    store: S3ArtifactStore, tmp_path: Path
) -> None:
    with pytest.raises(JobFailure, match="No S3 objects found"):
        stage_input(store, InputSpec("in", "s3://bkt/none/", "processing/in"), [tmp_path])


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


OPERATIONS: dict[str, Callable[[S3ArtifactStore], object]] = {
    "read": lambda s: s.read_bytes("s3://bkt/k"),
    "write": lambda s: s.write_bytes("s3://bkt/k", b"x"),
    "list": lambda s: s.list("s3://bkt/"),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_an_unreachable_endpoint_names_the_setting(
    operation: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "y")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    endpoint = f"http://127.0.0.1:{_closed_port()}"
    store = S3ArtifactStore(S3Config(endpoint_url=endpoint))
    with pytest.raises(InvalidRequest, match="cannot reach") as caught:
        OPERATIONS[operation](store)
    assert caught.value.field == "DAGMAKER_S3_ENDPOINT_URL" and caught.value.value == endpoint
