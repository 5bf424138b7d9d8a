"""Staging inputs: manifests are checked, and no key lands outside the input directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dagmaker.errors import JobFailure
from dagmaker.runners.staging import InputSpec, stage_input
from dagmaker.storage.artifacts.memory import InMemoryArtifactStore

MANIFEST = "s3://b/manifest.json"


def _stage(store: Any, tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    stage_input(store, InputSpec("data", MANIFEST, "input/data", "ManifestFile"), [workspace])
    return workspace / "input" / "data"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"not json", "it is not JSON"),
        (b"\xff\xfe", "it is not JSON"),
        (json.dumps({"prefix": "s3://b/p/"}).encode(), 'list starting with {"prefix"'),
        (json.dumps([]).encode(), 'list starting with {"prefix"'),
        (json.dumps([{"prefix": 5}, "a"]).encode(), 'list starting with {"prefix"'),
        (json.dumps([{"prefix": "/etc/"}, "passwd"]).encode(), 'list starting with {"prefix"'),
        (json.dumps([{"prefix": "s3://b/p/"}]).encode(), "lists no object"),
        (json.dumps([{"prefix": "s3://b/p/"}, 7]).encode(), "entry 7 is not a relative key"),
        (json.dumps([{"prefix": "s3://b/p/"}, "../../x"]).encode(), "'../../x' is not a relative"),
        (json.dumps([{"prefix": "s3://b/p/"}, "/etc/passwd"]).encode(), "is not a relative key"),
    ],
)
def test_a_bad_manifest_fails_the_job_with_a_client_error(
    tmp_path: Path, document: bytes, message: str
) -> None:
    store = InMemoryArtifactStore()
    store.write_bytes(MANIFEST, document)
    with pytest.raises(JobFailure, match="ClientError: the manifest file") as caught:
        _stage(store, tmp_path)
    assert message in caught.value.message
    assert caught.value.kind == ""  # a user error: not retried


def test_a_manifest_stages_the_objects_it_lists(tmp_path: Path) -> None:
    store = InMemoryArtifactStore()
    store.write_bytes("s3://b/p/one.csv", b"1\n")
    store.write_bytes("s3://b/p/sub/two.csv", b"2\n")
    store.write_bytes(
        MANIFEST, json.dumps([{"prefix": "s3://b/p"}, "one.csv", "sub/two.csv"]).encode()
    )
    root = _stage(store, tmp_path)
    assert (root / "one.csv").read_bytes() == b"1\n"
    assert (root / "sub" / "two.csv").read_bytes() == b"2\n"


class _DotDotStore(InMemoryArtifactStore):
    """A store whose listing yields a key with '..' (an S3 service allows such keys)."""

    def list(self, prefix_uri: str) -> list[str]:
        return ["s3://b/in/../../../../escaped.txt"]

    def exists(self, uri: str) -> bool:
        return False


def test_a_listed_key_that_climbs_out_is_refused(tmp_path: Path) -> None:
    store = _DotDotStore()
    with pytest.raises(JobFailure, match="would leave the input directory"):
        stage_input(store, InputSpec("data", "s3://b/in/", "input/data"), [tmp_path / "ws"])
    assert not list(tmp_path.rglob("escaped.txt"))
