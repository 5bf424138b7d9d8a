"""``dagmaker emr clusters list|map|unmap``: which Spark each EMR cluster id runs on."""

from __future__ import annotations

from typing import Annotated

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console, print_json, table

app = typer.Typer(
    add_completion=False, help="EMR steps: the clusters they run on.", no_args_is_help=True
)
clusters = typer.Typer(
    add_completion=False,
    help="EMR cluster id → Spark master (kept per DAGMAKER_HOME).",
    no_args_is_help=True,
)
app.add_typer(clusters, name="clusters")


@clusters.command("list")
@guarded
def list_clusters(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Mapped clusters; ids nobody mapped run on the default master."""
    answer = context.client().list_emr_clusters()
    if json_output:
        print_json(answer)
        return
    rows = [[c["ClusterId"], c["Master"], c["State"]] for c in answer["Clusters"]]
    rows.append(["(any other id)", answer["DefaultMaster"], "WAITING"])
    console.print(table("EMR clusters", ["cluster id", "Spark master", "state"], rows))


@clusters.command("map")
@guarded
def map_cluster(
    cluster_id: str,
    to: Annotated[str, typer.Option("--to", help="local[N] | local[*] | spark://host:port")],
    state: Annotated[
        str, typer.Option("--state", help="The cluster state steps see (EMR's states).")
    ] = "WAITING",
) -> None:
    """Run EMR steps that name CLUSTER_ID on the Spark at --to."""
    context.client().map_emr_cluster(ClusterId=cluster_id, Master=to, State=state)
    console.print(f"{cluster_id} → {to} ({state})", markup=False)


@clusters.command("unmap")
@guarded
def unmap_cluster(cluster_id: str) -> None:
    """Forget a mapping (the id then runs on the default local Spark)."""
    removed = context.client().unmap_emr_cluster(ClusterId=cluster_id)["Removed"]
    console.print(f"removed {cluster_id}" if removed else f"no mapping for {cluster_id}")
