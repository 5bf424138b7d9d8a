"""Turning page data into HTML (Jinja2 templates) and into its JSON twin."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup

from dagmaker.server.ui import statuses

PREFIX = "/ui"


def to_json(document: Any, pretty: bool = False) -> str:
    """JSON text of a client document; times become ISO 8601 text."""

    def default(value: Any) -> Any:
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        return str(value)

    if pretty:
        return json.dumps(document, default=default, indent=2, ensure_ascii=False)
    return json.dumps(document, default=default, separators=(",", ":"), ensure_ascii=False)


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            return _moment(datetime.fromisoformat(value))
        except ValueError:
            return None
    return None


def when(value: Any) -> Markup:
    """A ``<time>`` element in UTC, or an em dash for no time."""
    moment = _moment(value)
    if moment is None:
        return Markup("—")
    utc = moment.astimezone(UTC)
    return Markup('<time datetime="{}">{}</time>').format(
        utc.isoformat(), utc.strftime("%Y-%m-%d %H:%M:%S")
    )


def duration(start: Any, end: Any) -> str:
    """``1 h 02 m``, ``3 m 05 s`` or ``12.3 s`` between two times; empty if either is unknown."""
    first, last = _moment(start), _moment(end)
    if first is None or last is None:
        return ""
    seconds = max((last - first).total_seconds(), 0.0)
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} m {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} m"


def badge(status: Any, not_started: bool = False) -> Markup:
    """A status badge: glyph and words, coloured by tone."""
    shown = statuses.shown(str(status or ""), pending_means_not_started=not_started)
    return Markup(
        '<span class="badge {}" data-status="{}"><span aria-hidden="true">{}</span> {}</span>'
    ).format(shown.css, shown.status, shown.glyph, shown.words)


def url(*parts: Any, **query: Any) -> str:
    """A UI path from segments (each quoted) and query values (empty ones left out)."""
    path = PREFIX + "".join("/" + quote(str(p), safe="") for p in parts)
    kept = {k: v for k, v in query.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


def short_id(arn: Any) -> str:
    """The last segment of an ARN (an execution id, a version number)."""
    return str(arn or "").rsplit("/", 1)[-1]


def environment() -> jinja2.Environment:
    """The template environment: package templates, autoescaping, the UI's filters."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dagmaker.server.ui", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=when,
        badge=badge,
        short_id=short_id,
        pretty=lambda value: to_json(value, pretty=True),
    )
    env.globals.update(url=url, duration=duration, PREFIX=PREFIX)
    return env
