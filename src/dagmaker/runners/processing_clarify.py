"""Processing jobs with SageMaker's Clarify image: what the runner stages for the program.

A Clarify image has no entry point for dagmaker to run; its runtime (``builtin:clarify``)
runs `dagmaker.runners.builtin.clarify.program` instead. Before it starts, the runner
reads the staged ``analysis_config.json`` and puts in every host's workspace what the
program cannot fetch itself:

- the model ``predictor.model_name`` names, when the analysis needs predictions —
  unpacked as batch transform unpacks it (`transform_model.ContainerStager`);
- the files of ``dataset_uri`` and of an ``s3://`` ``methods.shap.baseline``.

What was staged is written to ``/opt/ml/config/clarify.json``. A configuration that
does not parse is left for the program to report.
"""

from __future__ import annotations

import json
import shutil
from typing import Any

from dagmaker._lib.s3uri import is_s3_uri
from dagmaker.errors import DagmakerError, JobFailure, NotFound
from dagmaker.quality import clarify_config
from dagmaker.runners.builtin.clarify.model_config import CONFIG, ClarifyJobConfig
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.staging import InputSpec, stage_input
from dagmaker.runners.transform_model import ContainerStager, containers_of
from dagmaker.runners.workspace import HostDirs

RUNTIME = "builtin:clarify"
COMMAND = ["python3", "-m", "dagmaker.runners.builtin.clarify.program"]
DATASET_URI_DIR = "processing/input/clarify_dataset_uri"
BASELINE_DIR = "processing/input/clarify_shap_baseline"


def stage(ctx: RunnerContext, hosts: list[HostDirs]) -> None:
    """Stage the model and extra inputs the analysis configuration asks for."""
    leader = hosts[0]
    document = _document(leader)
    config = ClarifyJobConfig()
    if document is not None:
        config = ClarifyJobConfig(
            model_name=_model_name(document),
            dataset_uri=_stage_uri(ctx, hosts, document.get("dataset_uri"), DATASET_URI_DIR),
            shap_baseline=_stage_uri(
                ctx,
                hosts,
                ((document.get("methods") or {}).get("shap") or {}).get("baseline"),
                BASELINE_DIR,
            ),
        )
        if config.model_name:
            config = _with_model(ctx, hosts, config)
    for host in hosts:
        config.write(host.workspace)


def _document(host: HostDirs) -> dict[str, Any] | None:
    path = host.workspace / CONFIG
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _model_name(document: dict[str, Any]) -> str:
    try:
        config = clarify_config.parse(document)
    except DagmakerError:
        return ""
    if not config.needs_predictions or config.predictor is None:
        return ""
    return config.predictor.model_name or ""


def _stage_uri(ctx: RunnerContext, hosts: list[HostDirs], uri: Any, target: str) -> str:
    if not isinstance(uri, str) or not is_s3_uri(uri):
        return ""
    stage_input(ctx.artifacts, InputSpec(target.rsplit("/", 1)[1], uri, target), _spaces(hosts))
    return target


def _with_model(
    ctx: RunnerContext, hosts: list[HostDirs], config: ClarifyJobConfig
) -> ClarifyJobConfig:
    name = config.model_name
    if ctx.models is None:
        raise JobFailure(f"ClientError: cannot look up model {name!r}: no model store")
    try:
        model = ctx.models.describe(name)
    except NotFound:
        raise JobFailure(
            f'ClientError: Could not find model "{name}" (predictor.model_name). Create it '
            "first (a Model step, model.create() or create_model)"
        ) from None
    leader = hosts[0]
    stager = ContainerStager(ctx.artifacts, ctx.images, leader.workspace, leader.logs.parent)
    found = containers_of(model, name)
    staged = tuple(stager.stage(c, i, len(found)).config for i, c in enumerate(found))
    for host in hosts[1:]:
        for top in ("model", "models", "code"):
            if (leader.workspace / top).is_dir():
                shutil.copytree(leader.workspace / top, host.workspace / top)
    return ClarifyJobConfig(name, staged, config.dataset_uri, config.shap_baseline)


def _spaces(hosts: list[HostDirs]) -> list[Any]:
    return [h.workspace for h in hosts]
