"""What the execution pages do: start (with typed parameters), stop, retry, re-run steps."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter

from dagmaker.errors import DagmakerError, DefinitionError, InvalidRequest
from dagmaker.server.ui import param_form, render
from dagmaker.server.ui.execution_routes import pipeline_name_of
from dagmaker.server.ui.web import Ctx, Gate, Page, Redirect, add, error_page


def _start_page(
    ctx: Ctx,
    name: str,
    values: dict[str, str],
    error: DagmakerError | None = None,
    source: str = "",
) -> Page:
    described = ctx.client.describe_pipeline(PipelineName=name)
    definition = json.loads(described["PipelineDefinition"])
    inputs = param_form.fields(definition, values)
    page = Page(
        "start.html",
        {
            "title": f"Start {name}",
            "section": "pipelines",
            "breadcrumbs": [
                ("Pipelines", render.url("pipelines")),
                (name, render.url("pipelines", name)),
                ("Start", None),
            ],
            "pipeline": described,
            "inputs": inputs,
            "error": error,
            "issues": error.issues if isinstance(error, DefinitionError) else [],
            "display_name": ctx.field("display_name"),
            "description": ctx.field("description"),
            "source": source,
            "api_calls": ["DescribePipeline", "StartPipelineExecution"],
        },
        {"Parameters": definition.get("Parameters") or []},
    )
    if error is not None:
        page.status = error_page(error).status
    return page


def start_form(ctx: Ctx) -> Page:
    """The start form; ``?source=<execution>`` offers that execution's parameter values."""
    name = ctx.path("name")
    source = ctx.arg("source")
    values: dict[str, str] = {}
    if source:
        listed = ctx.client.list_pipeline_parameters_for_execution(PipelineExecutionArn=source)
        values = {p["Name"]: p["Value"] for p in listed["PipelineParameters"]}
    return _start_page(ctx, name, values, source=source)


def start(ctx: Ctx) -> Page | Redirect:
    """Start an execution; a refused start shows the form again with what was wrong."""
    name = ctx.path("name")
    given = param_form.submitted(ctx.form)
    definition = json.loads(ctx.client.describe_pipeline(PipelineName=name)["PipelineDefinition"])
    request: dict[str, Any] = {
        "PipelineName": name,
        "PipelineParameters": param_form.start_parameters(
            param_form.fields(definition, given), given
        ),
    }
    for field, key in (
        ("display_name", "PipelineExecutionDisplayName"),
        ("description", "PipelineExecutionDescription"),
    ):
        if ctx.field(field).strip():
            request[key] = ctx.field(field).strip()
    try:
        arn = ctx.client.start_pipeline_execution(**request)["PipelineExecutionArn"]
    except DagmakerError as error:
        return _start_page(ctx, name, given, error)
    execution_id = render.short_id(arn)
    return Redirect(render.url("executions", execution_id), f"Started execution {execution_id}.")


def stop(ctx: Ctx) -> Redirect:
    """Stop an execution (running jobs get SIGTERM, then SIGKILL)."""
    execution_id = ctx.path("execution")
    ctx.client.stop_pipeline_execution(PipelineExecutionArn=execution_id)
    return Redirect(
        render.url("executions", execution_id), "Stopping: running steps were told to stop."
    )


def retry(ctx: Ctx) -> Redirect:
    """Retry a failed or stopped execution: its failed and stopped steps run again."""
    execution_id = ctx.path("execution")
    ctx.client.retry_pipeline_execution(PipelineExecutionArn=execution_id)
    return Redirect(
        render.url("executions", execution_id), "Retrying the failed and stopped steps."
    )


def rerun(ctx: Ctx) -> Redirect:
    """Start a selective execution of the ticked steps, reusing the source's other results.

    Raises:
        InvalidRequest: when no step is ticked.
    """
    execution_id = ctx.path("execution")
    chosen = ctx.fields("step")
    if not chosen:
        raise InvalidRequest(
            "tick at least one step to re-run",
            field="SelectedSteps",
            hint="Go back and tick steps.",
        )
    described = ctx.client.describe_pipeline_execution(PipelineExecutionArn=execution_id)
    arn = described["PipelineExecutionArn"]
    pipeline = pipeline_name_of(ctx.client, described["PipelineArn"])
    parameters = ctx.client.list_pipeline_parameters_for_execution(PipelineExecutionArn=arn)
    started = ctx.client.start_pipeline_execution(
        PipelineName=pipeline,
        PipelineParameters=parameters["PipelineParameters"],
        SelectiveExecutionConfig={
            "SourcePipelineExecutionArn": arn,
            "SelectedSteps": [{"StepName": name} for name in chosen],
        },
    )
    new_id = render.short_id(started["PipelineExecutionArn"])
    return Redirect(
        render.url("executions", new_id),
        f"Started execution {new_id}: re-running {', '.join(chosen)}.",
    )


def register(router: APIRouter, gate: Gate) -> None:
    """Add the start form and the execution actions."""
    add(router, gate, "/pipelines/{name}/start", start_form)
    add(router, gate, "/pipelines/{name}/start", start, methods=("POST",))
    add(router, gate, "/executions/{execution}/stop", stop, methods=("POST",))
    add(router, gate, "/executions/{execution}/retry", retry, methods=("POST",))
    add(router, gate, "/executions/{execution}/rerun", rerun, methods=("POST",))
