"""Directory transfers, run against every artifact store."""

import logging
from pathlib import Path

import pytest

from dagmaker.errors import InvalidRequest, NotFound
from dagmaker.storage.artifacts import (
    ArtifactStore,
    LocalArtifactStore,
    delete_prefix,
    download_prefix,
    upload_directory,
)
from tests.backends.fixtures import ARTIFACT_STORES, artifact_store_for


@pytest.fixture(params=ARTIFACT_STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ArtifactStore:
    return artifact_store_for(request.param, request, tmp_path)


def make_tree(root: Path, files: dict[str, bytes]) -> Path:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def write_all(store: ArtifactStore, keys: list[str]) -> None:
    for key in keys:
        store.write_bytes(f"s3://bkt/{key}", key.encode())


FILES = {
    "train.csv": b"1,2\n",
    ".hidden": b"secret-ish",
    "empty": b"",
    "nested/deeper/part-0000.parquet": bytes(range(256)),
    "nested/model.tar.gz": b"\x1f\x8b" + bytes(1000),
}


# --- upload_directory ------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["s3://bkt/out", "s3://bkt/out/"])
def test_upload_directory_keys_files_by_relative_path(
    store: ArtifactStore, tmp_path: Path, prefix: str
) -> None:
    local = make_tree(tmp_path / "job-output", FILES)
    written = upload_directory(store, local, prefix)
    expected = sorted(f"s3://bkt/out/{name}" for name in FILES)
    assert written == expected
    assert store.list("s3://bkt/") == expected
    for name, data in FILES.items():
        assert store.read_bytes(f"s3://bkt/out/{name}") == data


def test_upload_directory_to_the_bucket_root(store: ArtifactStore, tmp_path: Path) -> None:
    local = make_tree(tmp_path / "d", {"a/b.txt": b"x"})
    assert upload_directory(store, local, "s3://bkt") == ["s3://bkt/a/b.txt"]


def test_upload_of_an_empty_directory_writes_nothing(store: ArtifactStore, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert upload_directory(store, tmp_path / "empty", "s3://bkt/x") == []
    assert store.list("s3://bkt") == []


def test_upload_of_a_missing_directory_is_not_found(store: ArtifactStore, tmp_path: Path) -> None:
    with pytest.raises(NotFound) as caught:
        upload_directory(store, tmp_path / "absent", "s3://bkt/x")
    assert caught.value.value == str(tmp_path / "absent")
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(NotFound):
        upload_directory(store, tmp_path / "file", "s3://bkt/x")


def test_upload_to_an_unsafe_prefix_is_refused_before_writing(
    store: ArtifactStore, tmp_path: Path
) -> None:
    local = make_tree(tmp_path / "d", {"f": b"x"})
    with pytest.raises(InvalidRequest):
        upload_directory(store, local, "s3://bkt/../escape")
    with pytest.raises(InvalidRequest):
        upload_directory(store, local, "not-a-uri")


def test_upload_follows_links_but_not_loops(
    store: ArtifactStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shared = make_tree(tmp_path / "shared", {"vocab.txt": b"words"})
    local = make_tree(tmp_path / "d", {"sub/real.txt": b"r"})
    (local / "linked-dir").symlink_to(shared)
    (local / "linked-file.txt").symlink_to(shared / "vocab.txt")
    (local / "sub" / "loop").symlink_to(local)
    (local / "dangling").symlink_to(tmp_path / "nowhere")
    with caplog.at_level(logging.WARNING):
        written = upload_directory(store, local, "s3://bkt/p")
    assert written == [
        "s3://bkt/p/linked-dir/vocab.txt",
        "s3://bkt/p/linked-file.txt",
        "s3://bkt/p/sub/real.txt",
    ]
    assert store.read_bytes("s3://bkt/p/linked-file.txt") == b"words"
    assert "links back" in caplog.text
    assert "dangling" in caplog.text


# --- download_prefix -------------------------------------------------------------------


def test_upload_then_download_reproduces_the_tree(store: ArtifactStore, tmp_path: Path) -> None:
    local = make_tree(tmp_path / "src", FILES)
    upload_directory(store, local, "s3://bkt/run/1/output")
    paths = download_prefix(store, "s3://bkt/run/1/output", tmp_path / "dst")
    assert tree(tmp_path / "dst") == FILES
    assert paths == [tmp_path / "dst" / name for name in sorted(FILES)]


def test_an_object_uri_downloads_as_its_basename(store: ArtifactStore, tmp_path: Path) -> None:
    write_all(store, ["data/train.csv", "data/train.csv.bak", "data/other.csv"])
    paths = download_prefix(store, "s3://bkt/data/train.csv", tmp_path / "input")
    assert paths == [tmp_path / "input" / "train.csv"]
    assert tree(tmp_path / "input") == {"train.csv": b"data/train.csv"}


@pytest.mark.parametrize("prefix", ["s3://bkt/data/train", "s3://bkt/data/train/"])
def test_a_folder_uri_downloads_what_is_below_it(
    store: ArtifactStore, tmp_path: Path, prefix: str
) -> None:
    write_all(store, ["data/train/a.csv", "data/train/sub/b.csv", "data/train2/c.csv"])
    write_all(store, ["data/train.csv", "data/test/d.csv"])
    paths = download_prefix(store, prefix, tmp_path / "channel")
    assert paths == [tmp_path / "channel" / "a.csv", tmp_path / "channel" / "sub" / "b.csv"]
    assert tree(tmp_path / "channel") == {
        "a.csv": b"data/train/a.csv",
        "sub/b.csv": b"data/train/sub/b.csv",
    }


@pytest.mark.parametrize("prefix", ["s3://bkt", "s3://bkt/"])
def test_a_bucket_uri_downloads_the_whole_bucket(
    store: ArtifactStore, tmp_path: Path, prefix: str
) -> None:
    write_all(store, ["x", "y/z"])
    download_prefix(store, prefix, tmp_path / "all")
    assert tree(tmp_path / "all") == {"x": b"x", "y/z": b"y/z"}


def test_a_partial_name_selects_nothing(store: ArtifactStore, tmp_path: Path) -> None:
    write_all(store, ["data/train/a.csv"])
    assert download_prefix(store, "s3://bkt/data/tra", tmp_path / "none") == []
    assert download_prefix(store, "s3://bkt/missing/", tmp_path / "none") == []
    assert not (tmp_path / "none").exists()


def test_download_overwrites_files_and_keeps_others(store: ArtifactStore, tmp_path: Path) -> None:
    write_all(store, ["p/a"])
    target = make_tree(tmp_path / "t", {"a": b"stale", "mine": b"keep"})
    download_prefix(store, "s3://bkt/p/", target)
    assert tree(target) == {"a": b"p/a", "mine": b"keep"}


@pytest.mark.parametrize("kind", ["memory", "s3"])
def test_an_object_wins_over_keys_below_it(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    # Only S3-like stores can hold both; SageMaker's local mode also takes the object.
    store = artifact_store_for(kind, request, tmp_path)
    write_all(store, ["m", "m/inner"])
    assert delete_prefix(store, "s3://bkt/m") == 1
    assert store.list("s3://bkt") == ["s3://bkt/m/inner"]


def test_downloads_from_the_local_store_copy_files_without_loading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LocalArtifactStore(tmp_path / "store")
    big = bytes(range(256)) * 8192  # 2 MiB
    store.write_bytes("s3://bkt/in/big.bin", big)
    store.write_bytes("s3://bkt/in/small.txt", b"s")

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the object was read into memory")

    monkeypatch.setattr(LocalArtifactStore, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    paths = download_prefix(store, "s3://bkt/in", tmp_path / "job")
    monkeypatch.undo()
    assert [p.name for p in paths] == ["big.bin", "small.txt"]
    assert (tmp_path / "job" / "big.bin").read_bytes() == big


def test_download_refuses_an_unsafe_prefix(store: ArtifactStore, tmp_path: Path) -> None:
    with pytest.raises(InvalidRequest):
        download_prefix(store, "s3://bkt/../x/", tmp_path)
    with pytest.raises(InvalidRequest):
        download_prefix(store, "s3://bkt/a/..", tmp_path)


# --- delete_prefix ---------------------------------------------------------------------


def test_delete_prefix_removes_a_folder_and_counts(store: ArtifactStore) -> None:
    write_all(store, ["run/1/a", "run/1/b/c", "run/10/x", "run/1.log"])
    assert delete_prefix(store, "s3://bkt/run/1") == 2
    assert store.list("s3://bkt") == ["s3://bkt/run/1.log", "s3://bkt/run/10/x"]


def test_delete_prefix_of_one_object(store: ArtifactStore) -> None:
    write_all(store, ["run/1.log", "run/1.log.old"])
    assert delete_prefix(store, "s3://bkt/run/1.log") == 1
    assert store.list("s3://bkt") == ["s3://bkt/run/1.log.old"]


def test_delete_prefix_of_the_bucket_and_of_nothing(store: ArtifactStore) -> None:
    write_all(store, ["a", "b/c"])
    assert delete_prefix(store, "s3://bkt/zzz") == 0
    assert delete_prefix(store, "s3://bkt/") == 2
    assert store.list("s3://bkt") == []


def test_delete_prefix_leaves_no_empty_directories_locally(tmp_path: Path) -> None:
    store = LocalArtifactStore(tmp_path / "store")
    write_all(store, ["p/q/r/s", "p/q/t"])
    delete_prefix(store, "s3://bkt/p/")
    assert list((tmp_path / "store" / "bkt").iterdir()) == []
