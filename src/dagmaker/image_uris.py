"""The image URIs of SageMaker's framework containers, as SageMaker's SDK builds them.

``retrieve("sklearn", "us-west-2", version="1.2-1")`` returns
``246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3``.
Locally these URIs only name a runtime (dagmaker's runners map the repository to a
Python environment), so the region ``local`` stands for :data:`DEFAULT_REGION`.
"""

from __future__ import annotations

import re
from typing import Any

from dagmaker._sdk import image_uri_table as table
from dagmaker._sdk.analysis_image_table import ANALYSIS_FRAMEWORKS
from dagmaker.workflow import parameters
from dagmaker.workflow.entities import is_pipeline_variable

DEFAULT_REGION = "us-east-1"
LOCAL_REGION = "local"
_FAMILY = re.compile(r"^ml[._]([a-z\d-]+)\.?\w*$")
_FRAMEWORKS = {**table.FRAMEWORKS, **ANALYSIS_FRAMEWORKS}

__all__ = ["DEFAULT_REGION", "get_training_image_uri", "instance_family", "retrieve"]


def retrieve(
    framework: str,
    region: str | None,
    version: str | None = None,
    py_version: str | None = None,
    instance_type: Any = None,
    accelerator_type: str | None = None,
    image_scope: str | None = None,
    container_version: str | None = None,
    distribution: dict[str, Any] | None = None,
    base_framework_version: str | None = None,
    training_compiler_config: Any = None,
    sagemaker_session: Any = None,
) -> str:
    """The ECR URI of a framework image.

    Args:
        framework: ``sklearn``, ``xgboost``, ``pytorch``, ``spark``, ``model-monitor`` or
            ``clarify``.
        region: The AWS region of the registry; ``local`` (or ``None``) means
            :data:`DEFAULT_REGION`.
        version: The framework version, e.g. ``1.2-1`` or ``2.1`` (an alias of ``2.1.0``).
        py_version: The Python version tag, e.g. ``py3``; optional when there is one.
        instance_type: Chooses the ``cpu``/``gpu`` image; a pipeline parameter stands for
            its default value.
        accelerator_type: Elastic Inference accelerator; not supported.
        image_scope: ``training`` or ``inference`` (``processing`` for spark).
        container_version: Container build suffix; spark only.
        distribution: Accepted for signature compatibility; not used.
        base_framework_version: Accepted for signature compatibility; not used.
        training_compiler_config: Training Compiler images are not supported.
        sagemaker_session: Accepted for signature compatibility; not used.

    Raises:
        ValueError: for an unknown framework, version, scope, region, Python version or
            processor; the message lists what is known.
    """
    version, py_version, instance_type = (
        _compile_time_value(name, value)
        for name, value in (
            ("version", version),
            ("py_version", py_version),
            ("instance_type", instance_type),
        )
    )
    if accelerator_type or training_compiler_config:
        raise ValueError(
            "image_uris.retrieve: Elastic Inference accelerators and Training Compiler "
            "images are not supported by dagmaker; pass image_uri= explicitly instead"
        )
    spec = _framework(framework)
    full_version = _version(framework, spec, version)
    version_spec = spec.versions[full_version]
    scope = _scope(framework, spec, version_spec, image_scope)
    region = _region(region, spec)
    tag_parts = [
        version or full_version,
        _processor(instance_type, version_spec.processors),
        _py_version(framework, version_spec, py_version),
        _container_version(framework, spec, container_version),
    ]
    tag = "-".join(part for part in tag_parts if part)
    repository = version_spec.repositories[scope]
    image = f"{spec.accounts[region]}.dkr.ecr.{region}.amazonaws.com/{repository}"
    return f"{image}:{tag}" if tag else image


def get_training_image_uri(
    region: str | None,
    framework: str,
    framework_version: str | None = None,
    py_version: str | None = None,
    image_uri: Any = None,
    distribution: dict[str, Any] | None = None,
    compiler_config: Any = None,
    tensorflow_version: str | None = None,
    pytorch_version: str | None = None,
    instance_type: Any = None,
) -> Any:
    """The training image of a framework estimator: ``image_uri`` when given, else retrieved."""
    if image_uri:
        return image_uri
    return retrieve(
        framework,
        region,
        version=framework_version,
        py_version=py_version,
        instance_type=instance_type,
        image_scope="training",
        distribution=distribution,
        training_compiler_config=compiler_config,
    )


