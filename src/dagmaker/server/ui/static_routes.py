"""The UI's own stylesheet, script and icon, served from the package (no CDN, no fonts)."""

from __future__ import annotations

import hashlib
from importlib import resources

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from dagmaker.server.ui.render import PREFIX

_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


def _load() -> dict[str, tuple[bytes, str, str]]:
    """Every static file by name: its bytes, content type and ETag."""
    folder = resources.files("dagmaker.server.ui") / "static"
    files = {}
    for entry in folder.iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1]
        if entry.is_file() and suffix in _TYPES:
            data = entry.read_bytes()
            files[entry.name] = (data, _TYPES[suffix], hashlib.sha256(data).hexdigest()[:16])
    return files


def register(router: APIRouter) -> None:
    """Serve ``/ui/static/<name>``; only files shipped with the package exist there."""
    files = _load()

    async def static(request: Request) -> Response:
        found = files.get(request.path_params["name"])
        if found is None:
            return Response("not found", 404, media_type="text/plain")
        data, kind, etag = found
        headers = {"ETag": f'"{etag}"', "Cache-Control": "no-cache"}
        if request.headers.get("if-none-match") == f'"{etag}"':
            return Response(status_code=304, headers=headers)
        return Response(data, media_type=kind, headers=headers)

    router.add_api_route(
        PREFIX + "/static/{name}", static, methods=["GET"], include_in_schema=False
    )
