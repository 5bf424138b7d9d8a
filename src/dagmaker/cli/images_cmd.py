"""``dagmaker images list|map|unmap``: which runtime each image URI gets."""

from __future__ import annotations

from typing import Annotated

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console, print_json, table

app = typer.Typer(
    add_completion=False,
    help="Image URI → runtime table (kept per DAGMAKER_HOME).",
    no_args_is_help=True,
)


@app.command("list")
@guarded
def list_images(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Your mappings first, then the built-in rules."""
    listed = context.client().list_image_mappings()
    if json_output:
        print_json(listed)
        return
    rows = [[m["Image"], m["Runtime"], "yours"] for m in listed["Mappings"]]
    rows += [[f"/{r['Pattern']}/", r["Runtime"], r["Description"]] for r in listed["BuiltinRules"]]
    console.print(table("Images", ["image", "runtime", "source"], rows))


@app.command("map")
@guarded
def map_image(
    image: str,
    to: Annotated[
        str,
        typer.Option(
            "--to", help="builtin:xgboost | builtin:model-monitor | python | python:/path/to/python"
        ),
    ],
) -> None:
    """Map an image (exact URI, or repository without tag) to a runtime."""
    context.client().put_image_mapping(Image=image, Runtime=to)
    console.print(f"{image} → {to}", markup=False)


@app.command("unmap")
@guarded
def unmap_image(image: str) -> None:
    """Remove your mapping for an image."""
    removed = context.client().delete_image_mapping(Image=image)["Removed"]
    console.print(f"removed {image}" if removed else f"no mapping for {image}", markup=False)
