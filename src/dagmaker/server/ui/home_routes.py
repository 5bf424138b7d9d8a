"""The front page (what runs, what waits for someone) and the login and logout forms."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from fastapi import APIRouter
from starlette.responses import RedirectResponse, Response

from dagmaker.server.ui import render
from dagmaker.server.ui.execution_routes import filtered_executions
from dagmaker.server.ui.sessions import COOKIE, credentials_match
from dagmaker.server.ui.web import Ctx, Gate, Page, Redirect, add, set_session_cookie

_RECENT = 10


def home(ctx: Ctx) -> Page:
    """Running executions, recent ones, callbacks and models waiting for someone."""
    recent = filtered_executions(ctx.client)
    running = [e for e in recent if e["PipelineExecutionStatus"] in ("Executing", "Stopping")]
    waiting = ctx.client.list_waiting_callbacks()["WaitingCallbacks"]
    pending = ctx.client.list_model_packages(ModelApprovalStatus="PendingManualApproval")
    pipelines = ctx.client.list_pipelines()["PipelineSummaries"]
    return Page(
        "home.html",
        {
            "title": "Home",
            "section": "home",
            "running": running,
            "executions": recent[:_RECENT],
            "show_pipeline": True,
            "waiting": waiting,
            "pending": pending["ModelPackageSummaryList"],
            "pipelines": pipelines,
            "api_calls": [
                "ListPipelines",
                "ListPipelineExecutions",
                "ListWaitingCallbacks",
                "ListModelPackages",
            ],
        },
        {
            "PipelineExecutionSummaries": recent[:_RECENT],
            "WaitingCallbacks": waiting,
            "ModelPackageSummaryList": pending["ModelPackageSummaryList"],
        },
    )


def _safe_next(target: str) -> str:
    """Where to go after logging in: only a page of this UI (never another site)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(render.PREFIX + "/"):
        return render.PREFIX + "/"
    return target


def login_form(ctx: Ctx) -> Page | Redirect:
    """The login form (a server without credentials needs none)."""
    if ctx.session.user:
        return Redirect(_safe_next(ctx.arg("next")))
    return _login_page(ctx, "")


def _login_page(ctx: Ctx, problem: str) -> Page:
    return Page(
        "login.html",
        {
            "title": "Log in",
            "next": _safe_next(ctx.arg("next") or ctx.field("next")),
            "problem": problem,
            "access_key": ctx.field("access_key"),
        },
        {"Error": {"Code": "NotAuthorized", "Message": "log in first"}},
        status=401 if problem else 200,
    )


def login(ctx: Ctx) -> Page | Response:
    """Check the key pair; on success start a fresh session (new nonce) and go on."""
    if not credentials_match(ctx.ui.access, ctx.field("access_key"), ctx.field("secret_key")):
        return _login_page(ctx, "That access key and secret key are not this server's.")
    _, cookie = ctx.ui.signer.issue(ctx.field("access_key"), time.time())
    response = RedirectResponse(_safe_next(ctx.field("next")), status_code=303)
    set_session_cookie(response, cookie, ctx.request)
    return response


def logout(ctx: Ctx) -> Response:
    """End the session."""
    response = RedirectResponse(render.url("login"), status_code=303)
    response.delete_cookie(COOKIE, path=render.PREFIX)
    return response


def register(router: APIRouter, gate: Gate) -> None:
    """Add the front page, login and logout."""
    add(router, gate, "/", home)
    add(router, gate, "/login", login_form, public=True)
    add(router, gate, "/login", login, methods=("POST",), public=True)
    add(router, gate, "/logout", logout, methods=("POST",), public=True)
