"""``dagmaker monitoring …``: Model Monitor's schedules, their runs and their metrics.

Every command is one client call, so the same commands work against a server.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console, print_json, styled, table, when

app = typer.Typer(
    add_completion=False,
    help="Monitoring schedules: list, describe, runs, run now, metrics.",
    no_args_is_help=True,
)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the API document")]
Schedule = Annotated[str, typer.Argument(help="Monitoring schedule name")]


@app.command("list")
@guarded
def list_schedules(
    endpoint: Annotated[str | None, typer.Option(help="Only this endpoint's schedules")] = None,
    json_output: JsonFlag = False,
) -> None:
    """List monitoring schedules, newest first."""
    listed = _all(
        "MonitoringScheduleSummaries",
        context.client().list_monitoring_schedules,
        **({"EndpointName": endpoint} if endpoint else {}),
    )
    if json_output:
        print_json({"MonitoringScheduleSummaries": listed})
        return
    rows = [
        [
            s["MonitoringScheduleName"],
            s.get("MonitoringType", ""),
            styled(s["MonitoringScheduleStatus"]),
            s.get("EndpointName", ""),
            when(s["CreationTime"]),
        ]
        for s in listed
    ]
    headers = ["name", "type", "status", "endpoint", "created"]
    console.print(table("Monitoring schedules", headers, rows))


@app.command("describe")
@guarded
def describe(name: Schedule, json_output: JsonFlag = False) -> None:
    """A schedule: its configuration, status and last run."""
    document = context.client().describe_monitoring_schedule(MonitoringScheduleName=name)
    if json_output:
        print_json(document)
        return
    config = document.get("MonitoringScheduleConfig") or {}
    expression = (config.get("ScheduleConfig") or {}).get("ScheduleExpression", "(daily)")
    lines = [
        f"name: {document['MonitoringScheduleName']}",
        f"status: {document['MonitoringScheduleStatus']}",
        f"type: {document.get('MonitoringType', '')}",
        f"endpoint: {document.get('EndpointName', '')}",
        f"schedule: {expression}",
        f"job definition: {config.get('MonitoringJobDefinitionName', '(inline)')}",
        f"created: {when(document['CreationTime'])}",
    ]
    if document.get("FailureReason"):
        lines.append(f"failure: {document['FailureReason']}")
    last = document.get("LastMonitoringExecutionSummary")
    if last:
        lines.append(f"last run: {_run_line(last)}")
    for line in lines:
        console.print(line, markup=False)


@app.command("executions")
@guarded
def executions(
    name: Schedule,
    status: Annotated[str | None, typer.Option(help="Only runs with this status")] = None,
    json_output: JsonFlag = False,
) -> None:
    """A schedule's runs, newest first."""
    filters: dict[str, Any] = {"MonitoringScheduleName": name, "SortBy": "ScheduledTime"}
    if status:
        filters["StatusEquals"] = status
    runs = _all(
        "MonitoringExecutionSummaries", context.client().list_monitoring_executions, **filters
    )
    if json_output:
        print_json({"MonitoringExecutionSummaries": runs})
        return
    rows = [
        [
            when(r["ScheduledTime"]),
            styled(r["MonitoringExecutionStatus"]),
            (r.get("ProcessingJobArn") or "").rpartition("/")[2],
            r.get("FailureReason", ""),
        ]
        for r in runs
    ]
    headers = ["scheduled", "status", "processing job", "failure"]
    console.print(table(f"Runs of {name}", headers, rows))


@app.command("run-now")
@guarded
def run_now(name: Schedule, json_output: JsonFlag = False) -> None:
    """Start a run now over the schedule's period before now (also when stopped)."""
    answer = context.client().run_monitoring_schedule_now(MonitoringScheduleName=name)
    if json_output:
        print_json(answer)
        return
    console.print(
        f"Run {answer['RunRequest']} of {name} asked for; follow it with "
        f"`dagmaker monitoring executions {name}`.",
        markup=False,
    )


@app.command("metrics")
@guarded
def metrics(
    name: Schedule,
    metric: Annotated[str | None, typer.Option("--metric", help="Only this metric")] = None,
    since: Annotated[str | None, typer.Option(help="From this time (ISO-8601)")] = None,
    until: Annotated[str | None, typer.Option(help="Before this time (ISO-8601)")] = None,
    latest: Annotated[
        bool, typer.Option("--latest", help="Only each metric's newest value")
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """The metrics the schedule's runs emitted, oldest first."""
    filters: dict[str, Any] = {"MonitoringScheduleName": name, "Latest": latest}
    for key, value in (("MetricName", metric), ("StartTime", since), ("EndTime", until)):
        if value:
            filters[key] = value
    listed = context.client().list_monitoring_metrics(**filters)
    if json_output:
        print_json(listed)
        return
    rows = [
        [when(m["Timestamp"]), m["MetricName"], _value(m), _dimensions(m)]
        for m in listed["Metrics"]
    ]
    console.print(table(f"Metrics of {name}", ["time", "metric", "value", "dimensions"], rows))


def _all(key: str, method: Any, **filters: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    token = None
    while True:
        page = method(**filters, **({"NextToken": token} if token else {}))
        items.extend(page[key])
        token = page.get("NextToken")
        if not token:
            return items


def _run_line(run: dict[str, Any]) -> str:
    scheduled = run.get("ScheduledTime")
    text = f"{run['MonitoringExecutionStatus']} (scheduled {when(scheduled)})"
    if run.get("FailureReason"):
        text += f": {run['FailureReason']}"
    return text


def _value(metric: dict[str, Any]) -> str:
    if "StatisticValues" in metric:
        stats = metric["StatisticValues"]
        return ", ".join(f"{k}={v:g}" for k, v in sorted(stats.items()))
    value = metric.get("Value")
    return "" if value is None else f"{value:.6g}"


def _dimensions(metric: dict[str, Any]) -> str:
    shown = [
        f"{d['Name']}={d['Value']}"
        for d in metric.get("Dimensions") or []
        if d["Name"] not in ("Endpoint", "MonitoringSchedule")
    ]
    return ", ".join(shown)
