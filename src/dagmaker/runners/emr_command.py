"""An EMR ``HadoopJarStep`` as the ``spark-submit`` command that runs it here.

Two forms, as on EMR:

- ``command-runner.jar`` with ``Args: ["spark-submit", …]``: the arguments as given, with
  ``--master`` set to the cluster's Spark and ``--deploy-mode`` client (the driver runs
  here; ``yarn``/``cluster`` name EMR's resource manager, which this Spark replaces);
- a user JAR (``s3://…/app.jar``): ``spark-submit`` runs its ``MainClass`` (or the JAR
  manifest's ``Main-Class``) with ``Args``; ``Properties`` become Java system properties.

Spark here reads local files, not ``s3://`` URIs, so every ``s3://`` URI in the arguments
is staged: an existing object or prefix is downloaded into the step's workspace and its
local path passed instead; any other URI is an output, passed as a local path that is
uploaded to the URI once the step succeeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagmaker._lib.s3uri import is_s3_uri
from dagmaker.errors import JobFailure
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.artifacts.transfer import upload_directory

COMMAND_RUNNER = "command-runner.jar"
_S3_URI = re.compile(r"s3://[^\s,;'\"]+")
_DROPPED = ("--master", "--deploy-mode")


@dataclass
class StagedArgs:
    """Arguments with ``s3://`` URIs replaced by local paths.

    Attributes:
        outputs: Local path → the ``s3://`` URI it is uploaded to after success.
    """

    outputs: dict[Path, str] = field(default_factory=dict)


def build_command(
    jar_step: dict[str, Any], master: str, store: ArtifactStore, workspace: Path
) -> tuple[list[str], StagedArgs]:
    """The argv (``spark-submit`` first, as a bare name) and the outputs to upload.

    Raises:
        JobFailure: a client error for a command other than ``spark-submit`` or a JAR
            that is not an ``s3://`` object.
    """
    staged = StagedArgs()
    jar = str(jar_step.get("Jar") or "")
    args = [_stage(str(a), store, workspace, staged) for a in jar_step.get("Args") or []]
    java_options = _java_options(jar_step.get("Properties") or [])
    if jar == COMMAND_RUNNER or jar.endswith("/" + COMMAND_RUNNER):
        return _command_runner(args, master, java_options), staged
    local_jar = _stage_jar(jar, store, workspace)
    command = ["spark-submit", "--master", master, "--deploy-mode", "client"]
    if jar_step.get("MainClass"):
        command += ["--class", str(jar_step["MainClass"])]
    if java_options:
        command += ["--conf", f"spark.driver.extraJavaOptions={java_options}"]
    return [*command, local_jar, *args], staged


def upload_outputs(store: ArtifactStore, staged: StagedArgs) -> list[str]:
    """Upload what the step wrote to its output URIs (Hadoop's hidden checksums left out)."""
    written: list[str] = []
    for local, uri in staged.outputs.items():
        if local.is_file():
            store.upload_file(local, uri)
            written.append(uri)
        elif local.is_dir():
            for hidden in [p for p in local.rglob(".*") if p.is_file()]:
                hidden.unlink()
            written += upload_directory(store, local, uri.rstrip("/"))
    return written


def _command_runner(args: list[str], master: str, java_options: str) -> list[str]:
    if not args or args[0] != "spark-submit":
        shown = args[0] if args else "(nothing)"
        raise JobFailure(
            f"ClientError: command-runner.jar runs {shown!r} here; only spark-submit is "
            "available locally (Args: ['spark-submit', ..., 's3://bucket/app.py'])",
        )
    kept: list[str] = []
    rest = iter(args[1:])
    for arg in rest:
        if arg in _DROPPED:
            next(rest, None)
        elif not arg.startswith(tuple(f"{d}=" for d in _DROPPED)):
            kept.append(arg)
    command = ["spark-submit", "--master", master, "--deploy-mode", "client"]
    if java_options:
        command += ["--conf", f"spark.driver.extraJavaOptions={java_options}"]
    return command + kept


def _java_options(properties: list[Any]) -> str:
    pairs = []
    for item in properties:
        if isinstance(item, dict) and "Key" in item:
            pairs.append(f"-D{item['Key']}={item.get('Value', '')}")
    return " ".join(pairs)


def _stage_jar(jar: str, store: ArtifactStore, workspace: Path) -> str:
    if not is_s3_uri(jar):
        raise JobFailure(
            f"ClientError: HadoopJarStep.Jar {jar!r} must be an s3:// URI of a JAR "
            f"(or {COMMAND_RUNNER})",
        )
    if not store.exists(jar):
        raise JobFailure(f"ClientError: the step's JAR {jar} does not exist")
    return str(_download(store, jar, workspace))


def _stage(arg: str, store: ArtifactStore, workspace: Path, staged: StagedArgs) -> str:
    return _S3_URI.sub(lambda m: str(_local(m.group(0), store, workspace, staged)), arg)


def _local(uri: str, store: ArtifactStore, workspace: Path, staged: StagedArgs) -> Path:
    """The local stand-in for one URI: downloaded input, or an output to upload later."""
    names_object = not uri.endswith("/") and "/" in uri[len("s3://") :]
    if names_object and store.exists(uri):
        return _download(store, uri, workspace)
    prefix = uri.rstrip("/") + "/"
    found = store.list(prefix)
    target = _path_for(uri, workspace)
    if found:
        for item in found:
            store.download_file(item, target / item[len(prefix) :])
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staged.outputs[target] = uri
    return target


def _download(store: ArtifactStore, uri: str, workspace: Path) -> Path:
    target = _path_for(uri, workspace)
    store.download_file(uri, target)
    return target


def _path_for(uri: str, workspace: Path) -> Path:
    bucket_and_key = uri[len("s3://") :].rstrip("/")
    parts = [p for p in bucket_and_key.split("/") if p not in ("", ".", "..")]
    return workspace.joinpath("s3", *parts)
