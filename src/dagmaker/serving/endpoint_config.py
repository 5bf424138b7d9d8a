"""CreateEndpointConfig and CreateEndpoint requests: checked before anything is stored.

Every problem is reported at once, each with the field's path. Fields that only mean
something on AWS hardware (``InstanceType``, ``AcceleratorType``, ``VolumeSizeInGB``,
``KmsKeyId``, ``RoutingConfig``, ``ManagedInstanceScaling``) are accepted and ignored;
features a local endpoint does not offer (asynchronous inference, shadow variants,
explainers) are refused with a clear message rather than silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dagmaker.errors import DagmakerError, DefinitionError, InvalidRequest, Issue
from dagmaker.serving.capture_config import parse_capture_config

NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
MAX_VARIANTS = 10
_UNSUPPORTED = {
    "AsyncInferenceConfig": "asynchronous inference",
    "ShadowProductionVariants": "shadow variants",
    "ExplainerConfig": "online explainability (SageMaker Clarify explainers)",
}


def check_name(value: Any, field: str) -> str:
    """A SageMaker resource name (letters, digits, hyphens; at most 63 characters).

    Raises:
        InvalidRequest: naming the field.
    """
    if not isinstance(value, str) or not NAME.match(value):
        raise InvalidRequest(
            f"{field} must be 1-63 letters, digits or hyphens, starting with a letter or digit "
            r"(pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})",
            field=field,
            value=value,
        )
    return value


def check_endpoint_config(request: dict[str, Any]) -> list[str]:
    """Check a CreateEndpointConfig request; return the model names it uses.

    Raises:
        InvalidRequest: listing every problem found.
    """
    issues: list[Issue] = []
    name = request.get("EndpointConfigName")
    _collect(issues, "EndpointConfigName", lambda: check_name(name, "EndpointConfigName"))
    for key, what in _UNSUPPORTED.items():
        if request.get(key):
            message = f"{what} is not available on local endpoints; remove {key}"
            issues.append(Issue("", key, message))
    capture = request.get("DataCaptureConfig")
    _collect(issues, "DataCaptureConfig", lambda: parse_capture_config(capture))
    variants = request.get("ProductionVariants")
    if not isinstance(variants, list) or not 1 <= len(variants) <= MAX_VARIANTS:
        issues.append(
            Issue("", "ProductionVariants", f"give 1 to {MAX_VARIANTS} production variants")
        )
        variants = []
    models: list[str] = []
    seen: set[str] = set()
    for index, variant in enumerate(variants):
        models += _check_variant(issues, f"ProductionVariants[{index}]", variant, seen)
    if issues:
        raise _error(issues)
    return models


def _check_variant(issues: list[Issue], where: str, variant: Any, seen: set[str]) -> list[str]:
    if not isinstance(variant, dict):
        issues.append(Issue("", where, "a production variant must be an object"))
        return []
    name = variant.get("VariantName")
    _collect(issues, f"{where}.VariantName", lambda: check_name(name, "VariantName"))
    if isinstance(name, str) and name.lower() in seen:
        issues.append(Issue("", f"{where}.VariantName", f"variant name {name!r} is used twice"))
    seen.add(str(name).lower())
    model = variant.get("ModelName")
    if not isinstance(model, str) or not model:
        issues.append(
            Issue("", f"{where}.ModelName", "each variant needs the ModelName of a created model")
        )
    _check_number(issues, variant, where, "InitialInstanceCount", 1, 100, "ServerlessConfig")
    _check_number(issues, variant, where, "InitialVariantWeight", 0, None)
    _check_number(issues, variant, where, "ContainerStartupHealthCheckTimeoutInSeconds", 60, 3600)
    return [model] if isinstance(model, str) and model else []


def _check_number(
    issues: list[Issue],
    variant: dict[str, Any],
    where: str,
    key: str,
    low: float,
    high: float | None,
    instead: str = "",
) -> None:
    value = variant.get(key)
    if value is None:
        if key == "InitialInstanceCount" and not variant.get(instead):
            issues.append(Issue("", f"{where}.{key}", f"{key} is required (or {instead})"))
        return
    number_like = isinstance(value, int | float) and not isinstance(value, bool)
    if not number_like or value < low or (high is not None and value > high):
        limit = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
        message = f"{key} must be a number {limit}, got {value!r}"
        issues.append(Issue("", f"{where}.{key}", message))


def _collect(issues: list[Issue], path: str, check: Callable[[], object]) -> None:
    try:
        check()
    except DagmakerError as error:
        issues.append(Issue("", error.field or path, error.message))


def _error(issues: list[Issue]) -> InvalidRequest:
    if len(issues) == 1:
        issue = issues[0]
        return InvalidRequest(issue.message, field=issue.path, issues=issues)
    summary = DefinitionError.from_issues(issues)
    return InvalidRequest(summary.message, issues=issues)
