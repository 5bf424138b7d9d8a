"""``dagmaker s3 cp|ls|cat|rm``: the same access to artifacts that ``aws s3`` gives."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from dagmaker._lib.s3uri import S3Uri, join, parse
from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console
from dagmaker.errors import InvalidRequest, NotFound

app = typer.Typer(
    add_completion=False,
    help="Artifacts at s3:// URIs (stored under DAGMAKER_HOME/s3).",
    no_args_is_help=True,
)
Recursive = Annotated[bool, typer.Option("--recursive", "-r", help="Whole prefix / directory")]


def _client() -> Any:
    return context.s3_client()


def _keys(client: Any, bucket: str, prefix: str, delimiter: str = "") -> Iterator[dict[str, Any]]:
    """Every listed entry (objects, then with a delimiter "folders"), page after page."""
    token: str | None = None
    while True:
        page = client.list_objects_v2(
            Bucket=bucket,
            Prefix=prefix,
            **({"Delimiter": delimiter} if delimiter else {}),
            **({"ContinuationToken": token} if token else {}),
        )
        for folder in page.get("CommonPrefixes") or []:
            yield {"Prefix": folder["Prefix"]}
        yield from page.get("Contents") or []
        token = page.get("NextContinuationToken")
        if not page.get("IsTruncated") or not token:
            return


def _location(uri: str, field: str) -> S3Uri:
    """The parsed URI, or bad input naming the argument and the form it must take."""
    try:
        return parse(uri)
    except ValueError as exc:
        raise InvalidRequest(f"{field}: {exc}", field=field) from None


def _exists(client: Any, location: S3Uri) -> bool:
    return any(e.get("Key") == location.key for e in _keys(client, location.bucket, location.key))


@app.command("ls")
@guarded
def ls(uri: Annotated[str, typer.Argument()] = "s3://", recursive: Recursive = False) -> None:
    """List objects (with --recursive) or the next level of 'folders' under a prefix."""
    client = _client()
    if uri in ("s3://", "s3:"):
        for bucket in client.list_buckets()["Buckets"]:
            console.print(f"s3://{bucket['Name']}/", markup=False)
        return
    location = _location(uri if "/" in uri[5:] or not uri else uri + "/", "URI")
    prefix = location.key
    if prefix and not recursive and not prefix.endswith("/") and not _exists(client, location):
        prefix += "/"
    entries = _keys(client, location.bucket, prefix, "" if recursive else "/")
    for key in sorted(e.get("Key") or e["Prefix"] for e in entries):
        console.print(f"s3://{location.bucket}/{key}", markup=False)


@app.command("cat")
@guarded
def cat(uri: str) -> None:
    """Write an object's bytes to stdout."""
    location = _location(uri, "URI")
    body = _client().get_object(Bucket=location.bucket, Key=location.key)["Body"]
    with contextlib.closing(body):
        while chunk := body.read(1 << 20):
            sys.stdout.buffer.write(chunk)
    sys.stdout.flush()


@app.command("cp")
@guarded
def cp(source: str, destination: str, recursive: Recursive = False) -> None:
    """Copy local → s3://, s3:// → local, or s3:// → s3://."""
    for field, given in (("SOURCE", source), ("DESTINATION", destination)):
        if not given.strip():
            # An empty path would mean the working directory: refuse it rather than guess.
            raise InvalidRequest(f"{field} is empty; give a path or an s3:// URI", field=field)
    client = _client()
    if _remote(source) and _remote(destination):
        _copy_remote(client, source, destination, recursive)
    elif _remote(destination):
        _upload(client, Path(source), destination, recursive)
    elif _remote(source):
        _download(client, source, Path(destination), recursive)
    else:
        raise InvalidRequest("one of SOURCE and DESTINATION must be an s3:// URI", field="cp")


def _remote(text: str) -> bool:
    """Whether ``text`` is meant as an s3:// URI; a malformed one is then refused as such."""
    return text.startswith("s3:")


def _upload(client: Any, source: Path, destination: str, recursive: bool) -> None:
    _location(destination, "DESTINATION")
    if source.is_dir():
        if not recursive:
            raise InvalidRequest(f"{source} is a directory; add --recursive", field="SOURCE")
        files = _files_under(source)
        for path in files:
            target = _location(
                join(destination, path.relative_to(source).as_posix()), "DESTINATION"
            )
            client.upload_file(str(path), target.bucket, target.key)
        console.print(f"uploaded {len(files)} files to {destination}", markup=False)
        return
    if not source.is_file():
        raise NotFound(f"no such file: {source}", field="SOURCE")
    target_uri = join(destination, source.name) if destination.endswith("/") else destination
    location = _location(target_uri, "DESTINATION")
    client.upload_file(str(source), location.bucket, location.key)
    console.print(f"upload: {source} to {target_uri}", markup=False)


def _files_under(folder: Path) -> list[Path]:
    """Every file below ``folder``; a subfolder that cannot be read is bad input, not a bug."""
    try:
        return sorted(p for p in folder.rglob("*") if p.is_file())
    except OSError as exc:
        raise InvalidRequest(
            f"cannot read every file under {folder}: {exc.strerror} ({exc.filename})",
            field="SOURCE",
            value=str(folder),
            hint="Give a folder whose files you can read.",
        ) from None


def _download(client: Any, source: str, destination: Path, recursive: bool) -> None:
    location = _location(source, "SOURCE")
    if recursive:
        prefix = location.key.rstrip("/") + "/" if location.key else ""
        keys = [e["Key"] for e in _keys(client, location.bucket, prefix)]
        for key in keys:
            path = destination / key[len(prefix) :]
            path.parent.mkdir(parents=True, exist_ok=True)
            client.download_file(location.bucket, key, str(path))
        console.print(f"downloaded {len(keys)} files to {destination}", markup=False)
        return
    if not _exists(client, location):
        raise NotFound(f"no object at {source}", field="SOURCE", value=source)
    target = destination / source.rsplit("/", 1)[-1] if destination.is_dir() else destination
    client.download_file(location.bucket, location.key, str(target))
    console.print(f"download: {source} to {target}", markup=False)


def _copy_remote(client: Any, source: str, destination: str, recursive: bool) -> None:
    origin = _location(source, "SOURCE")
    _location(destination, "DESTINATION")
    if recursive:
        prefix = origin.key.rstrip("/") + "/"
        keys = [e["Key"] for e in _keys(client, origin.bucket, prefix)]
        pairs = [
            (key, _location(join(destination, key[len(prefix) :]), "DESTINATION")) for key in keys
        ]
    else:
        pairs = [(origin.key, _location(destination, "DESTINATION"))]
    for key, target in pairs:
        copied = {"Bucket": origin.bucket, "Key": key}
        client.copy_object(Bucket=target.bucket, Key=target.key, CopySource=copied)
    console.print(f"copied {len(pairs)} objects to {destination}", markup=False)


@app.command("rm")
@guarded
def rm(uri: str, recursive: Recursive = False) -> None:
    """Delete an object, or every object under a prefix with --recursive."""
    client = _client()
    location = _location(uri, "URI")
    if recursive:
        prefix = location.key.rstrip("/") + "/" if location.key else ""
        keys = [e["Key"] for e in _keys(client, location.bucket, prefix)]
        for key in keys:
            client.delete_object(Bucket=location.bucket, Key=key)
        console.print(f"deleted {len(keys)} objects", markup=False)
        return
    if not _exists(client, location):
        raise NotFound(f"no object at {uri}", field="S3Uri", value=uri)
    client.delete_object(Bucket=location.bucket, Key=location.key)
    console.print(f"delete: {uri}", markup=False)
