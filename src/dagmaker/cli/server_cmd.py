"""``dagmaker server``: SageMaker's, S3's and STS's APIs (and the worker) on one port."""

from __future__ import annotations

import importlib
import os
from typing import Annotated, Any

import typer

from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.errors import InvalidRequest


def _server_modules() -> tuple[Any, Any]:
    # The server's dependencies (FastAPI, uvicorn, botocore) are an extra; load them only
    # for this command so the rest of the CLI starts fast without them.
    try:
        access = importlib.import_module("dagmaker.server.access")
        runner = importlib.import_module("dagmaker.server.runner")
    except ModuleNotFoundError as exc:
        raise InvalidRequest(
            f"dagmaker server needs {exc.name!r}",
            hint="Install the server extra: pip install 'dagmaker[server]'",
        ) from None
    return access, runner


@guarded
def server(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0: any free port)", min=0, max=65535)] = 8780,
) -> None:
    """Serve the SageMaker, S3, STS (and job logs) APIs for the real SDK, boto3 and the AWS CLI."""
    access_module, runner = _server_modules()
    access = access_module.Access.from_env(os.environ)

    def announce(where: Any) -> None:
        typer.echo(f"dagmaker server on {where.url} (home {context.settings().home})")
        typer.echo(f"Web UI: {where.ui_url}")
        typer.echo("Point the AWS SDKs and CLI at it:")
        for line in where.exports():
            typer.echo(line)
        if access.open:
            typer.echo(
                "Requests are served unsigned (loopback only); set DAGMAKER_ACCESS_KEY_ID and "
                "DAGMAKER_SECRET_ACCESS_KEY to require AWS Signature V4."
            )

    runner.serve(context.settings(), access, host, port, announce)
