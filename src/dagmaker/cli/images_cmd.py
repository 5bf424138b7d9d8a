"""``dagmaker images list|map|unmap``: which runtime each image URI gets."""

from __future__ import annotations

from typing import Annotated

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console, print_json, table
from dagmaker.runners.images import BUILTIN_RULES, validate_runtime

app = typer.Typer(
    add_completion=False,
    help="Image URI → runtime table (kept per DAGMAKER_HOME).",
    no_args_is_help=True,
)


@app.command("list")
@guarded
def list_images(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Your mappings first, then the built-in rules."""
    mappings = context.client().services.images.all()
    if json_output:
        print_json(
            {
                "Mappings": [{"Image": k, "Runtime": v} for k, v in sorted(mappings.items())],
                "BuiltinRules": [
                    {"Pattern": r.pattern, "Runtime": r.runtime, "Description": r.description}
                    for r in BUILTIN_RULES
                ],
            }
        )
        return
    rows = [[image, runtime, "yours"] for image, runtime in sorted(mappings.items())]
    rows += [[f"/{r.pattern}/", r.runtime, r.description] for r in BUILTIN_RULES]
    console.print(table("Images", ["image", "runtime", "source"], rows))


@app.command("map")
@guarded
def map_image(
    image: str,
    to: Annotated[
        str, typer.Option("--to", help="builtin:xgboost | python | python:/path/to/python")
    ],
) -> None:
    """Map an image (exact URI, or repository without tag) to a runtime."""
    context.client().services.images.put(image, validate_runtime(to))
    console.print(f"{image} → {to}", markup=False)


@app.command("unmap")
@guarded
def unmap_image(image: str) -> None:
    """Remove your mapping for an image."""
    removed = context.client().services.images.delete(image)
    console.print(f"removed {image}" if removed else f"no mapping for {image}", markup=False)
