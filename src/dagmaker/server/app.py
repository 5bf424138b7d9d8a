"""The server's ASGI app: SageMaker, SageMaker Runtime, STS and S3 on one port.

Which protocol a request speaks is told apart the way the AWS SDKs make it plain:
``X-Amz-Target`` (SageMaker's JSON protocol), a form POST to ``/`` with ``Action`` (STS),
``POST /endpoints/<name>/invocations`` (InvokeEndpoint); everything else is S3. Routers
added by others (the web UI) are mounted first, under paths no S3 bucket can have.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from dagmaker.server import runtime_wire, s3_wire, sts_wire
from dagmaker.server.access import Access
from dagmaker.server.error_codes import AuthFailure, auth_error
from dagmaker.server.sagemaker_wire import JsonService, SageMakerProtocol, error_response
from dagmaker.server.sigv4 import RequestFacts

_METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD"]


def request_facts(request: Request) -> RequestFacts:
    """The signed parts of a Starlette request, as they came over the wire."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    return RequestFacts(
        method=request.method,
        raw_path=raw.decode("latin-1").split("?", 1)[0],
        query=request.scope.get("query_string", b"").decode("latin-1"),
        headers=headers,
    )


def _browser_at_root(request: Request) -> bool:
    # A person opening the server's address gets the web UI; an unsigned ListBuckets
    # from a program (no HTML in Accept) still gets S3's answer.
    return (
        request.method == "GET"
        and request.url.path == "/"
        and not request.url.query
        and "authorization" not in request.headers
        and "text/html" in request.headers.get("accept", "")
    )


def create_app(
    client: Any,
    s3: s3_wire.S3Protocol,
    access: Access,
    routers: Iterable[APIRouter] = (),
    json_services: tuple[JsonService, ...] = (),
    runtime: Any = None,
) -> FastAPI:
    """The app serving ``client`` (SageMaker) and ``s3`` (objects) behind ``access``.

    Args:
        client: A client with boto3's SageMaker method names (``LocalSageMakerClient``).
        s3: The S3 protocol over the artifact store.
        access: Who may call (SigV4 credentials, or open on loopback).
        routers: Further routes (the web UI), mounted before the AWS protocols.
        json_services: Further services on SageMaker's JSON protocol (CloudWatch Logs).
        runtime: A client with SageMaker Runtime's ``invoke_endpoint`` (endpoints).
    """
    app = FastAPI(title="dagmaker", docs_url=None, redoc_url=None, openapi_url=None)
    for router in routers:
        app.include_router(router)
    sagemaker = SageMakerProtocol(client, json_services)

    async def dispatch(request: Request) -> Response:
        facts = request_facts(request)
        target = request.headers.get("x-amz-target")
        if target is not None and request.method == "POST":
            body = await request.body()
            try:
                access.check(facts, body)
            except AuthFailure as failure:
                return error_response(auth_error(failure, "json"))
            return await run_in_threadpool(sagemaker.handle, target, body)
        if runtime_wire.is_invocation(request):
            body = await request.body()
            try:
                access.check(facts, body)
            except AuthFailure as failure:
                return runtime_wire.error_response(auth_error(failure, "json"))
            return await run_in_threadpool(runtime_wire.invoke, runtime, request, body)
        if request.method == "POST" and request.url.path == "/":
            body = await request.body()
            content_type = request.headers.get("content-type", "")
            if sts_wire.is_sts_request(request.method, "/", content_type, body):
                try:
                    key = access.check(facts, body)
                except AuthFailure as failure:
                    return sts_wire.error_response(auth_error(failure, "sts"))
                return sts_wire.handle(body, key)
        if _browser_at_root(request):
            return RedirectResponse("/ui/", status_code=307)
        return await s3.handle(request, facts, access)

    app.add_api_route("/{path:path}", dispatch, methods=_METHODS, include_in_schema=False)
    return app
