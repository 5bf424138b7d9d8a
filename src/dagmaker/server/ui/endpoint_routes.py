"""Endpoints: their status, variants, data capture, monitoring schedules and live log.

Mounted only when the client serves endpoints (``list_endpoints``, ``describe_endpoint``).
"""

from __future__ import annotations

from fastapi import APIRouter

from dagmaker.server.ui import render
from dagmaker.server.ui.web import Ctx, Gate, Page, add


def endpoints(ctx: Ctx) -> Page:
    """Every endpoint."""
    listed = ctx.client.list_endpoints(MaxResults=100)
    return Page(
        "endpoints.html",
        {
            "title": "Endpoints",
            "section": "endpoints",
            "endpoints": listed["Endpoints"],
            "api_calls": ["ListEndpoints"],
        },
        listed,
    )


def endpoint(ctx: Ctx) -> Page:
    """One endpoint: variants, data capture, its monitoring schedules and its log."""
    name = ctx.path("name")
    described = ctx.client.describe_endpoint(EndpointName=name)
    schedules = []
    monitored = hasattr(ctx.client, "list_monitoring_schedules")
    if monitored:
        schedules = ctx.client.list_monitoring_schedules(EndpointName=name)[
            "MonitoringScheduleSummaries"
        ]
    return Page(
        "endpoint.html",
        {
            "title": f"Endpoint {name}",
            "section": "endpoints",
            "breadcrumbs": [("Endpoints", render.url("endpoints")), (name, None)],
            "endpoint": described,
            "schedules": schedules,
            "monitored": monitored,
            "api_calls": [
                "DescribeEndpoint",
                *(["ListMonitoringSchedules"] if monitored else []),
                "GetJobLog",
            ],
        },
        {"Endpoint": described, "MonitoringScheduleSummaries": schedules},
    )


def register(router: APIRouter, gate: Gate) -> None:
    """Add the endpoint pages."""
    add(router, gate, "/endpoints", endpoints)
    add(router, gate, "/endpoints/{name}", endpoint)
