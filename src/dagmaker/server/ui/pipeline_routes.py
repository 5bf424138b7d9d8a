"""Pipelines: the list, one pipeline (graph, executions, definitions it ran), its definition."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from dagmaker._lib import canonical_json
from dagmaker.server.ui import graph_svg, render
from dagmaker.server.ui.graph_svg import NodeState
from dagmaker.server.ui.statuses import Shown
from dagmaker.server.ui.step_graph import step_graph
from dagmaker.server.ui.web import Ctx, Gate, Page, add

_RECENT = 20
_VERSION_SCAN = 100


def pipelines(ctx: Ctx) -> Page:
    """Every pipeline with its latest execution."""
    listed = ctx.client.list_pipelines()
    rows = []
    for summary in listed["PipelineSummaries"]:
        latest = ctx.client.list_pipeline_executions(
            PipelineName=summary["PipelineName"], MaxResults=1
        )["PipelineExecutionSummaries"]
        rows.append({"summary": summary, "latest": latest[0] if latest else None})
    return Page(
        "pipelines.html",
        {
            "title": "Pipelines",
            "section": "pipelines",
            "rows": rows,
            "api_calls": ["ListPipelines", "ListPipelineExecutions"],
        },
        listed,
    )


def definition_graph_svg(definition: dict[str, Any]) -> str:
    """The pipeline's graph with each box showing its step type only."""
    graph = step_graph(definition)
    plain = Shown("", "def", "◇", "")
    states = {box.name: NodeState(plain) for box in graph.boxes}
    return graph_svg.render(graph, states, lambda _: "#definition", label="Pipeline steps")


def definitions_run(client: Any, name: str, current: dict[str, Any]) -> list[dict[str, Any]]:
    """The distinct definitions the pipeline's executions ran, newest first.

    Each carries how many executions ran it and the first and last of them; the one
    equal to the pipeline's current definition is marked.
    """
    executions = client.list_pipeline_executions(PipelineName=name, MaxResults=_VERSION_SCAN)
    seen: dict[str, dict[str, Any]] = {}
    for summary in executions["PipelineExecutionSummaries"]:
        arn = summary["PipelineExecutionArn"]
        text = client.describe_pipeline_definition_for_execution(PipelineExecutionArn=arn)
        digest = canonical_json.digest(json.loads(text["PipelineDefinition"]))
        entry = seen.setdefault(digest, {"Digest": digest, "Executions": []})
        entry["Executions"].append(summary)
    current_digest = canonical_json.digest(current)
    versions = list(seen.values())
    for entry in versions:
        entry["IsCurrent"] = entry["Digest"] == current_digest
        entry["Newest"] = entry["Executions"][0]
        entry["Oldest"] = entry["Executions"][-1]
    return versions


def pipeline(ctx: Ctx) -> Page:
    """One pipeline: its parameters, graph, recent executions and the definitions it ran."""
    name = ctx.path("name")
    described = ctx.client.describe_pipeline(PipelineName=name)
    definition = json.loads(described["PipelineDefinition"])
    recent = ctx.client.list_pipeline_executions(PipelineName=name, MaxResults=_RECENT)
    versions = definitions_run(ctx.client, name, definition)
    return Page(
        "pipeline.html",
        {
            "title": f"Pipeline {name}",
            "section": "pipelines",
            "breadcrumbs": [("Pipelines", render.url("pipelines")), (name, None)],
            "pipeline": described,
            "definition": definition,
            "graph": definition_graph_svg(definition),
            "executions": recent["PipelineExecutionSummaries"],
            "versions": versions,
            "api_calls": [
                "DescribePipeline",
                "ListPipelineExecutions",
                "DescribePipelineDefinitionForExecution",
            ],
        },
        {
            "Pipeline": described,
            "PipelineExecutionSummaries": recent["PipelineExecutionSummaries"],
            "DefinitionsRun": versions,
        },
    )


def definition(ctx: Ctx) -> Page | Response:
    """The current definition, pretty; ``?download=1`` sends it as a file."""
    name = ctx.path("name")
    described = ctx.client.describe_pipeline(PipelineName=name)
    document = json.loads(described["PipelineDefinition"])
    return definition_page(ctx, document, name, f"{name}.json", [("Definition", None)])


def definition_page(
    ctx: Ctx,
    document: dict[str, Any],
    name: str,
    filename: str,
    tail: list[tuple[str, str | None]],
) -> Page | Response:
    """A definition document as a page, as JSON, or as a download."""
    if ctx.arg("download"):
        disposition = f'attachment; filename="{filename}"'
        return Response(
            render.to_json(document, pretty=True),
            media_type="application/json",
            headers={"Content-Disposition": disposition},
        )
    crumbs = [("Pipelines", render.url("pipelines")), (name, render.url("pipelines", name))]
    return Page(
        "definition.html",
        {
            "title": f"Definition of {name}",
            "section": "pipelines",
            "breadcrumbs": crumbs + tail,
            "document": document,
            "filename": filename,
            "api_calls": ["DescribePipeline"],
        },
        document,
    )


def register(router: APIRouter, gate: Gate) -> None:
    """Add the pipeline pages."""
    add(router, gate, "/pipelines", pipelines)
    add(router, gate, "/pipelines/{name}", pipeline)
    add(router, gate, "/pipelines/{name}/definition", definition)
