"""Rules on step-level settings: retry policies, caching, property files, outputs, inputs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dagmaker._lib.durations import DurationError, parse_duration
from dagmaker.definition import expressions
from dagmaker.definition.model import PipelineDefinition, StepDef
from dagmaker.definition.rules import rule
from dagmaker.definition.step_types import OUTPUT_PARAMETER_TYPES, OUTPUT_TYPES, STEP_TYPES
from dagmaker.errors import Issue


@rule
def _retry_policies(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        info = STEP_TYPES.get(step.type)
        for i, policy in enumerate(step.retry_policies):
            path = f"RetryPolicies[{i}]"
            yield from _retry_types(step, info.retry_prefixes if info else (), policy, path)
            yield from _retry_ranges(step, policy, path)


_RETRY_TYPES = (
    "Step.SERVICE_FAULT",
    "Step.THROTTLING",
    "SageMaker.JOB_INTERNAL_ERROR",
    "SageMaker.CAPACITY_ERROR",
    "SageMaker.RESOURCE_LIMIT",
    "Emr.RESOURCE_LIMIT",
)


def _retry_types(
    step: StepDef, prefixes: tuple[str, ...], policy: Any, path: str
) -> Iterator[Issue]:
    if not prefixes:
        yield Issue(step.name, path, f"{step.type} steps do not support retry policies")
        return
    for j, kind in enumerate(policy.exception_types):
        where = f"{path}.ExceptionType[{j}]"
        if kind not in _RETRY_TYPES:
            yield Issue(
                step.name,
                where,
                f"unknown exception type {kind!r}; known: {', '.join(_RETRY_TYPES)}",
            )
        elif not kind.startswith(prefixes):
            yield Issue(step.name, where, f"{kind} retries are not allowed on {step.type} steps")


def _retry_ranges(step: StepDef, policy: Any, path: str) -> Iterator[Issue]:
    if policy.max_attempts is not None and policy.expire_after_min is not None:
        yield Issue(step.name, path, "set MaxAttempts or ExpireAfterMin, not both")
    if not 0 <= policy.interval_seconds <= 43200:
        yield Issue(step.name, path + ".IntervalSeconds", "must be between 0 and 43200")
    if policy.backoff_rate < 1.0:
        yield Issue(step.name, path + ".BackoffRate", "must be at least 1.0")
    if policy.max_attempts is not None and not 0 <= policy.max_attempts <= 20:
        yield Issue(step.name, path + ".MaxAttempts", "must be between 0 and 20")
    if policy.expire_after_min is not None and not 0 <= policy.expire_after_min <= 14400:
        yield Issue(step.name, path + ".ExpireAfterMin", "must be between 0 and 14400")


@rule
def _cache_configs(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        config = step.cache_config
        if config is None or not config.enabled or config.expire_after is None:
            continue
        try:
            parse_duration(config.expire_after)
        except DurationError as exc:
            yield Issue(step.name, "CacheConfig.ExpireAfter", str(exc))


@rule
def _property_files(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        if not step.property_files:
            continue
        if step.type != "Processing":
            yield Issue(step.name, "PropertyFiles", "only Processing steps have property files")
            continue
        outputs = _output_names(step)
        for i, pfile in enumerate(step.property_files):
            if outputs is not None and pfile.output_name not in outputs:
                yield Issue(
                    step.name,
                    f"PropertyFiles[{i}].OutputName",
                    f"{pfile.output_name!r} is not one of the step's outputs {sorted(outputs)}",
                )


def _output_names(step: StepDef) -> set[str] | None:
    config = (
        step.arguments.get("ProcessingOutputConfig") if isinstance(step.arguments, dict) else None
    )
    outputs = config.get("Outputs") if isinstance(config, dict) else None
    if not isinstance(outputs, list):
        return set()
    return {str(o.get("OutputName")) for o in outputs if isinstance(o, dict)}


@rule
def _output_parameters(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        if step.type not in OUTPUT_PARAMETER_TYPES:
            continue
        outputs = step.raw.get("OutputParameters", [])
        if not isinstance(outputs, list):
            yield Issue(step.name, "OutputParameters", "must be a list")
            continue
        for i, item in enumerate(outputs):
            kind = item.get("OutputType", "String") if isinstance(item, dict) else None
            if not isinstance(item, dict) or not isinstance(item.get("OutputName"), str):
                yield Issue(step.name, f"OutputParameters[{i}]", "needs a string OutputName")
            elif kind not in OUTPUT_TYPES:
                yield Issue(
                    step.name,
                    f"OutputParameters[{i}].OutputType",
                    f"{kind!r} is not one of {list(OUTPUT_TYPES)}",
                )


@rule
def _flat_inputs(definition: PipelineDefinition) -> Iterator[Issue]:
    # Lambda and Callback inputs are handed over as flat key/value pairs (service rule).
    for step in definition.steps.values():
        if step.type not in OUTPUT_PARAMETER_TYPES or not isinstance(step.arguments, dict):
            continue
        for key, value in step.arguments.items():
            nested = isinstance(value, (dict, list)) and not expressions.is_expression(value)
            if nested:
                yield Issue(
                    step.name,
                    f"Arguments.{key}",
                    f"{step.type} inputs must be strings, numbers, booleans or pipeline "
                    "variables; pass nested data as a JSON string or an S3 URI",
                )
