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
            store.download_file(uri, root / relative)
    return len(objects)


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
    document = json.loads(store.read_bytes(spec.uri))
    prefix = str(document[0]["prefix"]).rstrip("/") + "/"
    return [(prefix + key, key) for key in document[1:]]
