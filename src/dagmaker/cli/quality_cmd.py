"""``dagmaker quality baseline|check``: Model Monitor's data-quality analysis from the shell.

``baseline`` profiles a dataset and suggests constraints (what a
``DefaultModelMonitor.suggest_baseline`` job writes); ``check`` profiles a dataset and
checks it against a baseline's constraints and statistics (what a monitoring run
writes). DATA, the baseline files and ``--output`` may be local paths or ``s3://`` URIs
of the artifact store. Exit codes: 0 fine, 1 violations found, 2 bad input.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dagmaker._lib.s3uri import is_s3_uri, join, parse
from dagmaker.cli import context
from dagmaker.cli.errors import EXIT_FAILED, guarded
from dagmaker.cli.output import console, print_json, table
from dagmaker.errors import InvalidRequest, NotFound

if TYPE_CHECKING:  # the analysis loads numpy and pyarrow: only when a command runs
    from dagmaker.quality.dq_analysis import BaselineResult, CheckOutcome

app = typer.Typer(help="Data quality: baselines and checks (Model Monitor).", no_args_is_help=True)


class Format(StrEnum):
    """Dataset formats."""

    csv = "csv"
    json = "json"
    parquet = "parquet"


DataArg = Annotated[str, typer.Argument(help="A file or directory, local or s3://")]
OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write the files to this directory / s3:// prefix"),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the documents as JSON")]


@app.command("baseline")
@guarded
def baseline(
    data: DataArg,
    data_format: Annotated[Format, typer.Option("--format", help="Dataset format")] = Format.csv,
    header: Annotated[
        bool, typer.Option("--header/--no-header", help="CSV: first row names columns")
    ] = True,
    output: OutputOpt = None,
    json_output: JsonFlag = False,
) -> None:
    """Profile DATA: statistics.json and suggested constraints.json."""
    from dagmaker.quality import dq_analysis  # heavy: numpy, pyarrow

    with _local(data, "DATA") as path:
        source = dq_analysis.open_dataset(
            path, dq_analysis.DatasetFormat(data_format.value, header)
        )
        result = dq_analysis.run_baseline(source)
    _emit(result.files(), output, json_output)
    if not json_output:
        _show_profile(result)


@app.command("check")
@guarded
def check(
    data: DataArg,
    statistics: Annotated[str, typer.Option("--statistics", help="Baseline statistics.json")],
    constraints: Annotated[str, typer.Option("--constraints", help="Baseline constraints.json")],
    data_format: Annotated[Format, typer.Option("--format", help="Dataset format")] = Format.csv,
    header: Annotated[
        bool, typer.Option("--header/--no-header", help="CSV: first row names columns")
    ] = True,
    output: OutputOpt = None,
    json_output: JsonFlag = False,
) -> None:
    """Check DATA against a baseline; exit 1 when it violates the constraints."""
    from dagmaker.quality import dq_analysis  # heavy: numpy, pyarrow

    constraint_doc = _document(constraints, "--constraints")
    statistics_doc = _document(statistics, "--statistics")
    with _local(data, "DATA") as path:
        source = dq_analysis.open_dataset(
            path, dq_analysis.DatasetFormat(data_format.value, header)
        )
        outcome = dq_analysis.run_check(source, constraint_doc, statistics_doc)
    _emit(outcome.files(), output, json_output)
    if not json_output:
        _show_violations(outcome)
    if outcome.result.violations:
        raise typer.Exit(EXIT_FAILED)


@contextmanager
def _local(location: str, field: str) -> Iterator[Path]:
    """A local path for ``location``, downloading an s3:// URI to a temporary directory."""
    if not is_s3_uri(location):
        yield Path(location)
        return
    client = context.s3_client()
    where = parse(location)
    keys = _keys_at(client, where.bucket, where.key)
    if not keys:
        raise NotFound(f"no objects at {location}", field=field, value=location)
    with tempfile.TemporaryDirectory(prefix="dagmaker-quality-") as folder:
        if keys == [where.key]:
            target = Path(folder) / Path(where.key).name
            client.download_file(where.bucket, where.key, str(target))
            yield target
            return
        prefix = where.key.rstrip("/") + "/"
        for key in keys:
            target = Path(folder) / key[len(prefix) :]
            target.parent.mkdir(parents=True, exist_ok=True)
            client.download_file(where.bucket, key, str(target))
        yield Path(folder)


