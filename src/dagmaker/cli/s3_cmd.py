"""``dagmaker s3 cp|ls|cat|rm``: the same access to artifacts that ``aws s3`` gives."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dagmaker._lib.s3uri import is_s3_uri, join
from dagmaker.cli import context
from dagmaker.cli.errors import guarded
from dagmaker.cli.output import console
from dagmaker.errors import InvalidRequest, NotFound
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.artifacts.transfer import delete_prefix, download_prefix, upload_directory

app = typer.Typer(
    add_completion=False,
    help="Artifacts at s3:// URIs (stored under DAGMAKER_HOME/s3).",
    no_args_is_help=True,
)
Recursive = Annotated[bool, typer.Option("--recursive", "-r", help="Whole prefix / directory")]


def _store() -> ArtifactStore:
    return context.client().services.artifacts


@app.command("ls")
@guarded
def ls(uri: Annotated[str, typer.Argument()] = "s3://", recursive: Recursive = False) -> None:
    """List objects (with --recursive) or the next level of 'folders' under a prefix."""
    store = _store()
    if uri in ("s3://", "s3:"):
        for bucket in sorted(p.name for p in context.settings().artifacts_root.glob("*")):
            console.print(f"s3://{bucket}/", markup=False)
        return
    prefix = uri if recursive or uri.endswith("/") or store.exists(uri) else uri + "/"
    shown: set[str] = set()
    for item in store.list(prefix):
        entry = item if recursive else _next_level(prefix, item)
        if entry not in shown:
            shown.add(entry)
            console.print(entry, markup=False)


def _next_level(prefix: str, uri: str) -> str:
    rest = uri[len(prefix) :]
    head, sep, _ = rest.partition("/")
    return prefix + head + sep


@app.command("cat")
@guarded
def cat(uri: str) -> None:
    """Write an object's bytes to stdout."""
    sys.stdout.buffer.write(_store().read_bytes(uri))
    sys.stdout.flush()


@app.command("cp")
@guarded
def cp(source: str, destination: str, recursive: Recursive = False) -> None:
    """Copy local → s3://, s3:// → local, or s3:// → s3://."""
    store = _store()
    if is_s3_uri(source) and is_s3_uri(destination):
        _copy_remote(store, source, destination, recursive)
    elif is_s3_uri(destination):
        _upload(store, Path(source), destination, recursive)
    elif is_s3_uri(source):
        _download(store, source, Path(destination), recursive)
    else:
        raise InvalidRequest("one of SOURCE and DESTINATION must be an s3:// URI", field="cp")


def _upload(store: ArtifactStore, source: Path, destination: str, recursive: bool) -> None:
    if source.is_dir():
        if not recursive:
            raise InvalidRequest(f"{source} is a directory; add --recursive", field="SOURCE")
        written = upload_directory(store, source, destination)
        console.print(f"uploaded {len(written)} files to {destination}", markup=False)
        return
    if not source.is_file():
        raise NotFound(f"no such file: {source}", field="SOURCE")
    target = join(destination, source.name) if destination.endswith("/") else destination
    store.upload_file(source, target)
    console.print(f"upload: {source} to {target}", markup=False)


def _download(store: ArtifactStore, source: str, destination: Path, recursive: bool) -> None:
    if recursive:
        files = download_prefix(store, source, destination)
        console.print(f"downloaded {len(files)} files to {destination}", markup=False)
        return
    target = destination / source.rsplit("/", 1)[-1] if destination.is_dir() else destination
    store.download_file(source, target)
    console.print(f"download: {source} to {target}", markup=False)


def _copy_remote(store: ArtifactStore, source: str, destination: str, recursive: bool) -> None:
    items = store.list(source.rstrip("/") + "/") if recursive else [source]
    for item in items:
        rest = item[len(source.rstrip("/")) :].lstrip("/") if recursive else ""
        target = join(destination, rest) if rest else destination
        store.write_bytes(target, store.read_bytes(item))
    console.print(f"copied {len(items)} objects to {destination}", markup=False)


@app.command("rm")
@guarded
def rm(uri: str, recursive: Recursive = False) -> None:
    """Delete an object, or every object under a prefix with --recursive."""
    store = _store()
    if recursive:
        console.print(f"deleted {delete_prefix(store, uri)} objects", markup=False)
        return
    if not store.exists(uri):
        raise NotFound(f"no object at {uri}", field="S3Uri", value=uri)
    store.delete(uri)
    console.print(f"delete: {uri}", markup=False)
