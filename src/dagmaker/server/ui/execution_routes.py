"""Executions: the filtered list, and one execution's live graph, steps and step details."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from dagmaker.errors import DagmakerError
from dagmaker.server.ui import graph_svg, render, statuses
from dagmaker.server.ui.graph_svg import NodeState
from dagmaker.server.ui.pipeline_routes import definition_page
from dagmaker.server.ui.step_graph import StepGraph, step_graph
from dagmaker.server.ui.web import Ctx, Gate, Page, add, error_page

SINCE = {
    "1h": ("last hour", timedelta(hours=1)),
    "24h": ("last 24 hours", timedelta(days=1)),
    "7d": ("last 7 days", timedelta(days=7)),
    "30d": ("last 30 days", timedelta(days=30)),
}
EXECUTION_STATUSES = ("Executing", "Stopping", "Stopped", "Failed", "Succeeded")
_PER_PIPELINE = 100


def _after(since: str) -> datetime | None:
    chosen = SINCE.get(since)
    return datetime.now(UTC) - chosen[1] if chosen else None


def _started(summary: dict[str, Any]) -> datetime:
    value = summary["StartTime"]
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(moment, datetime)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def filtered_executions(
    client: Any, pipeline: str = "", status: str = "", since: str = ""
) -> list[dict[str, Any]]:
    """Executions of one or every pipeline, newest first, keeping those that match."""
    names = (
        [pipeline]
        if pipeline
        else [p["PipelineName"] for p in client.list_pipelines()["PipelineSummaries"]]
    )
    after = _after(since)
    found = []
    for name in names:
        listed = client.list_pipeline_executions(PipelineName=name, MaxResults=_PER_PIPELINE)
        for summary in listed["PipelineExecutionSummaries"]:
            if status and summary["PipelineExecutionStatus"] != status:
                continue
            if after is not None and _started(summary) < after:
                continue
            found.append({**summary, "PipelineName": name})
    found.sort(key=_started, reverse=True)
    return found


def executions(ctx: Ctx) -> Page:
    """Executions across pipelines, filtered by pipeline, status and start time."""
    chosen = {k: ctx.arg(k) for k in ("pipeline", "status", "since")}
    found = filtered_executions(ctx.client, **chosen)
    names = [p["PipelineName"] for p in ctx.client.list_pipelines()["PipelineSummaries"]]
    return Page(
        "executions.html",
        {
            "title": "Executions",
            "section": "executions",
            "executions": found,
            "show_pipeline": True,
            "chosen": chosen,
            "pipelines": names,
            "statuses": EXECUTION_STATUSES,
            "since": SINCE,
            "limit": _PER_PIPELINE,
            "api_calls": ["ListPipelines", "ListPipelineExecutions"],
        },
        {"PipelineExecutionSummaries": found},
    )


def pipeline_name_of(client: Any, pipeline_arn: str) -> str:
    """The pipeline's name as created (ARNs hold it lower-cased)."""
    for summary in client.list_pipelines()["PipelineSummaries"]:
        if summary["PipelineArn"] == pipeline_arn:
            return str(summary["PipelineName"])
    return pipeline_arn.rsplit("/", 1)[-1]


def _states(
    graph_steps: list[str], listed: dict[str, dict[str, Any]], ended: bool
) -> dict[str, NodeState]:
    states = {}
    for name in graph_steps:
        step = listed.get(name, {})
        status = step.get("StepStatus", "Pending")
        note = ""
        if "CacheHitResult" in step:
            note = "cached"
        elif status == "Executing" and "Callback" in step.get("Metadata", {}):
            note = "awaits callback"
        elif step.get("AttemptCount", 0) > 1:
            note = f"attempt {step['AttemptCount']}"
        states[name] = NodeState(statuses.shown(status, pending_means_not_started=ended), note)
    return states


@dataclass
class _Execution:
    """What the execution page reads through the client."""

    described: dict[str, Any]
    steps: list[dict[str, Any]]
    parameters: list[dict[str, Any]]
    graph: StepGraph
    step: dict[str, Any] | None

    @property
    def execution_id(self) -> str:
        return render.short_id(self.described["PipelineExecutionArn"])

    def twin(self) -> dict[str, Any]:
        """The page's JSON twin: the client's documents."""
        data: dict[str, Any] = {
            "PipelineExecution": self.described,
            "PipelineExecutionSteps": self.steps,
            "PipelineParameters": self.parameters,
        }
        if self.step is not None:
            data["Step"] = self.step
        return data


def _load(client: Any, ref: str, selected: str | None) -> _Execution:
    described = client.describe_pipeline_execution(PipelineExecutionArn=ref)
    arn = described["PipelineExecutionArn"]
    text = client.describe_pipeline_definition_for_execution(PipelineExecutionArn=arn)
    step = None
    if selected:
        step = client.describe_pipeline_execution_step(PipelineExecutionArn=arn, StepName=selected)
    return _Execution(
        described,
        client.list_pipeline_execution_steps(PipelineExecutionArn=arn)["PipelineExecutionSteps"],
        client.list_pipeline_parameters_for_execution(PipelineExecutionArn=arn)[
            "PipelineParameters"
        ],
        step_graph(json.loads(text["PipelineDefinition"])),
        step,
    )


