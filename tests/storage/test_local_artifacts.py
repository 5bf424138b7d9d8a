"""Behaviour only the directory-backed store has: files on disk, atomicity, links, pruning."""

import os
import stat
import threading
from pathlib import Path

import pytest

from dagmaker.errors import Conflict, InvalidRequest
from dagmaker.storage.artifacts import LocalArtifactStore


@pytest.fixture
def store(tmp_path: Path) -> LocalArtifactStore:
    return LocalArtifactStore(tmp_path / "s3")


def files_under(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


def test_objects_live_at_root_bucket_key(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://bucket/a/b.csv", b"1,2\n")
    assert (store.root / "bucket" / "a" / "b.csv").read_bytes() == b"1,2\n"


def test_files_written_outside_dagmaker_are_objects(store: LocalArtifactStore) -> None:
    (store.root / "bucket" / "dir").mkdir(parents=True)
    (store.root / "bucket" / "dir" / "made-by-hand.txt").write_text("hi")
    assert store.list("s3://bucket") == ["s3://bucket/dir/made-by-hand.txt"]
    assert store.read_bytes("s3://bucket/dir/made-by-hand.txt") == b"hi"


def test_a_relative_root_is_fixed_at_construction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = LocalArtifactStore(Path("rel"))
    monkeypatch.chdir("/")
    store.write_bytes("s3://b/k", b"x")
    assert (tmp_path / "rel" / "b" / "k").read_bytes() == b"x"


def test_new_objects_follow_the_umask_not_a_private_temp_mode(store: LocalArtifactStore) -> None:
    previous = os.umask(0o022)
    try:
        store.write_bytes("s3://b/k", b"x")
    finally:
        os.umask(previous)
    mode = stat.S_IMODE((store.root / "b" / "k").stat().st_mode)
    assert mode == 0o644


# --- atomicity -------------------------------------------------------------------------


def fail_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)


def test_a_crash_before_the_rename_leaves_no_object(
    store: LocalArtifactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_replace(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        store.write_bytes("s3://b/out/result.json", b'{"ok": true}')
    monkeypatch.undo()
    assert not store.exists("s3://b/out/result.json")
    assert store.list("s3://b") == []
    assert files_under(store.root) == []


def test_a_crash_while_overwriting_keeps_the_old_version(
    store: LocalArtifactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write_bytes("s3://b/model", b"version 1")
    fail_replace(monkeypatch)
    with pytest.raises(OSError):
        store.write_bytes("s3://b/model", b"version 2, never visible")
    monkeypatch.undo()
    assert store.read_bytes("s3://b/model") == b"version 1"
    assert files_under(store.root) == ["b/model"]


def test_a_failed_upload_leaves_no_temp_file(
    store: LocalArtifactStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(b"z" * 10_000)
    fail_replace(monkeypatch)
    with pytest.raises(OSError):
        store.upload_file(source, "s3://b/big.bin")
    monkeypatch.undo()
    assert files_under(store.root) == []


def test_a_failed_download_leaves_the_target_untouched(
    store: LocalArtifactStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write_bytes("s3://b/k", b"new")
    target = tmp_path / "dl" / "k"
    target.parent.mkdir()
    target.write_bytes(b"old")
    fail_replace(monkeypatch)
    with pytest.raises(OSError):
        store.download_file("s3://b/k", target)
    monkeypatch.undo()
    assert [p.name for p in target.parent.iterdir()] == ["k"]
    assert target.read_bytes() == b"old"


def test_temp_files_of_a_killed_writer_are_never_listed(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/d/real", b"x")
    (store.root / "b" / "d" / ".dagmaker-tmp-0123456789abcdef").write_bytes(b"half")
    assert store.list("s3://b") == ["s3://b/d/real"]
    assert store.list("s3://b/d/.dag") == []


def test_objects_are_written_through_a_temp_then_renamed(
    store: LocalArtifactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renames.append((Path(src).name, Path(dst).name))
        assert Path(src).parent == Path(dst).parent
        assert store.list("s3://b") == []  # the complete temp file is still invisible
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    store.write_bytes("s3://b/k", b"x")
    assert len(renames) == 1
    assert renames[0][0].startswith(".dagmaker-tmp-")
    assert renames[0][1] == "k"


# --- local_path ------------------------------------------------------------------------


def test_local_path_is_the_file_holding_the_object(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/data/train.csv", b"1\n")
    path = store.local_path("s3://b/data/train.csv")
    assert path == store.root / "b" / "data" / "train.csv"
    assert path.read_bytes() == b"1\n"


def test_local_path_of_a_prefix_is_its_directory(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/data/train/a.csv", b"1\n")
    assert store.local_path("s3://b/data/train/") == store.root / "b" / "data" / "train"
    assert store.local_path("s3://b") == store.root / "b"


def test_local_path_of_something_not_written_yet(store: LocalArtifactStore) -> None:
    path = store.local_path("s3://b/later/out.csv")
    assert path == store.root / "b" / "later" / "out.csv"
    assert path is not None and not path.exists()


# --- files and directories -------------------------------------------------------------


def test_a_key_below_an_object_is_a_conflict(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/a", b"file")
    with pytest.raises(Conflict) as caught:
        store.write_bytes("s3://b/a/b", b"x")
    assert caught.value.value == "s3://b/a/b"
    assert "s3://b/a is an object" in str(caught.value)
    assert "Delete s3://b/a first" in str(caught.value)
    assert files_under(store.root) == ["b/a"]


def test_a_deeper_key_below_an_object_names_that_object(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/x/y", b"file")
    with pytest.raises(Conflict, match="s3://b/x/y is an object"):
        store.upload_file(Path(__file__), "s3://b/x/y/z/w.py")


def test_an_object_over_a_folder_is_a_conflict(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/a/b", b"x")
    with pytest.raises(Conflict, match="also a folder") as caught:
        store.write_bytes("s3://b/a", b"file")
    assert "s3://b/a/" in str(caught.value)
    assert files_under(store.root) == ["b/a/b"]


def test_delete_prunes_empty_directories_up_to_the_bucket(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/keep/me", b"x")
    store.write_bytes("s3://b/keep/deep/er/obj", b"x")
    store.delete("s3://b/keep/deep/er/obj")
    assert not (store.root / "b" / "keep" / "deep").exists()
    assert (store.root / "b" / "keep" / "me").exists()
    store.delete("s3://b/keep/me")
    assert list((store.root / "b").iterdir()) == []
    assert (store.root / "b").is_dir()


def test_a_pruned_key_can_become_an_object(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/a/b", b"x")
    store.delete("s3://b/a/b")
    store.write_bytes("s3://b/a", b"now a file")
    assert store.list("s3://b") == ["s3://b/a"]


def test_writes_survive_concurrent_pruning(store: LocalArtifactStore) -> None:
    errors: list[BaseException] = []

    def churn(name: str) -> None:
        try:
            for _ in range(150):
                store.write_bytes(f"s3://b/shared/dir/{name}", b"x")
                store.delete(f"s3://b/shared/dir/{name}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=churn, args=(n,)) for n in ("p", "q", "r")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.list("s3://b") == []


# --- symbolic links --------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    directory = tmp_path / "outside"
    directory.mkdir()
    (directory / "secret").write_bytes(b"do not read")
    return directory


def test_links_leading_out_of_the_bucket_are_refused(
    store: LocalArtifactStore, outside: Path
) -> None:
    bucket = store.root / "b"
    bucket.mkdir(parents=True)
    (bucket / "link").symlink_to(outside)
    (bucket / "secret-link").symlink_to(outside / "secret")
    for uri in ["s3://b/link/secret", "s3://b/secret-link"]:
        with pytest.raises(InvalidRequest, match="symbolic link") as caught:
            store.read_bytes(uri)
        assert caught.value.value == uri
    with pytest.raises(InvalidRequest):
        store.write_bytes("s3://b/link/planted", b"x")
    with pytest.raises(InvalidRequest):
        store.list("s3://b/link/")
    assert not (outside / "planted").exists()
    assert store.list("s3://b") == []


def test_links_to_another_bucket_are_refused(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://other/private", b"x")
    (store.root / "b").mkdir()
    (store.root / "b" / "peek").symlink_to(store.root / "other")
    with pytest.raises(InvalidRequest):
        store.read_bytes("s3://b/peek/private")


def test_links_inside_the_bucket_are_followed(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/real/data.csv", b"1\n")
    (store.root / "b" / "alias.csv").symlink_to(store.root / "b" / "real" / "data.csv")
    assert store.read_bytes("s3://b/alias.csv") == b"1\n"
    assert store.list("s3://b") == ["s3://b/alias.csv", "s3://b/real/data.csv"]


def test_a_bucket_directory_may_itself_be_a_link(store: LocalArtifactStore, tmp_path: Path) -> None:
    elsewhere = tmp_path / "big-disk" / "bucket"
    elsewhere.mkdir(parents=True)
    store.root.mkdir()
    (store.root / "b").symlink_to(elsewhere)
    store.write_bytes("s3://b/x/y", b"stored elsewhere")
    assert (elsewhere / "x" / "y").read_bytes() == b"stored elsewhere"
    assert store.list("s3://b/") == ["s3://b/x/y"]


def test_names_that_are_not_valid_keys_are_not_listed(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/ok", b"x")
    (store.root / "b" / "back\\slash").write_bytes(b"x")
    assert store.list("s3://b") == ["s3://b/ok"]


def test_a_download_into_a_pipe_writes_into_it_and_leaves_the_pipe(
    store: LocalArtifactStore, tmp_path: Path
) -> None:
    # Renaming over a device or a pipe (/dev/null) would replace the node with a file.
    store.write_bytes("s3://b/k", b"streamed")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    store.download_file("s3://b/k", pipe)
    reader.join(timeout=10)
    assert received == [b"streamed"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "s3"]  # no temp file left


def test_a_download_where_no_file_can_be_made_is_bad_input(store: LocalArtifactStore) -> None:
    store.write_bytes("s3://b/k", b"x")
    target = Path("/proc/self/no-such-file")
    with pytest.raises(InvalidRequest, match="Cannot write this file") as caught:
        store.download_file("s3://b/k", target)
    assert caught.value.value == str(target)


def test_an_unchanged_upload_leaves_the_object_as_it_was(
    store: LocalArtifactStore, tmp_path: Path
) -> None:
    source = tmp_path / "code.py"
    source.write_text("print(1)\n")
    store.upload_file(source, "s3://b/code.py")
    held = store.local_path("s3://b/code.py")
    assert held is not None
    before = held.stat().st_ino
    store.upload_file(source, "s3://b/code.py")
    assert held.stat().st_ino == before
    source.write_text("print(2)\n")
    store.upload_file(source, "s3://b/code.py")
    assert store.read_bytes("s3://b/code.py") == b"print(2)\n"
