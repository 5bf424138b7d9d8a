"""Putting one endpoint configuration's models into a generation's workspace.

Each production variant names a model (CreateModel); its containers are unpacked the
way batch transform unpacks them (`transform_model.ContainerStager`). A model created
from a model package (``ModelPackageName``) serves the package's inference containers.
With one variant the model is at ``/opt/ml/model`` as SageMaker's containers expect;
with several, variant ``V`` is under ``/opt/ml/variants/V/``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagmaker.errors import DagmakerError, JobFailure
from dagmaker.runners.builtin.inference.job_config import ContainerConfig
from dagmaker.runners.builtin.inference.serving_config import ServingConfig, VariantConfig
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.transform_model import ContainerStager, StagedContainer, containers_of
from dagmaker.serving.capture_config import parse_capture_config


@dataclass(frozen=True)
class StagedGeneration:
    """A generation ready to launch.

    Attributes:
        config: The serving configuration (written to the workspace).
        environment: The containers' ``Environment``, merged.
        python: The interpreter the images map to (None: dagmaker's own).
        instances: How many serving processes to run.
    """

    config: ServingConfig
    environment: dict[str, str]
    python: str | None
    instances: int


def stage_generation(
    ctx: RunnerContext,
    endpoint: str,
    document: dict[str, Any],
    workspace: Path,
    roll_seconds: float = 5.0,
) -> StagedGeneration:
    """Stage every variant of DescribeEndpointConfig ``document`` into ``workspace``.

    Raises:
        JobFailure: ``ClientError: …`` naming the variant and what is wrong.
    """
    variants = list(document.get("ProductionVariants") or [])
    try:
        capture = parse_capture_config(document.get("DataCaptureConfig"))
    except DagmakerError as error:
        raise JobFailure(f"ClientError: {error}") from None
    staged: list[VariantConfig] = []
    environment: dict[str, str] = {}
    interpreters: set[str | None] = set()
    for variant in variants:
        name = str(variant.get("VariantName") or "AllTraffic")
        root = "" if len(variants) == 1 else f"variants/{name}/"
        containers = _stage_variant(ctx, variant, workspace, root)
        for container in containers:
            environment.update(container.environment)
            interpreters.add(container.python)
        weight = float(variant.get("InitialVariantWeight", 1.0))
        staged.append(VariantConfig(name, weight, tuple(c.config for c in containers)))
    if len(interpreters) > 1:
        raise JobFailure(
            "ClientError: the models of this endpoint configuration map to different Python "
            "interpreters; a local endpoint serves them in one process, so map their images "
            "to the same runtime (dagmaker images map)"
        )
    instances = max((int(v.get("InitialInstanceCount") or 1) for v in variants), default=1)
    config = ServingConfig(
        endpoint=endpoint,
        config=str(document.get("EndpointConfigName") or ""),
        variants=tuple(staged),
        capture=capture,
        roll_seconds=roll_seconds,
    )
    config.write(workspace)
    python = next(iter(interpreters), None)
    return StagedGeneration(config, environment, python, max(1, instances))


def _stage_variant(
    ctx: RunnerContext, variant: dict[str, Any], workspace: Path, root: str
) -> list[StagedContainer]:
    name = str(variant.get("VariantName") or "AllTraffic")
    model_name = str(variant.get("ModelName") or "")
    containers = _containers(ctx, model_name, name)
    target = workspace / root if root else workspace
    stager = ContainerStager(ctx.artifacts, ctx.images, target, workspace.parent)
    staged = [stager.stage(c, i, len(containers)) for i, c in enumerate(containers)]
    if not root:
        return staged
    return [dataclasses.replace(s, config=_under(s.config, root)) for s in staged]


def _under(config: ContainerConfig, root: str) -> ContainerConfig:
    return dataclasses.replace(
        config,
        model_dir=f"{root}{config.model_dir}",
        code_dir=f"{root}{config.code_dir}" if config.code_dir else "",
    )


def _containers(ctx: RunnerContext, model_name: str, variant: str) -> list[dict[str, Any]]:
    if ctx.models is None:
        raise JobFailure("ClientError: this dagmaker has no model store configured for endpoints")
    try:
        model = ctx.models.describe(model_name)
    except DagmakerError:
        raise JobFailure(
            f'ClientError: Could not find model "{model_name}" of production variant '
            f"{variant}; create it first (model.create() or create_model)"
        ) from None
    expanded = [_from_package(ctx, c) for c in _declared(model)]
    return containers_of({"Containers": [c for group in expanded for c in group]}, model_name)


def _declared(model: dict[str, Any]) -> list[dict[str, Any]]:
    containers = list(model.get("Containers") or [])
    if not containers and model.get("PrimaryContainer"):
        containers = [model["PrimaryContainer"]]
    return containers


def _from_package(ctx: RunnerContext, container: dict[str, Any]) -> list[dict[str, Any]]:
    """A model-package container becomes the package's inference containers."""
    reference = container.get("ModelPackageName")
    if container.get("Image") or not reference:
        return [container]
    if ctx.registry is None:
        raise JobFailure("ClientError: this dagmaker has no model registry configured")
    try:
        package = ctx.registry.package(str(reference))
    except DagmakerError:
        raise JobFailure(f'ClientError: Could not find model package "{reference}"') from None
    inference = package.get("InferenceSpecification") or {}
    found = []
    for declared in inference.get("Containers") or []:
        environment = {
            **(declared.get("Environment") or {}),
            **(container.get("Environment") or {}),
        }
        found.append({**declared, "Environment": environment})
    if not found:
        raise JobFailure(
            f"ClientError: model package {reference} has no InferenceSpecification.Containers"
        )
    return found
