"""``dagmaker definition validate FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dagmaker.cli.errors import EXIT_BAD_INPUT, guarded
from dagmaker.cli.loader import load, read_json_bytes
from dagmaker.cli.output import console, err_console, print_json
from dagmaker.definition.validation import check
from dagmaker.errors import DefinitionError

app = typer.Typer(
    add_completion=False, help="Pipeline definitions: validate, show.", no_args_is_help=True
)


@app.command("validate")
@guarded
def validate_file(
    file: Path,
    json_output: Annotated[bool, typer.Option("--json", help="Print the issues as JSON")] = False,
) -> None:
    """Report every problem in a definition (.json) or pipeline file (.py) at once."""
    try:
        definition, issues = check(_read(file))
    except DefinitionError as exc:  # unreadable text: report it like any other issue
        if not exc.issues:
            raise
        definition, issues = None, exc.issues
    if json_output:
        print_json(
            {
                "Valid": not issues,
                "Issues": [{"Step": i.step, "Path": i.path, "Message": i.message} for i in issues],
            }
        )
    elif issues:
        noun = "problem" if len(issues) == 1 else "problems"
        err_console.print(f"[bold red]Invalid pipeline definition[/bold red]: {len(issues)} {noun}")
        for n, issue in enumerate(issues, 1):
            err_console.print(f"  {n}. {issue.render()}", markup=False)
    elif definition is not None:
        console.print(
            f"{file}: valid ({len(definition.steps)} steps, "
            f"{len(definition.parameters)} parameters)",
            markup=False,
        )
    if issues:
        raise typer.Exit(EXIT_BAD_INPUT)


def _read(file: Path) -> dict[str, Any] | bytes:
    # JSON goes to the validator as bytes, so encoding and size problems are located there.
    if file.suffix != ".json":
        return load(file).definition
    return read_json_bytes(file)


@app.command("show")
@guarded
def show(file: Path) -> None:
    """Print the definition JSON a pipeline file compiles to."""
    print_json(load(file).definition)
