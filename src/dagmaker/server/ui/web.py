"""The request plumbing every page shares: who is asking, forms, errors, HTML or JSON.

A page handler is a plain function of a :class:`Ctx` that returns a :class:`Page` (a
template, its context and its JSON twin) or a :class:`Redirect`. It runs in a worker
thread (the client's calls block on the database), after the gate has checked the
session, the Host header and, for forms, the CSRF token.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

import jinja2
from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from dagmaker.errors import Conflict, DagmakerError, InternalError, NotFound
from dagmaker.server.access import Access, is_loopback
from dagmaker.server.ui import render
from dagmaker.server.ui.sessions import COOKIE, OPEN_USER, Session, SessionSigner

FLASH_COOKIE = "dagmaker_notice"
_log = logging.getLogger("dagmaker.server.ui")
_MAX_FORM_BYTES = 1 << 20
_STATUS_OF = {NotFound: 404, Conflict: 409, InternalError: 500}
# Pages load only their own script and style, and no other site may frame them (so
# nobody can trick a click on Approve through an invisible frame).
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@dataclass
class Ui:
    """What pages work with: the clients, who may log in, and the templates.

    Attributes:
        client: The SageMaker client (boto3's method names); every read and action.
        s3: The S3 client (boto3's names), for artifacts pages show.
        access: The server's credentials (or none).
        signer: Sessions and CSRF tokens.
        templates: The Jinja2 environment.
    """

    client: Any
    s3: Any
    access: Access
    signer: SessionSigner
    templates: jinja2.Environment


@dataclass
class Ctx:
    """One request as a page handler sees it."""

    ui: Ui
    request: Request
    session: Session
    form: dict[str, list[str]] = field(default_factory=dict)

    @property
    def client(self) -> Any:
        """The SageMaker client."""
        return self.ui.client

    def arg(self, name: str, default: str = "") -> str:
        """A query-string value."""
        return self.request.query_params.get(name, default)

    def path(self, name: str) -> str:
        """A path parameter."""
        return str(self.request.path_params[name])

    def field(self, name: str, default: str = "") -> str:
        """A form field (the first, if given several times)."""
        values = self.form.get(name)
        return values[0] if values else default

    def fields(self, name: str) -> list[str]:
        """Every value of a form field (checkboxes)."""
        return list(self.form.get(name, []))

    @property
    def wants_json(self) -> bool:
        """Whether the JSON twin was asked for (``?format=json``)."""
        return self.arg("format") == "json"


@dataclass
class Page:
    """A rendered page: its template and context, and the JSON twin of its data."""

    template: str
    context: dict[str, Any]
    data: Any
    status: int = 200


@dataclass
class Redirect:
    """Go elsewhere after a form, with a one-time notice to show there."""

    location: str
    notice: str = ""


Handler = Callable[[Ctx], Page | Redirect | Response]


def error_page(error: DagmakerError) -> Page:
    """The page that explains a failed read or action."""
    status = next((s for cls, s in _STATUS_OF.items() if isinstance(error, cls)), 400)
    return Page("error.html", {"error": error, "title": error.headline}, error.to_dict(), status)


class Gate:
    """Session, Host and CSRF checks, and turning handler results into responses."""

    def __init__(self, ui: Ui) -> None:
        self.ui = ui

    def _host_refused(self, request: Request) -> bool:
        # An open server answers only to names of this machine, so a web page whose name
        # was re-pointed at 127.0.0.1 (DNS rebinding) cannot read it in a victim's browser.
        if not self.ui.access.open:
            return False
        host = request.headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return not is_loopback(name.strip("[]"))

    def session(self, request: Request) -> tuple[Session, str | None]:
        """The request's session, and a new cookie when one was issued now.

        A browser without a session gets one at once: logged in on an open server, not
        yet logged in (``user`` empty) on a server with credentials, so that even the
        login form carries a CSRF token.
        """
        now = time.time()
        found = self.ui.signer.read(request.cookies.get(COOKIE), now)
        if found is not None:
            return found, None
        return self.ui.signer.issue(OPEN_USER if self.ui.signer.open else "", now)

    async def handle(self, request: Request, handler: Handler, public: bool) -> Response:
        """Check, run ``handler`` and render what it returns."""
        if self._host_refused(request):
            return HTMLResponse("This server answers only to its loopback names.", 403)
        session, new_cookie = self.session(request)
        if not session.user and not public:
            response = _to_login(request)
            if new_cookie is not None:
                set_session_cookie(response, new_cookie, request)
            return response
        form: dict[str, list[str]] = {}
        if request.method == "POST":
            form = await _read_form(request)
            if not self.ui.signer.csrf_ok(session, _first(form, "csrf_token")):
                page = _forbidden()
                return self.respond(Ctx(self.ui, request, session, form), page, new_cookie)
        ctx = Ctx(self.ui, request, session, form)
        try:
            result = await run_in_threadpool(handler, ctx)
        except DagmakerError as error:
            result = error_page(error)
        except Exception:
            # A fault of the UI itself: logged with its traceback, shown as dagmaker's.
            _log.exception("the page %s failed", request.url.path)
            crash = InternalError(
                f"the page {request.url.path} failed inside dagmaker",
                hint="The server's log has the details; please report it.",
            )
            result = error_page(crash)
        return self.respond(ctx, result, new_cookie)

    def respond(self, ctx: Ctx, result: Page | Redirect | Response, cookie: str | None) -> Response:
        """The HTTP response of a handler's result."""
        if isinstance(result, Redirect):
            response: Response = RedirectResponse(result.location, status_code=303)
            if result.notice:
                response.set_cookie(
                    FLASH_COOKIE,
                    quote(result.notice),
                    httponly=True,
                    samesite="strict",
                    path=render.PREFIX,
                )
        elif isinstance(result, Page):
            response = self._page(ctx, result)
        else:
            response = result
        if cookie is not None:
            set_session_cookie(response, cookie, ctx.request)
        return response

    def _page(self, ctx: Ctx, page: Page) -> Response:
        if ctx.wants_json:
            body = render.to_json(page.data, pretty=True)
            headers = {"Cache-Control": "no-store"}
            return Response(body, page.status, headers, media_type="application/json")
        notice = unquote(ctx.request.cookies.get(FLASH_COOKIE, ""))
        context = {
            "title": "dagmaker",
            "section": "",
            "breadcrumbs": [],
            "api_calls": [],
            "ctx": ctx,
            "csrf_token": self.ui.signer.csrf_token(ctx.session),
            "user": ctx.session.user,
            "needs_login": not self.ui.signer.open,
            "notice": notice,
            "json_url": _with_format(ctx.request),
            "has": {
                "endpoints": hasattr(self.ui.client, "list_endpoints"),
                "monitoring": hasattr(self.ui.client, "list_monitoring_schedules"),
            },
            **page.context,
        }
        html = self.ui.templates.get_template(page.template).render(context)
        response = HTMLResponse(html, page.status, headers=PAGE_HEADERS)
        if notice:
            response.delete_cookie(FLASH_COOKIE, path=render.PREFIX)
        return response


def set_session_cookie(response: Response, cookie: str, request: Request) -> None:
    """Attach the session cookie: HttpOnly, SameSite=Strict, scoped to the UI."""
    response.set_cookie(
        COOKIE,
        cookie,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=render.PREFIX,
    )


def _with_format(request: Request) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    query.append(("format", "json"))
    return request.url.path + "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in query)


def _to_login(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    # Scripts (the live views, log tails) and JSON twins get an error, people the form.
    page_wanted = "text/html" in request.headers.get("accept", "")
    if request.method != "GET" or not page_wanted or request.query_params.get("format") == "json":
        return Response(
            '{"Error":{"Code":"NotAuthorized","Message":"log in first"}}',
            401,
            media_type="application/json",
        )
    return RedirectResponse(render.url("login", next=target), status_code=303)


def _forbidden() -> Page:
    message = "This form has expired or did not come from this site. Reload the page and retry."
    document = {"Error": {"Code": "InvalidCsrfToken", "Message": message}}
    return Page("error.html", {"title": "Form refused", "message": message}, document, 403)


async def _read_form(request: Request) -> dict[str, list[str]]:
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    body = await request.body()
    if kind != "application/x-www-form-urlencoded" or len(body) > _MAX_FORM_BYTES:
        return {}
    fields: dict[str, list[str]] = {}
    for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        fields.setdefault(key, []).append(value)
    return fields


def _first(form: dict[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    return values[0] if values else None


def add(
    router: APIRouter,
    gate: Gate,
    path: str,
    handler: Handler,
    *,
    methods: tuple[str, ...] = ("GET",),
    public: bool = False,
) -> None:
    """Route ``path`` (under the UI prefix) to ``handler`` through the gate."""

    async def endpoint(request: Request) -> Response:
        return await gate.handle(request, handler, public)

    endpoint.__name__ = f"ui_{handler.__name__}"
    router.add_api_route(
        render.PREFIX + path, endpoint, methods=list(methods), include_in_schema=False
    )
