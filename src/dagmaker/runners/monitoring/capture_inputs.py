"""The captured data of a run's window, as processing job inputs.

An endpoint's capture files lie under ``<DestinationS3Uri>/<endpoint>/<variant>/
yyyy/mm/dd/hh/`` (the UTC hour of the invocation). A run gets one input per variant and
hour of its window that holds files, placed at the same relative path below the
input's ``LocalPath``; the analyzer then keeps the records whose ``inferenceTime`` is
in the window (an hour folder may hold more than the window).

Batch transform capture (``BatchDataCaptureConfig``) writes, per hour of the job's
start, manifest files under ``<DataCapturedDestinationS3Uri>/input/yyyy/mm/dd/hh/``:
JSON lists whose first item is ``{"prefix": "s3://…/"}`` and whose other items are
object keys relative to it. A run gets each object those manifests name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.runners.monitoring.windows import Window
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.artifacts.transfer import selection

JSON = Any
HOUR = timedelta(hours=1)
NO_DATA = "Job inputs had no data"


@dataclass(frozen=True)
class CaptureSource:
    """Where an endpoint's captured data is, and what serves it.

    Attributes:
        destination: ``DataCaptureConfig.DestinationS3Uri``.
        variants: The endpoint's production variants (one capture folder each).
        model: The model the endpoint serves (its first variant's): explainability runs
            call it.
    """

    destination: str
    variants: tuple[str, ...]
    model: str = ""


CaptureLocator = Callable[[str], CaptureSource]
"""Endpoint name → its capture source (raises ``NotFound`` or ``JobFailure``)."""


def window_hours(window: Window) -> list[datetime]:
    """Every UTC hour that holds part of the window, oldest first."""
    hour = window.start.replace(minute=0, second=0, microsecond=0)
    hours = []
    while hour < window.end:
        hours.append(hour)
        hour += HOUR
    return hours


def endpoint_inputs(
    store: ArtifactStore, source: CaptureSource, endpoint: str, local_path: str, window: Window
) -> list[dict[str, JSON]]:
    """One ``ProcessingInput`` per variant and hour of the window that holds captures."""
    root = f"{source.destination.rstrip('/')}/{endpoint}"
    inputs = []
    for variant in source.variants:
        for hour in window_hours(window):
            relative = f"{endpoint}/{variant}/{hour:%Y/%m/%d/%H}"
            prefix = f"{root}/{variant}/{hour:%Y/%m/%d/%H}/"
            if selection(store, prefix):
                name = f"endpoint-{variant}-{hour:%Y%m%d%H}"
                inputs.append(_input(name, prefix, f"{local_path.rstrip('/')}/{relative}"))
    return inputs


def batch_inputs(
    store: ArtifactStore, destination: str, local_path: str, window: Window
) -> list[dict[str, JSON]]:
    """One ``ProcessingInput`` per object the window's input manifests name.

    Raises:
        JobFailure: for a manifest that is not a JSON list starting with its prefix.
    """
    root = destination.rstrip("/")
    objects: list[str] = []
    for hour in window_hours(window):
        for manifest, _relative in selection(store, f"{root}/input/{hour:%Y/%m/%d/%H}/"):
            objects.extend(_manifest_objects(store, manifest))
    return [
        _input(f"batch-{i}", uri, f"{local_path.rstrip('/')}/part-{i:05d}")
        for i, uri in enumerate(dict.fromkeys(objects), 1)
    ]


def _manifest_objects(store: ArtifactStore, manifest: str) -> list[str]:
    try:
        document = json.loads(store.read_bytes(manifest))
        prefix = str(document[0]["prefix"])
        keys = [str(k) for k in document[1:]]
    except (ValueError, LookupError, TypeError) as error:
        raise JobFailure(
            f"ClientError: the batch capture manifest {manifest} is not a JSON list "
            f'starting with {{"prefix": "s3://…"}} ({error})'
        ) from None
    return [f"{prefix.rstrip('/')}/{key.lstrip('/')}" for key in keys]


def _input(name: str, uri: str, local_path: str) -> dict[str, JSON]:
    return {
        "InputName": name,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": local_path,
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
        },
    }
