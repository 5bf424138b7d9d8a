"""``dagmaker lambda create|list|invoke|delete``: the local functions Lambda steps call."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Annotated, Any

import typer

from dagmaker.api import LocalLambdaClient, connect_lambda
from dagmaker.cli import context
from dagmaker.cli.errors import EXIT_FAILED, guarded
from dagmaker.cli.output import console, err_console, print_json, table
from dagmaker.errors import InvalidRequest, NotFound

# Lambda's quota for a function's code, unzipped (its deployment package limit).
MAX_UNZIPPED_BYTES = 250 * 2**20

app = typer.Typer(
    add_completion=False,
    help="Local Lambda functions (Python handlers) for Lambda steps.",
    no_args_is_help=True,
)


def _client() -> LocalLambdaClient:
    return connect_lambda(settings=context.settings())


@app.command("create")
@guarded
def create(
    name: Annotated[str, typer.Argument(help="Function name (the last part of FunctionArn)")],
    script: Annotated[Path | None, typer.Option(help="A single .py file with the handler")] = None,
    zip_source: Annotated[
        str | None, typer.Option("--zip", help="A folder of code, or a .zip package")
    ] = None,
    handler: Annotated[
        str | None, typer.Option(help="module.function (default: <script>.handler)")
    ] = None,
    timeout: Annotated[int, typer.Option(help="Seconds, 1-900")] = 120,
    memory: Annotated[int, typer.Option(help="MB (reported to the handler)")] = 128,
    env: Annotated[list[str], typer.Option("--env", help="NAME=VALUE variable")] = [],  # noqa: B006
    description: Annotated[str, typer.Option(help="Free text")] = "",
    update: Annotated[bool, typer.Option(help="Replace the function if it exists")] = False,
) -> None:
    """Create a function from a script or a folder/zip of code."""
    package = _package(script, zip_source)
    chosen = handler if handler is not None else (f"{script.stem}.handler" if script else "")
    if handler is None and not chosen:
        raise InvalidRequest(
            "--handler is required with --zip (module.function)", field="--handler"
        )
    config: dict[str, Any] = {
        "Handler": chosen,
        "Timeout": timeout,
        "MemorySize": memory,
        "Environment": {"Variables": _variables(env)},
        "Description": description,
    }
    client = _client()
    if update and _exists(client, name):
        client.update_function_code(FunctionName=name, ZipFile=package)
        created = client.update_function_configuration(FunctionName=name, **config)
    else:
        created = client.create_function(FunctionName=name, Code={"ZipFile": package}, **config)
    console.print(f"{created['FunctionArn']} ({created['Handler']})", markup=False)


@app.command("list")
@guarded
def list_functions(
    json_output: Annotated[bool, typer.Option("--json", help="Print the API document")] = False,
) -> None:
    """List local functions."""
    document = _client().list_functions()
    if json_output:
        print_json(document)
        return
    rows = [
        [f["FunctionName"], f["Handler"], f"{f['Timeout']}s", f["LastModified"], f["FunctionArn"]]
        for f in document["Functions"]
    ]
    console.print(
        table("Lambda functions", ["name", "handler", "timeout", "modified", "arn"], rows)
    )


@app.command("invoke")
@guarded
def invoke(
    name: Annotated[str, typer.Argument(help="Function name or ARN")],
    payload: Annotated[str, typer.Option(help="The event, as JSON")] = "{}",
) -> None:
    """Run the function once and print what it returned (exit 1 if it failed)."""
    response = _client().invoke(FunctionName=name, Payload=payload.encode())
    result = json.loads(response["Payload"].read() or b"null")
    if "FunctionError" in response:
        err_console.print(f"[bold red]Function error[/bold red] ({name})")
        err_console.print(json.dumps(result, indent=2), markup=False)
        raise typer.Exit(EXIT_FAILED)
    print_json(result)


@app.command("delete")
@guarded
def delete(name: Annotated[str, typer.Argument(help="Function name or ARN")]) -> None:
    """Delete a function and its code."""
    _client().delete_function(FunctionName=name)
    console.print(f"deleted {name}", markup=False)


def _package(script: Path | None, zip_source: str | None) -> bytes:
    if (script is None) == (zip_source is None):
        raise InvalidRequest(
            "give exactly one of --script FILE or --zip DIR_OR_ZIP", field="--script"
        )
    if script is not None:
        if not script.is_file():
            raise InvalidRequest("the script does not exist", field="--script", value=str(script))
        if script.suffix != ".py":
            raise InvalidRequest(
                "the script must be a Python file named <module>.py (its name is the "
                "handler's module)",
                field="--script",
                value=str(script),
            )
        return _zip({script.name: script})
    assert zip_source is not None
    source = Path(zip_source)
    # Path("") is the working directory: an empty --zip must not package whatever is there.
    if not zip_source.strip() or _is_root(zip_source):
        raise InvalidRequest(
            "give the folder of the function's code or its .zip package, not "
            + ("an empty path" if not zip_source.strip() else "the file system's root"),
            field="--zip",
            value=zip_source,
        )
    if source.is_file():
        return source.read_bytes()
    if not source.is_dir():
        raise InvalidRequest("no such folder or zip file", field="--zip", value=str(source))
    return _zip(_code_files(source))


def _is_root(path: str) -> bool:
    # realpath (unlike Path.resolve) does not raise on a symlink loop.
    real = Path(os.path.realpath(path))
    return real.parent == real


def _code_files(folder: Path) -> dict[str, Path]:
    """The files of a code folder, refused when unreadable, empty or beyond Lambda's size."""
    files: dict[str, Path] = {}
    total = 0
    try:
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            total += path.stat().st_size
            if total > MAX_UNZIPPED_BYTES:
                raise InvalidRequest(
                    f"the folder holds more than Lambda's {MAX_UNZIPPED_BYTES // 2**20} MB "
                    "of unzipped code",
                    field="--zip",
                    value=str(folder),
                )
            files[path.relative_to(folder).as_posix()] = path
    except OSError as exc:
        raise InvalidRequest(
            f"cannot read the code folder: {exc.strerror} ({exc.filename})",
            field="--zip",
            value=str(folder),
        ) from None
    if not files:
        raise InvalidRequest("the code folder holds no files", field="--zip", value=str(folder))
    return dict(sorted(files.items()))


def _zip(files: dict[str, Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for arcname, path in files.items():
            archive.write(path, arcname)
    return buffer.getvalue()


def _variables(items: list[str]) -> dict[str, str]:
    variables = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InvalidRequest(f"variable {item!r} must look like NAME=VALUE", field="--env")
        variables[key] = value
    return variables


def _exists(client: LocalLambdaClient, name: str) -> bool:
    try:
        client.get_function(FunctionName=name)
    except NotFound:
        return False
    return True
