"""The ``dagmaker`` command: one table of commands, each loaded only when it runs.

``dagmaker executions list`` imports the executions commands and nothing else, so a
command answers in the time it needs, not in the time every command's imports take.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from dagmaker import __version__
from dagmaker.cli.errors import set_debug


@dataclass(frozen=True)
class _Entry:
    """Where a command lives: ``module:attribute`` (a Typer app or a command function)."""

    target: str
    help: str


COMMANDS: dict[str, _Entry] = {
    "run": _Entry("dagmaker.cli.run_cmd:run", "Run a pipeline to the end and follow it live."),
    "pipelines": _Entry("dagmaker.cli.pipelines_cmd:app", "Pipelines: list and describe."),
    "executions": _Entry(
        "dagmaker.cli.executions_cmd:app", "Pipeline executions: list, inspect, stop."
    ),
    "definition": _Entry(
        "dagmaker.cli.definition_cmd:app", "Pipeline definitions: validate, show."
    ),
    "s3": _Entry("dagmaker.cli.s3_cmd:app", "Artifacts at s3:// URIs: cp, ls, rm."),
    "jobs": _Entry("dagmaker.cli.jobs_cmd:app", "Processing, training and other jobs."),
    "images": _Entry("dagmaker.cli.images_cmd:app", "Image URI → runtime table."),
    "emr": _Entry("dagmaker.cli.emr_cmd:app", "EMR steps: cluster id → Spark master."),
    "models": _Entry("dagmaker.cli.models_cmd:app", "Model registry: groups, packages, approval."),
    "callback": _Entry("dagmaker.cli.callback_cmd:app", "Answer callback steps."),
    "lambda": _Entry("dagmaker.cli.lambda_cmd:app", "Local Lambda functions."),
    "logs": _Entry("dagmaker.cli.jobs_cmd:logs_command", "Show a job's or a step's log."),
    "resume": _Entry(
        "dagmaker.cli.executions_cmd:resume", "Continue executions whose engine died."
    ),
    "endpoints": _Entry(
        "dagmaker.cli.endpoints_cmd:app", "Local real-time endpoints: list, describe, delete."
    ),
    "quality": _Entry(
        "dagmaker.cli.quality_cmd:app", "Data quality: baseline statistics, constraints, checks."
    ),
    "monitoring": _Entry(
        "dagmaker.cli.monitoring_cmd:app", "Monitoring schedules: runs, run now, metrics."
    ),
    "server": _Entry(
        "dagmaker.cli.server_cmd:server", "Serve the SageMaker, S3 and STS APIs on one port."
    ),
}


def _add(app: typer.Typer, name: str) -> None:
    module_name, _, attribute = COMMANDS[name].target.partition(":")
    target: Any = getattr(importlib.import_module(module_name), attribute)
    if isinstance(target, typer.Typer):
        app.add_typer(target, name=name, help=COMMANDS[name].help)
    else:
        app.command(name, help=COMMANDS[name].help)(target)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dagmaker {__version__}")
        raise typer.Exit()


def build(names: Iterable[str]) -> typer.Typer:
    """The command line with the given commands loaded."""
    app = typer.Typer(
        name="dagmaker",
        help="SageMaker Pipelines, Model Registry and Model Monitor on your own machine.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )

    @app.callback()
    def main(
        debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks")] = False,
        version: Annotated[
            bool,
            typer.Option("--version", callback=_version, is_eager=True, help="Show version"),
        ] = False,
    ) -> None:
        """Dagmaker command line."""
        set_debug(debug)

    for name in names:
        _add(app, name)
    return app


def __getattr__(name: str) -> Any:
    # ``app`` (every command loaded) is built on demand, for tests and documentation.
    if name == "app":
        return build(COMMANDS)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run() -> None:
    """Console-script entry point: load only the command being run."""
    words = [a for a in sys.argv[1:] if not a.startswith("-")]
    wanted = words[0] if words else ""
    build([wanted] if wanted in COMMANDS else list(COMMANDS))(prog_name="dagmaker")