def _keys_at(client: Any, bucket: str, key: str) -> list[str]:
    """``key`` itself when it is an object, else every object below the folder ``key``."""
    listed = client.list_objects_v2(Bucket=bucket, Prefix=key).get("Contents") or []
    names = [item["Key"] for item in listed]
    if key in names:
        return [key]
    folder = key.rstrip("/") + "/"
    return [name for name in names if name.startswith(folder)]


def _document(location: str, field: str) -> Any:
    if is_s3_uri(location):
        where = parse(location)
        if _keys_at(context.s3_client(), where.bucket, where.key) != [where.key]:
            raise NotFound(f"no object at {location}", field=field, value=location)
        body = context.s3_client().get_object(Bucket=where.bucket, Key=where.key)["Body"]
        text = body.read().decode("utf-8", "replace")
    else:
        path = Path(location)
        if not path.is_file():
            raise NotFound(f"no such file: {location}", field=field)
        text = path.read_text(encoding="utf-8", errors="replace")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidRequest(f"{location} is not JSON ({error.msg})", field=field) from error


def _emit(files: dict[str, str], output: str | None, json_output: bool) -> None:
    if output:
        for name, text in files.items():
            _write(output, name, text.encode("utf-8"))
        if not json_output:
            console.print(f"wrote {', '.join(files)} to {output}", markup=False)
    if json_output:
        print_json({name: json.loads(text) for name, text in files.items()})


def _write(output: str, name: str, data: bytes) -> None:
    if is_s3_uri(output):
        target = parse(join(output, name))
        context.s3_client().put_object(Bucket=target.bucket, Key=target.key, Body=data)
        return
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise InvalidRequest(
            f"{output} is a file, not a directory",
            field="--output",
            value=output,
            hint="Give a directory (it is created if missing) or an s3:// prefix.",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written beside, then renamed: a reader never sees half a file.
        partial = folder / f".{name}.partial"
        partial.write_bytes(data)
        partial.replace(folder / name)
    except OSError as exc:
        raise InvalidRequest(
            f"cannot write {name} into {output}: {exc.strerror}",
            field="--output",
            value=output,
            hint="Give a directory you can write to, or an s3:// prefix.",
        ) from None


def _show_profile(result: BaselineResult) -> None:
    statistics = result.statistics
    rows = []
    for feature in statistics["features"]:
        block = feature.get("numerical_statistics") or feature.get("string_statistics") or {}
        common = block.get("common", {})
        if "numerical_statistics" in feature:
            summary = f"mean {block['mean']:.6g}, min {block['min']:.6g}, max {block['max']:.6g}"
        else:
            summary = f"{block.get('distinct_count', 0):.0f} distinct"
        rows.append(
            [
                feature["name"],
                feature["inferred_type"],
                str(common.get("num_present", 0)),
                str(common.get("num_missing", 0)),
                summary,
            ]
        )
    rows_title = f"Statistics of {statistics['dataset']['item_count']} rows"
    console.print(table(rows_title, ["feature", "type", "present", "missing", "summary"], rows))


def _show_violations(outcome: CheckOutcome) -> None:
    violations = outcome.result.violations
    if not violations:
        console.print("No violations.", markup=False)
        return
    rows = [[v.feature_name, v.constraint_check_type, v.description] for v in violations]
    console.print(table(f"{len(rows)} violation(s)", ["feature", "check", "description"], rows))