def instance_family(instance_type: Any) -> str:
    """The family of ``ml.<family>.<size>`` (e.g. ``m5``), or ``""`` when it has none."""
    if isinstance(instance_type, str):
        match = _FAMILY.match(instance_type)
        if match:
            return match.group(1)
    return ""


def _compile_time_value(name: str, value: Any) -> Any:
    # SageMaker's SDK lets a pipeline parameter stand for its default here (with a
    # warning); any other pipeline variable has no value yet.
    if isinstance(value, parameters.Parameter):
        return value.default_value
    if is_pipeline_variable(value):
        raise ValueError(
            f"image_uris.retrieve: {name} is a pipeline variable, which has a value only when "
            "the pipeline runs; the image URI is chosen when the definition is built, so pass "
            f"a literal {name} or an explicit image_uri"
        )
    return value


def _framework(framework: str) -> table.FrameworkSpec:
    if framework not in _FRAMEWORKS:
        raise ValueError(
            f"image_uris.retrieve: unknown framework {framework!r}; dagmaker knows "
            f"{', '.join(sorted(_FRAMEWORKS))}. For other images pass image_uri= explicitly."
        )
    return _FRAMEWORKS[framework]


def _scope(
    framework: str,
    spec: table.FrameworkSpec,
    version_spec: table.VersionSpec,
    image_scope: str | None,
) -> str:
    all_scopes = {scope for v in spec.versions.values() for scope in v.repositories}
    # A framework published under one scope only (spark: processing) ignores the argument.
    scope = next(iter(all_scopes)) if len(all_scopes) == 1 else image_scope or spec.default_scope
    if scope not in version_spec.repositories:
        raise ValueError(
            f"image_uris.retrieve: unsupported image scope {scope!r} for this {framework} "
            f"version; use one of {', '.join(sorted(version_spec.repositories))}"
        )
    return scope


def _version(framework: str, spec: table.FrameworkSpec, version: str | None) -> str:
    full = spec.aliases.get(version or "", version)
    if full not in spec.versions:
        known = ", ".join([*spec.versions, *spec.aliases])
        raise ValueError(
            f"image_uris.retrieve: unsupported {framework} version {version!r}; "
            f"supported versions: {known}"
        )
    return full


def _region(region: str | None, spec: table.FrameworkSpec) -> str:
    region = DEFAULT_REGION if region in (None, "", LOCAL_REGION) else region
    if region not in spec.accounts:
        raise ValueError(
            f"image_uris.retrieve: no registry known for region {region!r}; dagmaker knows "
            f"{', '.join(sorted(spec.accounts))} (use 'local' for the default)"
        )
    return region


def _py_version(framework: str, spec: table.VersionSpec, py_version: str | None) -> str | None:
    available = spec.py_versions
    if not available:
        return None
    if py_version is None and framework == "spark":
        return None
    if py_version is None and len(available) == 1:
        return available[0]
    if py_version not in available:
        raise ValueError(
            f"image_uris.retrieve: unsupported Python version {py_version!r} for {framework}; "
            f"supported: {', '.join(available)}"
        )
    return py_version


def _processor(instance_type: Any, available: tuple[str, ...]) -> str | None:
    if not available:
        return None
    if len(available) == 1 and not instance_type:
        return available[0]
    if not instance_type:
        raise ValueError(
            "image_uris.retrieve: an instance type is needed to choose between the "
            f"{' and '.join(available)} images (e.g. instance_type='ml.m5.xlarge')"
        )
    processor = _processor_of(instance_type)
    if processor not in available:
        raise ValueError(
            f"image_uris.retrieve: no {processor} image for instance type {instance_type!r}; "
            f"available processors: {', '.join(available)}"
        )
    return processor


def _processor_of(instance_type: str) -> str:
    if instance_type.startswith("local"):
        return "cpu" if instance_type == "local" else "gpu"
    family = instance_family(instance_type)
    if not family:
        raise ValueError(
            f"image_uris.retrieve: invalid instance type {instance_type!r}; use the form "
            "'ml.<family>.<size>', e.g. 'ml.m5.xlarge'"
        )
    if family.startswith("inf"):
        return "inf"
    if family.startswith("trn"):
        return "trn"
    return "gpu" if family[0] in "gp" else "cpu"


def _container_version(framework: str, spec: table.FrameworkSpec, value: str | None) -> str | None:
    if value is not None and not spec.container_version_allowed:
        raise ValueError(
            f"image_uris.retrieve: container_version {value!r} is not supported for "
            f"{framework}; its image tags carry no container version, so omit it"
        )
    return value
