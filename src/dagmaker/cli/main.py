"""The ``dagmaker`` command: one Typer app, one error boundary."""

from __future__ import annotations

from typing import Annotated

import typer

from dagmaker import __version__
from dagmaker.cli import (
    callback_cmd,
    definition_cmd,
    endpoints_cmd,
    executions_cmd,
    images_cmd,
    jobs_cmd,
    lambda_cmd,
    models_cmd,
    pipelines_cmd,
    run_cmd,
    s3_cmd,
)
from dagmaker.cli.errors import set_debug

app = typer.Typer(
    name="dagmaker",
    help="SageMaker Pipelines, Model Registry and Model Monitor on your own machine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("run")(run_cmd.run)
app.add_typer(pipelines_cmd.app, name="pipelines")
app.add_typer(executions_cmd.app, name="executions")
app.add_typer(definition_cmd.app, name="definition")
app.add_typer(s3_cmd.app, name="s3")
app.add_typer(jobs_cmd.app, name="jobs")
app.add_typer(images_cmd.app, name="images")
app.add_typer(models_cmd.app, name="models")
app.add_typer(callback_cmd.app, name="callback")
app.add_typer(lambda_cmd.app, name="lambda")
app.add_typer(endpoints_cmd.app, name="endpoints")
app.command("logs")(jobs_cmd.logs_command)
app.command("resume")(executions_cmd.resume)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dagmaker {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version")
    ] = False,
) -> None:
    """Dagmaker command line."""
    set_debug(debug)


def run() -> None:
    """Console-script entry point."""
    app()
