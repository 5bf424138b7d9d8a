"""Look inside an ``s3://`` artifact, read through the S3 client (size-capped).

Statistics are drawn as histograms, constraints and violations as tables, other JSON
pretty with its numbers listed, and text as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from dagmaker._lib import s3uri
from dagmaker.errors import InvalidRequest, NotFound
from dagmaker.server.ui import artifact_views, render
from dagmaker.server.ui.web import Ctx, Gate, Page, add

MAX_BYTES = 8 << 20


@dataclass(frozen=True)
class Artifact:
    """An object read from the store: its URI, size, and content when small enough."""

    uri: str
    size: int
    data: bytes | None

    def json(self) -> Any:
        """The parsed JSON content, or None when it is not JSON (or was not read)."""
        if self.data is None:
            return None
        try:
            return json.loads(self.data)
        except ValueError:
            return None


def read(s3: Any, uri: str, limit: int = MAX_BYTES) -> Artifact:
    """Read an artifact through the S3 client (not read when larger than ``limit``).

    Raises:
        InvalidRequest: for text that is not an ``s3://`` URI.
        NotFound: when no object has that key.
    """
    try:
        parsed = s3uri.parse(uri)
    except ValueError as exc:
        raise InvalidRequest(str(exc), field="uri", value=uri) from None
    listed = s3.list_objects_v2(Bucket=parsed.bucket, Prefix=parsed.key)
    size = next((o["Size"] for o in listed.get("Contents", []) if o["Key"] == parsed.key), None)
    if size is None:
        raise NotFound(f"no artifact at {uri}", field="uri", hint="Check the URI and its key.")
    if size > limit:
        return Artifact(uri, size, None)
    body = s3.get_object(Bucket=parsed.bucket, Key=parsed.key)["Body"]
    return Artifact(uri, size, body.read())


def artifact(ctx: Ctx) -> Page | Response:
    """One artifact, shown by what it is; ``?download=1`` sends it as it is."""
    uri = ctx.arg("uri")
    found = read(ctx.ui.s3, uri)
    if ctx.arg("download") and found.data is not None:
        name = uri.rsplit("/", 1)[-1] or "artifact"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(found.data, media_type="application/octet-stream", headers=headers)
    document = found.json()
    kind = artifact_views.kind_of(document) if document is not None else "raw"
    context: dict[str, Any] = {
        "title": uri.rsplit("/", 1)[-1] or uri,
        "uri": uri,
        "artifact": found,
        "kind": kind,
        "document": document,
        "api_calls": ["S3 ListObjectsV2", "S3 GetObject"],
    }
    if kind == "statistics":
        context["features"] = artifact_views.features(document)
        context["item_count"] = (document.get("dataset") or {}).get("item_count")
    elif kind == "json":
        context["numbers"] = artifact_views.numeric_leaves(document)
    elif kind == "raw" and found.data is not None:
        context["text"] = found.data[:200_000].decode("utf-8", "replace")
    data = document if document is not None else {"Uri": uri, "Size": found.size}
    return Page("artifact.html", context, data)


def register(router: APIRouter, gate: Gate) -> None:
    """Add the artifact viewer."""
    add(router, gate, "/artifacts", artifact)


def link(uri: str) -> str:
    """The viewer's address for ``uri``."""
    return render.url("artifacts", uri=uri)
