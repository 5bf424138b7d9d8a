"""Callback steps waiting for an answer, with forms to send success or failure."""

from __future__ import annotations

from fastapi import APIRouter

from dagmaker.server.ui import render
from dagmaker.server.ui.web import Ctx, Gate, Page, Redirect, add

OUTPUT_PREFIX = "output."


def callbacks(ctx: Ctx) -> Page:
    """Every waiting callback: where it waits, what it was sent, what it should return."""
    waiting = ctx.client.list_waiting_callbacks()
    return Page(
        "callbacks.html",
        {
            "title": "Callbacks",
            "section": "callbacks",
            "waiting": waiting["WaitingCallbacks"],
            "api_calls": [
                "ListWaitingCallbacks",
                "SendPipelineExecutionStepSuccess",
                "SendPipelineExecutionStepFailure",
            ],
        },
        waiting,
    )


def _answered(ctx: Ctx, arn: str, what: str) -> Redirect:
    execution_id = render.short_id(arn)
    return Redirect(render.url("callbacks"), f"{what} sent; execution {execution_id} continues.")


def succeed(ctx: Ctx) -> Redirect:
    """SendPipelineExecutionStepSuccess with the outputs filled in (blank ones left out)."""
    outputs = [
        {"Name": key[len(OUTPUT_PREFIX) :], "Value": values[0]}
        for key, values in ctx.form.items()
        if key.startswith(OUTPUT_PREFIX) and values and values[0] != ""
    ]
    answer = ctx.client.send_pipeline_execution_step_success(
        CallbackToken=ctx.path("token"), OutputParameters=outputs
    )
    return _answered(ctx, answer["PipelineExecutionArn"], "Success")


def fail(ctx: Ctx) -> Redirect:
    """SendPipelineExecutionStepFailure with the reason given."""
    answer = ctx.client.send_pipeline_execution_step_failure(
        CallbackToken=ctx.path("token"), FailureReason=ctx.field("reason")
    )
    return _answered(ctx, answer["PipelineExecutionArn"], "Failure")


def register(router: APIRouter, gate: Gate) -> None:
    """Add the callbacks page and its answers."""
    add(router, gate, "/callbacks", callbacks)
    add(router, gate, "/callbacks/{token}/success", succeed, methods=("POST",))
    add(router, gate, "/callbacks/{token}/failure", fail, methods=("POST",))
