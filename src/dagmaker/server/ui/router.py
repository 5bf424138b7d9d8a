"""Assemble the UI's routes into one router for the server to mount."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import RedirectResponse, Response

from dagmaker.server.access import Access
from dagmaker.server.ui import (
    action_routes,
    artifact_routes,
    callback_routes,
    endpoint_routes,
    execution_routes,
    home_routes,
    monitor_routes,
    pipeline_routes,
    registry_routes,
    render,
    static_routes,
)
from dagmaker.server.ui.sessions import SessionSigner
from dagmaker.server.ui.web import Gate, Ui


def ui_router(client: Any, s3: Any, access: Access) -> APIRouter:
    """The UI's routes over ``client`` (SageMaker, boto3 names) and ``s3`` (S3, boto3 names).

    Args:
        client: The SageMaker client every page reads and acts through.
        s3: The S3 client artifact pages read through.
        access: The server's credentials; with them, pages need a login.
    """
    ui = Ui(client, s3, access, SessionSigner.for_access(access), render.environment())
    gate = Gate(ui)
    router = APIRouter()

    async def to_home() -> Response:
        return RedirectResponse(render.PREFIX + "/", status_code=308)

    router.add_api_route(render.PREFIX, to_home, methods=["GET"], include_in_schema=False)
    static_routes.register(router)
    for module in (
        home_routes,
        pipeline_routes,
        execution_routes,
        action_routes,
        callback_routes,
        registry_routes,
        artifact_routes,
    ):
        module.register(router, gate)
    # Pages of features this server may not have (yet): mounted when its client has them.
    if hasattr(client, "list_monitoring_schedules"):
        monitor_routes.register(router, gate)
    if hasattr(client, "list_endpoints"):
        endpoint_routes.register(router, gate)
    return router