def _drawn(loaded: _Execution, running: bool, selected: str | None) -> tuple[str, list[Any]]:
    """The graph's SVG and the steps table's rows, in definition order."""
    listed = {s["StepName"]: s for s in loaded.steps}
    states = _states([b.name for b in loaded.graph.boxes], listed, ended=not running)
    svg = graph_svg.render(
        loaded.graph,
        states,
        lambda name: render.url("executions", loaded.execution_id, step=name) + "#step",
        selected,
        label=f"Steps of execution {loaded.execution_id}",
    )
    rows = [
        {"box": box, "step": listed.get(box.name, {}), "state": states[box.name]}
        for box in loaded.graph.boxes
    ]
    return svg, rows


def _retryable(status: str, rows: list[Any]) -> bool:
    # RetryPipelineExecution refuses an execution that ended at a FailStep.
    at_fail_step = any(
        r["box"].type == "Fail" and r["step"].get("StepStatus") == "Failed" for r in rows
    )
    return status in ("Failed", "Stopped") and not at_fail_step


def execution(ctx: Ctx) -> Page:
    """One execution: header, actions, the live graph, its steps and the selected step."""
    selected = ctx.arg("step") or None
    loaded = _load(ctx.client, ctx.path("execution"), selected)
    status = loaded.described["PipelineExecutionStatus"]
    running = statuses.is_running(status)
    svg, rows = _drawn(loaded, running, selected)
    pipeline = pipeline_name_of(ctx.client, loaded.described["PipelineArn"])
    execution_id = loaded.execution_id
    return Page(
        "execution.html",
        {
            "title": f"Execution {execution_id}",
            "section": "executions",
            "breadcrumbs": [
                ("Pipelines", render.url("pipelines")),
                (pipeline, render.url("pipelines", pipeline)),
                (f"Execution {execution_id}", None),
            ],
            "pipeline": pipeline,
            "execution": loaded.described,
            "execution_id": execution_id,
            "running": running,
            "retryable": _retryable(status, rows),
            "graph": svg,
            "rows": rows,
            "parameters": loaded.parameters,
            "step": loaded.step,
            "hosts": [f"algo-{i}" for i in range(1, host_count(loaded.step) + 1)],
            "host": ctx.arg("host", "algo-1"),
            "api_calls": [
                "DescribePipelineExecution",
                "ListPipelineExecutionSteps",
                "ListPipelineParametersForExecution",
                "DescribePipelineDefinitionForExecution",
                *(["DescribePipelineExecutionStep"] if loaded.step else []),
            ],
        },
        loaded.twin(),
    )


def execution_definition(ctx: Ctx) -> Page | Response:
    """The definition an execution ran with."""
    ref = ctx.path("execution")
    described = ctx.client.describe_pipeline_execution(PipelineExecutionArn=ref)
    arn = described["PipelineExecutionArn"]
    text = ctx.client.describe_pipeline_definition_for_execution(PipelineExecutionArn=arn)
    pipeline = pipeline_name_of(ctx.client, described["PipelineArn"])
    execution_id = render.short_id(arn)
    tail: list[tuple[str, str | None]] = [
        (f"Execution {execution_id}", render.url("executions", execution_id)),
        ("Definition", None),
    ]
    document = json.loads(text["PipelineDefinition"])
    return definition_page(ctx, document, pipeline, f"{pipeline}-{execution_id}.json", tail)


def job_log(ctx: Ctx) -> Response:
    """A chunk of a job's log from an offset (``get_job_log``'s document, as JSON)."""
    try:
        offset = max(int(ctx.arg("offset", "0")), 0)
    except ValueError:
        offset = 0
    try:
        document = ctx.client.get_job_log(
            JobName=ctx.path("job"),
            Host=ctx.arg("host", "algo-1"),
            Offset=offset,
            Stream=ctx.arg("stream", "stdout"),
        )
        status = 200
    except DagmakerError as error:
        document, status = error.to_dict(), error_page(error).status
    headers = {"Cache-Control": "no-store"}
    return Response(render.to_json(document), status, headers, media_type="application/json")


def host_count(step: dict[str, Any] | None) -> int:
    """How many hosts the step's job ran on (its logs are kept per host)."""
    arguments = (step or {}).get("ResolvedArguments") or {}
    for resources in ("ProcessingResources", "ResourceConfig", "TransformResources"):
        config = arguments.get(resources) or {}
        config = config.get("ClusterConfig", config)
        count = config.get("InstanceCount")
        if isinstance(count, int) and count > 0:
            return count
    return 1


def register(router: APIRouter, gate: Gate) -> None:
    """Add the execution pages."""
    add(router, gate, "/executions", executions)
    add(router, gate, "/executions/{execution}", execution)
    add(router, gate, "/executions/{execution}/definition", execution_definition)
    add(router, gate, "/jobs/{job}/log", job_log)
