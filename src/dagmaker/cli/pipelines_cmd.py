"""``dagmaker pipelines …``."""

from __future__ import annotations

from typing import Annotated

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console, print_json, table, when

app = typer.Typer(add_completion=False, help="Pipelines: list and describe.", no_args_is_help=True)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the API document")]


@app.command("list")
@guarded
def list_pipelines(json_output: JsonFlag = False) -> None:
    """List pipelines."""
    document = context.client().list_pipelines()
    if json_output:
        print_json(document)
        return
    rows = [
        [p["PipelineName"], when(p.get("CreationTime")), when(p.get("LastModifiedTime"))]
        for p in document["PipelineSummaries"]
    ]
    console.print(table("Pipelines", ["name", "created", "modified"], rows))


@app.command("describe")
@guarded
def describe(name: str, json_output: JsonFlag = False) -> None:
    """Describe one pipeline."""
    document = context.client().describe_pipeline(PipelineName=name)
    if json_output:
        print_json(document)
        return
    for key in (
        "PipelineName",
        "PipelineArn",
        "PipelineStatus",
        "CreationTime",
        "LastModifiedTime",
    ):
        console.print(f"{key}: {when(document.get(key))}", markup=False)
