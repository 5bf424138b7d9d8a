"""The ArtifactStore contract: every backend must pass this one suite.

A new backend only needs an entry in tests/backends/fixtures.py (ARTIFACT_STORES).
"""

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from dagmaker.errors import DagmakerError, InvalidRequest, NotFound
from dagmaker.storage import artifacts
from dagmaker.storage.artifacts import ArtifactStore
from tests.backends.fixtures import ARTIFACT_STORES, artifact_store_for


@pytest.fixture(params=ARTIFACT_STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ArtifactStore:
    return artifact_store_for(request.param, request, tmp_path)


def write_all(store: ArtifactStore, keys: list[str], bucket: str = "bkt") -> None:
    for key in keys:
        store.write_bytes(f"s3://{bucket}/{key}", key.encode())


def test_satisfies_the_protocol(store: ArtifactStore) -> None:
    assert isinstance(store, ArtifactStore)


# --- read, write, exists ---------------------------------------------------------------


def test_round_trip(store: ArtifactStore) -> None:
    store.write_bytes("s3://bkt/data/train.csv", b"a,b\n1,2\n")
    assert store.read_bytes("s3://bkt/data/train.csv") == b"a,b\n1,2\n"


@pytest.mark.parametrize(
    "data",
    [b"", bytes(range(256)) * 4, b"\x00\r\n\x1a\xff", bytes(3 * 1024 * 1024 + 7)],
    ids=["empty", "all-bytes", "control", "3MiB"],
)
def test_binary_data_is_kept_exactly(store: ArtifactStore, data: bytes) -> None:
    store.write_bytes("s3://bkt/blob.bin", data)
    assert store.read_bytes("s3://bkt/blob.bin") == data


def test_overwrite_replaces_the_whole_object(store: ArtifactStore) -> None:
    store.write_bytes("s3://bkt/model.tar.gz", b"a much longer first version")
    store.write_bytes("s3://bkt/model.tar.gz", b"v2")
    assert store.read_bytes("s3://bkt/model.tar.gz") == b"v2"
    assert store.list("s3://bkt/") == ["s3://bkt/model.tar.gz"]


def test_keys_may_hold_unicode_spaces_and_punctuation(store: ArtifactStore) -> None:
    uri = "s3://bkt/run 1/résumé (final)+v=2,ok;#.json"
    store.write_bytes(uri, b"{}")
    assert store.read_bytes(uri) == b"{}"
    assert store.list("s3://bkt/run 1/") == [uri]


def test_buckets_are_separate(store: ArtifactStore) -> None:
    store.write_bytes("s3://one/k", b"1")
    store.write_bytes("s3://two/k", b"2")
    assert store.read_bytes("s3://one/k") == b"1"
    assert store.read_bytes("s3://two/k") == b"2"
    assert store.list("s3://one") == ["s3://one/k"]


def test_exists_means_an_object_with_exactly_this_key(store: ArtifactStore) -> None:
    assert not store.exists("s3://bkt/a/b.csv")
    store.write_bytes("s3://bkt/a/b.csv", b"x")
    assert store.exists("s3://bkt/a/b.csv")
    assert not store.exists("s3://bkt/a")  # a folder-like prefix is not an object
    assert not store.exists("s3://bkt/a/b")  # nor is a prefix of the key
    assert not store.exists("s3://other/a/b.csv")


def test_missing_object_raises_not_found_naming_the_uri(store: ArtifactStore) -> None:
    with pytest.raises(NotFound) as caught:
        store.read_bytes("s3://bkt/nope.csv")
    error = caught.value
    assert error.field == "S3Uri"
    assert error.value == "s3://bkt/nope.csv"
    assert "s3://bkt/nope.csv" in str(error)
    assert error.hint


def test_a_folder_prefix_cannot_be_read_as_an_object(store: ArtifactStore) -> None:
    store.write_bytes("s3://bkt/dir/file", b"x")
    with pytest.raises(NotFound):
        store.read_bytes("s3://bkt/dir")


def test_concurrent_writers_and_readers_see_only_whole_objects(store: ArtifactStore) -> None:
    versions = [bytes([n]) * 200_000 for n in range(3)]
    store.write_bytes("s3://bkt/hot", versions[0])
    seen: set[bytes] = set()
    errors: list[BaseException] = []

    def write() -> None:
        for i in range(30):
            store.write_bytes("s3://bkt/hot", versions[i % 3])

    def read() -> None:
        try:
            for _ in range(60):
                seen.add(store.read_bytes("s3://bkt/hot"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert seen <= set(versions)
    assert store.list("s3://bkt/") == ["s3://bkt/hot"]


def test_concurrent_writes_to_different_keys_all_land(store: ArtifactStore) -> None:
    def write(worker: int) -> None:
        for i in range(20):
            store.write_bytes(f"s3://bkt/w{worker}/part-{i:02d}", f"{worker}:{i}".encode())

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.list("s3://bkt")) == 80
    assert store.read_bytes("s3://bkt/w3/part-19") == b"3:19"


# --- list ------------------------------------------------------------------------------


def test_list_matches_key_text_not_folders(store: ArtifactStore) -> None:
    write_all(store, ["train/a.csv", "train2/b.csv", "train.csv", "test/c.csv"])
    assert store.list("s3://bkt/train") == [
        "s3://bkt/train.csv",
        "s3://bkt/train/a.csv",
        "s3://bkt/train2/b.csv",
    ]
    assert store.list("s3://bkt/train/") == ["s3://bkt/train/a.csv"]
    assert store.list("s3://bkt/tr") == store.list("s3://bkt/train")


def test_list_is_recursive(store: ArtifactStore) -> None:
    write_all(store, ["p/a", "p/q/b", "p/q/r/s/c", "other/d"])
    assert store.list("s3://bkt/p/") == ["s3://bkt/p/a", "s3://bkt/p/q/b", "s3://bkt/p/q/r/s/c"]
    assert store.list("s3://bkt/p/q/r") == ["s3://bkt/p/q/r/s/c"]


def test_list_is_sorted_in_s3_key_order(store: ArtifactStore) -> None:
    # S3 orders keys by UTF-8 bytes: '-' (0x2d) < '/' (0x2f) < '0' < 'A' < 'a' < 'é'.
    keys = ["a/b", "a-b", "a0", "B", "ab", "é", "a/a/z", "a.b", "a~"]
    write_all(store, [f"x/{key}" for key in keys])
    listed = store.list("s3://bkt/x/")
    expected = sorted(f"x/{key}".encode() for key in keys)
    assert [uri.removeprefix("s3://bkt/").encode() for uri in listed] == expected


@pytest.mark.parametrize("root", ["s3://bkt", "s3://bkt/"])
def test_list_of_the_bucket_lists_everything_in_it(store: ArtifactStore, root: str) -> None:
    write_all(store, ["z", "a/b/c", "m.txt"])
    write_all(store, ["elsewhere"], bucket="other")
    assert store.list(root) == ["s3://bkt/a/b/c", "s3://bkt/m.txt", "s3://bkt/z"]


def test_list_with_an_exact_key_lists_that_object(store: ArtifactStore) -> None:
    write_all(store, ["data/x.csv", "data/x.csv.bak"])
    assert store.list("s3://bkt/data/x.csv") == ["s3://bkt/data/x.csv", "s3://bkt/data/x.csv.bak"]


def test_list_of_nothing_is_empty(store: ArtifactStore) -> None:
    assert store.list("s3://never-written") == []
    write_all(store, ["a/b"])
    assert store.list("s3://bkt/b") == []
    assert store.list("s3://bkt/a/b/c/") == []
    assert store.list("s3://bkt/zz/") == []


# --- delete ----------------------------------------------------------------------------


def test_delete_removes_the_object(store: ArtifactStore) -> None:
    write_all(store, ["d/one", "d/two"])
    store.delete("s3://bkt/d/one")
    assert not store.exists("s3://bkt/d/one")
    assert store.list("s3://bkt/") == ["s3://bkt/d/two"]
    with pytest.raises(NotFound):
        store.read_bytes("s3://bkt/d/one")


def test_delete_of_an_absent_object_is_quiet(store: ArtifactStore) -> None:
    store.delete("s3://bkt/never/was")
    store.delete("s3://unknown-bucket/x")


def test_delete_of_a_prefix_deletes_nothing_below_it(store: ArtifactStore) -> None:
    write_all(store, ["d/one"])
    store.delete("s3://bkt/d")
    assert store.list("s3://bkt/") == ["s3://bkt/d/one"]


def test_a_deleted_key_can_be_written_again(store: ArtifactStore) -> None:
    write_all(store, ["deep/er/key"])
    store.delete("s3://bkt/deep/er/key")
    store.write_bytes("s3://bkt/deep/er/key", b"again")
    assert store.read_bytes("s3://bkt/deep/er/key") == b"again"


# --- files -----------------------------------------------------------------------------


def test_upload_and_download_a_file(store: ArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "in" / "model.bin"
    source.parent.mkdir()
    source.write_bytes(bytes(range(256)) * 100)
    store.upload_file(source, "s3://bkt/models/model.bin")
    assert store.read_bytes("s3://bkt/models/model.bin") == source.read_bytes()

    target = tmp_path / "out" / "nested" / "copy.bin"
    store.download_file("s3://bkt/models/model.bin", target)
    assert target.read_bytes() == source.read_bytes()


def test_an_upload_is_a_copy_not_a_link(store: ArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "f.txt"
    source.write_bytes(b"original")
    store.upload_file(source, "s3://bkt/f.txt")
    source.write_bytes(b"changed later")
    assert store.read_bytes("s3://bkt/f.txt") == b"original"


def test_download_replaces_an_existing_file(store: ArtifactStore, tmp_path: Path) -> None:
    store.write_bytes("s3://bkt/k", b"new")
    target = tmp_path / "k"
    target.write_bytes(b"old content, longer")
    store.download_file("s3://bkt/k", target)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "store") == ["k"]


def test_download_of_a_missing_object_creates_nothing(store: ArtifactStore, tmp_path: Path) -> None:
    target = tmp_path / "dl" / "x"
    with pytest.raises(NotFound) as caught:
        store.download_file("s3://bkt/missing", target)
    assert caught.value.value == "s3://bkt/missing"
    assert not target.exists()


def test_upload_of_a_missing_file_is_not_found(store: ArtifactStore, tmp_path: Path) -> None:
    with pytest.raises(NotFound) as caught:
        store.upload_file(tmp_path / "absent.csv", "s3://bkt/x.csv")
    assert caught.value.field == "path"
    with pytest.raises(NotFound):
        store.upload_file(tmp_path, "s3://bkt/x.csv")  # a directory is not a file
    assert not store.exists("s3://bkt/x.csv")


def test_download_onto_a_directory_is_refused(store: ArtifactStore, tmp_path: Path) -> None:
    store.write_bytes("s3://bkt/k", b"x")
    (tmp_path / "d").mkdir()
    with pytest.raises(InvalidRequest, match="directory"):
        store.download_file("s3://bkt/k", tmp_path / "d")


def test_local_path_when_given_holds_the_object(store: ArtifactStore) -> None:
    store.write_bytes("s3://bkt/p/obj", b"bytes on disk")
    path = store.local_path("s3://bkt/p/obj")
    assert path is None or path.read_bytes() == b"bytes on disk"


# --- keys that are refused -------------------------------------------------------------

ESCAPES = [
    "s3://bkt/../outside",
    "s3://bkt/a/../../outside",
    "s3://bkt/a/..",
    "s3://bkt/./a",
    "s3://bkt//etc/passwd",
    "s3://bkt/a//b",
    "s3://bkt/..\\..\\outside",
    "s3://bkt/a\\b",
    "s3://bkt/a\x00b",
    "s3://../outside",
    "s3://./x",
    "/etc/passwd",
    "s3://bkt/.dagmaker-tmp-0123",
    "s3://bkt/" + "k" * 1025,
]
OBJECT_OPERATIONS: dict[str, Callable[[ArtifactStore, str, Path], object]] = {
    "read_bytes": lambda s, uri, tmp: s.read_bytes(uri),
    "write_bytes": lambda s, uri, tmp: s.write_bytes(uri, b"x"),
    "exists": lambda s, uri, tmp: s.exists(uri),
    "delete": lambda s, uri, tmp: s.delete(uri),
    "upload_file": lambda s, uri, tmp: s.upload_file(tmp / "src", uri),
    "download_file": lambda s, uri, tmp: s.download_file(uri, tmp / "dst"),
}


@pytest.mark.parametrize("operation", sorted(OBJECT_OPERATIONS))
@pytest.mark.parametrize("uri", ESCAPES)
def test_unsafe_keys_are_refused_naming_the_uri(
    store: ArtifactStore, tmp_path: Path, operation: str, uri: str
) -> None:
    (tmp_path / "src").write_bytes(b"x")
    with pytest.raises(InvalidRequest) as caught:
        OBJECT_OPERATIONS[operation](store, uri, tmp_path)
    assert caught.value.field == "S3Uri"
    assert caught.value.value == uri
    assert caught.value.hint
    assert not (tmp_path / "outside").exists()
    assert not (tmp_path / "dst").exists()


@pytest.mark.parametrize(
    "uri", ["s3://bkt/../", "s3://bkt/a/../b", "s3://bkt//x", "s3://../", "s3://bkt/a\\", "x"]
)
def test_unsafe_prefixes_are_refused(store: ArtifactStore, uri: str) -> None:
    with pytest.raises(InvalidRequest):
        store.list(uri)
    with pytest.raises(InvalidRequest):
        store.local_path(uri)


@pytest.mark.parametrize("uri", ["s3://bkt", "s3://bkt/", "s3://bkt/folder/"])
def test_object_operations_need_an_object_key(store: ArtifactStore, uri: str) -> None:
    with pytest.raises(InvalidRequest, match="not an object"):
        store.write_bytes(uri, b"x")
    with pytest.raises(InvalidRequest, match="not an object"):
        store.read_bytes(uri)


def test_refusals_are_dagmaker_errors_with_a_readable_message(store: ArtifactStore) -> None:
    with pytest.raises(DagmakerError) as caught:
        store.write_bytes("s3://bkt/a/../../etc/cron.d/x", b"x")
    text = str(caught.value)
    assert "field S3Uri" in text
    assert "'..'" in text
    assert "s3://bkt/a/../../etc/cron.d/x" in text


def test_the_package_exports_a_sorted_public_surface() -> None:
    # The names load on first use; each comes from its own module of the package.
    assert artifacts.__all__ == sorted(artifacts.__all__)
    for name in artifacts.__all__:
        assert getattr(artifacts, name).__module__.startswith("dagmaker.storage.artifacts.")
    with pytest.raises(AttributeError, match="no_such_store"):
        _ = artifacts.no_such_store


def test_buckets_lists_the_buckets_that_hold_objects(store: ArtifactStore) -> None:
    store.write_bytes("s3://bucket-one/a", b"1")
    store.write_bytes("s3://bucket-two/b/c", b"2")
    assert {"bucket-one", "bucket-two"} <= set(store.buckets())
    assert store.buckets() == sorted(store.buckets())
