"""``dagmaker callback receive|succeed|fail``: be the consumer of a callback step's queue."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console, print_json, table
from dagmaker.errors import InvalidRequest

app = typer.Typer(
    add_completion=False,
    help="Answer callback steps: read their queue messages, send success or failure.",
    no_args_is_help=True,
)


@app.command("receive")
@guarded
def receive(
    queue: Annotated[str, typer.Argument(help="Queue name, or the step's SqsQueueUrl")],
    max_messages: Annotated[int, typer.Option("--max", help="At most this many (1-10)")] = 10,
    json_output: Annotated[bool, typer.Option("--json", help="Print the API document")] = False,
) -> None:
    """Take new messages from a queue (each message is handed out once)."""
    document = context.client().receive_callback_messages(
        QueueUrl=queue, MaxNumberOfMessages=max_messages
    )
    if json_output:
        print_json(document)
        return
    rows = []
    for message in document["Messages"]:
        body = json.loads(message["Body"])
        rows.append(
            [
                str(body.get("token", "")),
                str(body.get("status", "")),
                str(body.get("pipelineExecutionArn", "")),
                json.dumps(body.get("arguments", {})),
            ]
        )
    if not rows:
        console.print(f"no new messages on {queue}", markup=False)
        return
    columns = ["token", "status", "execution", "arguments"]
    console.print(table("Messages", columns, rows, whole=("token",)))


@app.command("succeed")
@guarded
def succeed(
    token: Annotated[str, typer.Argument(help="The token from the queue message")],
    output: Annotated[
        list[str], typer.Option("--output", "-o", help="Name=Value output parameter")
    ] = [],  # noqa: B006
) -> None:
    """SendPipelineExecutionStepSuccess: the waiting step succeeds with these outputs."""
    outputs = [_output(item) for item in output]
    response = context.client().send_pipeline_execution_step_success(
        CallbackToken=token, OutputParameters=outputs
    )
    console.print(f"answered {token}: {response['PipelineExecutionArn']}", markup=False)


@app.command("fail")
@guarded
def fail(
    token: Annotated[str, typer.Argument(help="The token from the queue message")],
    reason: Annotated[str, typer.Option("--reason", help="FailureReason of the step")],
) -> None:
    """SendPipelineExecutionStepFailure: the waiting step fails with the reason."""
    response = context.client().send_pipeline_execution_step_failure(
        CallbackToken=token, FailureReason=reason
    )
    console.print(f"answered {token}: {response['PipelineExecutionArn']}", markup=False)


def _output(item: str) -> dict[str, str]:
    name, sep, value = item.partition("=")
    if not sep or not name:
        raise InvalidRequest(f"output {item!r} must look like Name=Value", field="--output")
    return {"Name": name, "Value": value}
