"""``dagmaker endpoints …``: local endpoints (their logs: ``dagmaker logs <endpoint>``)."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console, print_json, table, when

app = typer.Typer(help="Local real-time endpoints.", no_args_is_help=True)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the API document")]
STATUS_STYLE = {
    "InService": "green",
    "Failed": "red",
    "Creating": "cyan",
    "Updating": "cyan",
    "Deleting": "yellow",
}


def _status(value: str) -> str:
    style = STATUS_STYLE.get(value, "")
    return f"[{style}]{value}[/{style}]" if style else value


@app.command("list")
@guarded
def list_endpoints(
    status: Annotated[str | None, typer.Option(help="InService, Creating, Failed, …")] = None,
    json_output: JsonFlag = False,
) -> None:
    """List endpoints, newest first."""
    client = context.client()
    document = client.list_endpoints(**({"StatusEquals": status} if status is not None else {}))
    if json_output:
        print_json(document)
        return
    rows = []
    for summary in document["Endpoints"]:
        url = client.describe_endpoint_runtime(EndpointName=summary["EndpointName"])["Url"]
        rows.append(
            [
                summary["EndpointName"],
                _status(summary["EndpointStatus"]),
                url or "",
                when(summary["CreationTime"]),
            ]
        )
    console.print(table("Endpoints", ["endpoint", "status", "url", "created"], rows))


@app.command("describe")
@guarded
def describe(
    name: Annotated[str, typer.Argument(help="Endpoint name")],
    json_output: JsonFlag = False,
) -> None:
    """An endpoint: status, configuration, variants, capture, where it listens."""
    client = context.client()
    document = client.describe_endpoint(EndpointName=name)
    runtime = client.describe_endpoint_runtime(EndpointName=name)
    if json_output:
        print_json({**document, "Runtime": runtime})
        return
    console.print(f"[bold]{document['EndpointName']}[/bold]  {_status(document['EndpointStatus'])}")
    console.print(f"configuration  {document['EndpointConfigName']}")
    pending = document.get("PendingDeploymentSummary")
    if pending:
        console.print(f"updating to    {pending['EndpointConfigName']}")
    console.print(f"url            {runtime['Url'] or '(not listening yet)'}")
    console.print(f"restarts       {runtime['Restarts']}")
    console.print(f"created        {when(document['CreationTime'])}")
    if document.get("FailureReason"):
        console.print(f"[red]failure[/red]        {document['FailureReason']}")
    capture = document.get("DataCaptureConfig")
    if capture:
        console.print(
            f"data capture   {capture['CaptureStatus']}, "
            f"{capture['CurrentSamplingPercentage']}% to {capture['DestinationS3Uri']}"
        )
    variants = [
        [
            v["VariantName"],
            ", ".join(i["SpecifiedImage"] for i in v.get("DeployedImages", [])),
            f"{v['CurrentWeight']:g}",
            str(v["CurrentInstanceCount"]),
        ]
        for v in document.get("ProductionVariants", [])
    ]
    if variants:
        console.print(table("Variants", ["variant", "image", "weight", "instances"], variants))


@app.command("delete")
@guarded
def delete(
    name: Annotated[str, typer.Argument(help="Endpoint name")],
    wait: Annotated[bool, typer.Option(help="Wait until it is gone")] = True,
) -> None:
    """Delete an endpoint: its processes finish open requests, then stop."""
    client = context.client()
    client.delete_endpoint(EndpointName=name)
    while wait and any(
        e["EndpointName"] == name for e in client.list_endpoints(NameContains=name)["Endpoints"]
    ):
        time.sleep(0.2)
    console.print(f"Deleted endpoint {name}" if wait else f"Deleting endpoint {name}")
