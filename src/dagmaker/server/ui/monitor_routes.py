"""Monitoring schedules: their runs, violations, and each feature's drift over time.

Mounted only when the client has Model Monitor's methods (``list_monitoring_schedules``,
``list_monitoring_executions``, ``list_monitoring_metrics``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from dagmaker.errors import DagmakerError
from dagmaker.server.ui import charts, monitor_views, render
from dagmaker.server.ui.artifact_routes import read
from dagmaker.server.ui.web import Ctx, Gate, Page, add

_RUNS = 50
_RUNS_WITH_REPORTS = 20
_REPORT_FILES = ("statistics.json", "constraint_violations.json")


def schedules(ctx: Ctx) -> Page:
    """Every monitoring schedule."""
    listed = ctx.client.list_monitoring_schedules(MaxResults=100)
    return Page(
        "monitoring.html",
        {
            "title": "Monitoring",
            "section": "monitoring",
            "schedules": listed["MonitoringScheduleSummaries"],
            "api_calls": ["ListMonitoringSchedules"],
        },
        listed,
    )


def _json_at(ctx: Ctx, uri: str) -> Any:
    try:
        return read(ctx.ui.s3, uri).json()
    except DagmakerError:
        return None


def _reports(ctx: Ctx, run: dict[str, Any]) -> dict[str, str]:
    """The run's report files that exist, by file name → URI."""
    arn = run.get("ProcessingJobArn")
    if not arn:
        return {}
    try:
        job = ctx.client.describe_processing_job(ProcessingJobName=render.short_id(arn))
    except DagmakerError:
        return {}
    found = {}
    for base in monitor_views.output_uris(job):
        for name in _REPORT_FILES:
            if name not in found and _json_at(ctx, f"{base}/{name}") is not None:
                found[name] = f"{base}/{name}"
    return found


def _drift_charts(series: list[charts.Series], threshold: float) -> list[dict[str, Any]]:
    return [
        {
            "feature": one.name,
            "latest": one.points[-1][1],
            "over": one.points[-1][1] > threshold,
            "chart": charts.line_chart(
                [one], f"Drift of {one.name} from the baseline", "distance", threshold
            ),
            "points": one.points,
        }
        for one in series
    ]


def schedule(ctx: Ctx) -> Page:
    """One schedule: its baseline, runs (with their reports), violations and drift charts."""
    name = ctx.path("name")
    described = ctx.client.describe_monitoring_schedule(MonitoringScheduleName=name)
    runs = ctx.client.list_monitoring_executions(MonitoringScheduleName=name, MaxResults=_RUNS)[
        "MonitoringExecutionSummaries"
    ]
    metrics = ctx.client.list_monitoring_metrics(MonitoringScheduleName=name)["Metrics"]
    baseline = monitor_views.baseline_config(ctx.client, described)
    constraints_uri = (baseline.get("ConstraintsResource") or {}).get("S3Uri")
    threshold = monitor_views.drift_threshold(
        _json_at(ctx, constraints_uri) if constraints_uri else None
    )
    drift, other = monitor_views.series(metrics)
    rows = [
        {"run": run, "reports": _reports(ctx, run) if i < _RUNS_WITH_REPORTS else {}}
        for i, run in enumerate(runs)
    ]
    flagged = next((r for r in rows if "constraint_violations.json" in r["reports"]), None)
    violations = (
        _json_at(ctx, flagged["reports"]["constraint_violations.json"]) if flagged else None
    )
    return Page(
        "monitoring_schedule.html",
        {
            "title": f"Monitoring schedule {name}",
            "section": "monitoring",
            "breadcrumbs": [("Monitoring", render.url("monitoring")), (name, None)],
            "schedule": described,
            "baseline": baseline,
            "threshold": threshold,
            "rows": rows,
            "drift": _drift_charts(drift, threshold),
            "other": [
                {"name": s.name, "chart": charts.line_chart([s], s.name, "value")} for s in other
            ],
            "flagged": flagged,
            "violations": (violations or {}).get("violations") or [],
            "api_calls": [
                "DescribeMonitoringSchedule",
                "ListMonitoringExecutions",
                "ListMonitoringMetrics",
                "DescribeProcessingJob",
                "S3 GetObject",
            ],
        },
        {
            "MonitoringSchedule": described,
            "MonitoringExecutionSummaries": runs,
            "Metrics": metrics,
        },
    )


def register(router: APIRouter, gate: Gate) -> None:
    """Add the monitoring pages."""
    add(router, gate, "/monitoring", schedules)
    add(router, gate, "/monitoring/{name}", schedule)
