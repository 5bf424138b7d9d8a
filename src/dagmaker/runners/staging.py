"""Moving data between the artifact store and a job's workspace.

Inputs are downloaded before a job starts (SageMaker's File mode); outputs are uploaded
only after it succeeds, so a failed job leaves nothing half-written in the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dagmaker._lib.s3uri import is_s3_uri
from dagmaker.errors import JobFailure
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.artifacts.transfer import selection

CLIENT_ERROR = ""  # a user error: never retried


@dataclass(frozen=True)
class InputSpec:
    """One input to place in every host's workspace.

    Attributes:
        name: Channel or input name (for messages).
        uri: The ``s3://`` source.
        target: Path relative to ``/opt/ml`` where the data lands.
        data_type: ``S3Prefix``, ``ManifestFile`` or ``AugmentedManifestFile``.
        sharded: ``ShardedByS3Key``: each host gets a disjoint share of the objects.
    """

    name: str
    uri: str
    target: str
    data_type: str = "S3Prefix"
    sharded: bool = False


def stage_input(store: ArtifactStore, spec: InputSpec, workspaces: list[Path]) -> int:
    """Download one input into each host's workspace; returns the object count.

    Raises:
        JobFailure: when the URI is not an s3:// URI or selects no object (SageMaker's
            "No S3 objects found" client error).
    """
    objects = _objects(store, spec)
    for index, workspace in enumerate(workspaces):
        share = objects[index :: len(workspaces)] if spec.sharded else objects
        root = workspace / spec.target
        root.mkdir(parents=True, exist_ok=True)
        for uri, relative in share:
            store.download_file(uri, _inside(root, relative, uri))
    return len(objects)


def _inside(root: Path, relative: str, uri: str) -> Path:
    # Keys come from the store (an S3 service allows '..' in keys) or a manifest: none may
    # land outside the job's input directory.
    if not _plain_relative(relative):
        raise JobFailure(
            f"ClientError: the object {uri} cannot be downloaded: its key {relative!r} would "
            "leave the input directory (a '..' part or a leading '/')",
            kind=CLIENT_ERROR,
        )
    return root / relative


def _objects(store: ArtifactStore, spec: InputSpec) -> list[tuple[str, str]]:
    if not isinstance(spec.uri, str) or not is_s3_uri(spec.uri):
        raise JobFailure(
            f"ClientError: input {spec.name!r} has S3Uri {spec.uri!r}, which is not an "
            "s3:// URI; upload local data first (session.upload_data or `dagmaker s3 cp`)",
            kind=CLIENT_ERROR,
        )
    if spec.data_type == "ManifestFile":
        return _manifest(store, spec)
    found = selection(store, spec.uri)
    if not found:
        raise JobFailure(
            f'ClientError: No S3 objects found under S3 URL "{spec.uri}" given in input '
            f"data source {spec.name!r}. Please ensure that the bucket exists in the selected "
            "region (local artifacts live under DAGMAKER_HOME/s3), that objects exist under "
            "that S3 prefix, and that the S3 URL is correct.",
            kind=CLIENT_ERROR,
        )
    return found


def _manifest(store: ArtifactStore, spec: InputSpec) -> list[tuple[str, str]]:
    """The objects a manifest file lists: ``[{"prefix": "s3://b/p/"}, "key1", "key2", …]``."""
    try:
        document = json.loads(store.read_bytes(spec.uri))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _bad_manifest(spec, f"it is not JSON ({exc})") from None
    head = document[0] if isinstance(document, list) and document else None
    prefix = head.get("prefix") if isinstance(head, dict) else None
    if not isinstance(prefix, str) or not is_s3_uri(prefix):
        raise _bad_manifest(spec, 'it must be a list starting with {"prefix": "s3://…"}')
    keys = document[1:]
    for key in keys:
        if not isinstance(key, str) or not _plain_relative(key):
            raise _bad_manifest(
                spec, f"entry {key!r} is not a relative key (no '..', no leading '/')"
            )
    if not keys:
        raise _bad_manifest(spec, "it lists no object after the prefix")
    base = prefix.rstrip("/") + "/"
    return [(base + key, key) for key in keys]


def _plain_relative(key: str) -> bool:
    return bool(key.strip("/")) and not key.startswith("/") and ".." not in key.split("/")


def _bad_manifest(spec: InputSpec, why: str) -> JobFailure:
    return JobFailure(
        f"ClientError: the manifest file {spec.uri} of input {spec.name!r} is invalid: {why}",
        kind=CLIENT_ERROR,
    )
