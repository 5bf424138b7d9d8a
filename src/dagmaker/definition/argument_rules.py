"""Rules on the Arguments and keys of steps that are not plain service requests.

Condition, Fail, Lambda and Callback steps have pipeline-defined arguments; a few service
rules are conditional and so absent from the request shapes (a processing input's
``LocalPath``); and the SDK only compiles AutoML steps in ``ENSEMBLING`` mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dagmaker.definition import expressions
from dagmaker.definition.model import PipelineDefinition, StepDef
from dagmaker.definition.rules import rule
from dagmaker.errors import Issue

JSON = Any
# Arguments members of the steps whose arguments the pipeline itself defines.
OWN_ARGUMENTS = {
    "Condition": ("Conditions", "IfSteps", "ElseSteps"),
    "Fail": ("ErrorMessage",),
}
# Step-level keys that must hold a string (or an expression giving one).
STRING_KEYS = {"Lambda": "FunctionArn", "Callback": "SqsQueueUrl"}


@rule
def _own_arguments(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        allowed = OWN_ARGUMENTS.get(step.type)
        if allowed is None or not isinstance(step.arguments, dict):
            continue
        for key in step.arguments:
            if key not in allowed:
                yield Issue(
                    step.name,
                    f"Arguments.{key}",
                    f"{step.type} steps take only {', '.join(allowed)} in Arguments",
                )
        message = step.arguments.get("ErrorMessage", "")
        if step.type == "Fail" and not (isinstance(message, str) or _is_text(message)):
            yield Issue(
                step.name,
                "Arguments.ErrorMessage",
                "ErrorMessage must be a string or an expression such as Std:Join",
            )


@rule
def _string_keys(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        key = STRING_KEYS.get(step.type)
        if key and key in step.raw and not _is_text(step.raw[key]):
            yield Issue(step.name, key, f"{key} must be a non-empty string")


def _is_text(value: JSON) -> bool:
    return (isinstance(value, str) and value != "") or expressions.is_expression(value)


@rule
def _processing_local_paths(definition: PipelineDefinition) -> Iterator[Issue]:
    # CreateProcessingJob: "LocalPath is a required parameter when AppManaged is False
    # (default)", for S3 inputs and outputs alike; the model cannot say "unless".
    for step in definition.steps.values():
        args = step.arguments if isinstance(step.arguments, dict) else {}
        if step.type not in ("Processing", "QualityCheck", "ClarifyCheck"):
            continue
        config = args.get("ProcessingOutputConfig")
        outputs = config.get("Outputs") if isinstance(config, dict) else None
        yield from _local_paths(step, args.get("ProcessingInputs"), "ProcessingInputs", "S3Input")
        path = "ProcessingOutputConfig.Outputs"
        yield from _local_paths(step, outputs, path, "S3Output")


def _local_paths(step: StepDef, items: JSON, path: str, member: str) -> Iterator[Issue]:
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or item.get("AppManaged") is True:
            continue
        channel = item.get(member)
        if isinstance(channel, dict) and channel.get("LocalPath") is None:
            yield Issue(
                step.name,
                f"Arguments.{path}[{i}].{member}.LocalPath",
                f"missing: {member} requires LocalPath unless the "
                f"{'input' if member == 'S3Input' else 'output'} is AppManaged",
            )


@rule
def _automl_mode(definition: PipelineDefinition) -> Iterator[Issue]:
    for step in definition.steps.values():
        args = step.arguments
        if step.type != "AutoML" or not isinstance(args, dict):
            continue
        if "AutoMLJobInputDataConfig" in args:
            problem = args.get("AutoMLProblemTypeConfig")
            config = problem.get("TabularJobConfig") if isinstance(problem, dict) else None
            path = "Arguments.AutoMLProblemTypeConfig.TabularJobConfig.Mode"
        else:
            config, path = args.get("AutoMLJobConfig"), "Arguments.AutoMLJobConfig.Mode"
        if isinstance(config, dict) and config.get("Mode") != "ENSEMBLING":
            yield Issue(
                step.name,
                path,
                f"AutoML steps run only in ENSEMBLING mode, got {config.get('Mode')!r}",
            )
        elif config is None and "AutoMLJobInputDataConfig" not in args:
            yield Issue(step.name, path, "AutoML steps need AutoMLJobConfig with Mode ENSEMBLING")


@rule
def _tuning_definitions(definition: PipelineDefinition) -> Iterator[Issue]:
    # CreateHyperParameterTuningJob: "you must specify either TrainingJobDefinition or
    # TrainingJobDefinitions", never both; the model marks neither as required.
    for step in definition.steps.values():
        args = step.arguments
        if step.type != "Tuning" or not isinstance(args, dict):
            continue
        keys = ("TrainingJobDefinition", "TrainingJobDefinitions")
        given = [k for k in keys if args.get(k) is not None]
        if len(given) != 1:
            yield Issue(
                step.name,
                "Arguments",
                "a Tuning step needs exactly one of TrainingJobDefinition and "
                f"TrainingJobDefinitions (got {' and '.join(given) or 'neither'})",
            )
