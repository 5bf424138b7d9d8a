"""Rules checking step arguments against the SageMaker and EMR request shapes.

A job step's ``Arguments`` is the body of a Create* request (spec §7), so it is checked
against that request's shape in botocore's service model, minus the job name the service
fills in. Check steps carry a CreateProcessingJob request plus typed keys of their own;
EMR steps an AddJobFlowSteps step config and a cluster id or RunJobFlow-style config.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dagmaker.definition import service_model
from dagmaker.definition.expression_types import describer
from dagmaker.definition.model import PipelineDefinition, StepDef
from dagmaker.definition.request_check import RequestChecker
from dagmaker.definition.rules import rule
from dagmaker.definition.step_types import STEP_TYPES
from dagmaker.errors import Issue

JSON = Any

# Step type → the request shape its Arguments follow (spec §7).
REQUEST_SHAPES = {
    "Processing": "CreateProcessingJobRequest",
    "Training": "CreateTrainingJobRequest",
    "Tuning": "CreateHyperParameterTuningJobRequest",
    "Transform": "CreateTransformJobRequest",
    "Model": "CreateModelInput",
    "RegisterModel": "CreateModelPackageInput",
    "AutoML": "CreateAutoMLJobRequest",
    "QualityCheck": "CreateProcessingJobRequest",
    "ClarifyCheck": "CreateProcessingJobRequest",
}
AUTOML_V2 = "CreateAutoMLJobV2Request"
# Required by the API, left out of definitions: the pipeline service names the job.
FILLED_IN = frozenset(
    {
        ("CreateProcessingJobRequest", "ProcessingJobName"),
        ("CreateTrainingJobRequest", "TrainingJobName"),
        ("CreateHyperParameterTuningJobRequest", "HyperParameterTuningJobName"),
        ("CreateTransformJobRequest", "TransformJobName"),
        ("CreateModelInput", "ModelName"),
        ("CreateAutoMLJobRequest", "AutoMLJobName"),
        (AUTOML_V2, "AutoMLJobName"),
        ("StepConfig", "Name"),  # EMR: "set during runtime" (SDK EMRStep)
        ("RunJobFlowInput", "Name"),
    }
)
# Keys a check step carries beside Arguments → the sagemaker shape of their value.
CHECK_KEYS = {
    "ModelPackageGroupName": "ArnOrName",
    "SkipCheck": "Boolean",
    "FailOnViolation": "Boolean",
    "RegisterNewBaseline": "Boolean",
    # "" means "not supplied": SageMaker's SDK tests default these parameters to "".
    "SuppliedBaselineStatistics": "String1024",
    "SuppliedBaselineConstraints": "String1024",
    "ModelName": "ModelName",
}
CHECK_TYPES = {
    "QualityCheck": ("DATA_QUALITY", "MODEL_QUALITY"),
    "ClarifyCheck": ("DATA_BIAS", "MODEL_BIAS", "MODEL_EXPLAINABILITY"),
}
# EMR Arguments → the emr shape of each member (AddJobFlowSteps / RunJobFlow).
EMR_MEMBERS = {
    "StepConfig": "StepConfig",
    "ClusterId": "XmlStringMaxLen256",
    "ClusterConfig": "RunJobFlowInput",
    "ExecutionRoleArn": "ArnType",
}


def checker(definition: PipelineDefinition, service: str = "sagemaker") -> RequestChecker:
    """A request checker for ``service`` that types expressions from ``definition``."""
    return RequestChecker(service_model.model(service), describer(definition), FILLED_IN)


def request_shape(step: StepDef) -> str:
    """The request shape of a job or check step's Arguments ("" for other types)."""
    shape = REQUEST_SHAPES.get(step.type, "")
    args = step.arguments
    if step.type == "AutoML" and isinstance(args, dict) and "AutoMLJobInputDataConfig" in args:
        return AUTOML_V2
    return shape


@rule
def _request_arguments(definition: PipelineDefinition) -> Iterator[Issue]:
    sagemaker = checker(definition)
    for step in definition.steps.values():
        shape = request_shape(step)
        if shape and isinstance(step.arguments, dict):
            for problem in sagemaker.check(step.arguments, shape, "Arguments"):
                yield Issue(step.name, problem.path, problem.message)


@rule
def _check_step_keys(definition: PipelineDefinition) -> Iterator[Issue]:
    sagemaker = checker(definition)
    for step in definition.steps.values():
        kinds = CHECK_TYPES.get(step.type)
        if kinds is None:
            continue
        if "CheckType" in step.raw and step.raw["CheckType"] not in kinds:
            shown = repr(step.raw.get("CheckType"))
            yield Issue(step.name, "CheckType", f"{shown} is not one of {', '.join(kinds)}")
        for key, shape in CHECK_KEYS.items():
            value = step.raw.get(key)
            if value is not None and key in STEP_TYPES[step.type].keys:
                for problem in sagemaker.check(value, shape, key):
                    yield Issue(step.name, problem.path, problem.message)
        model_check = step.raw.get("CheckType") in ("MODEL_BIAS", "MODEL_EXPLAINABILITY")
        if model_check and step.raw.get("ModelName") is None:
            yield Issue(
                step.name, "ModelName", "model bias and explainability checks need ModelName"
            )


@rule
def _emr_arguments(definition: PipelineDefinition) -> Iterator[Issue]:
    emr = checker(definition, "emr")
    for step in definition.steps.values():
        if step.type != "EMR" or not isinstance(step.arguments, dict):
            continue
        yield from _members(step, emr, step.arguments, EMR_MEMBERS)
        yield from _emr_cluster(step)


def _members(
    step: StepDef, check: RequestChecker, args: dict[str, JSON], members: Mapping[str, str]
) -> Iterator[Issue]:
    for key, value in args.items():
        path = f"Arguments.{key}"
        if key not in members:
            known = ", ".join(members)
            yield Issue(
                step.name, path, f"{step.type} Arguments have no member {key!r}; members: {known}"
            )
            continue
        if value is None:
            yield Issue(step.name, path, f"is null; omit {key} or give a value")
            continue
        for problem in check.check(value, members[key], path):
            yield Issue(step.name, problem.path, problem.message)


def _emr_cluster(step: StepDef) -> Iterator[Issue]:
    args: dict[str, JSON] = step.arguments
    has_id = args.get("ClusterId") is not None
    has_config = args.get("ClusterConfig") is not None
    if has_id == has_config:
        yield Issue(
            step.name, "Arguments", "an EMR step needs exactly one of ClusterId and ClusterConfig"
        )
    if "ExecutionRoleArn" in args and not has_id:
        yield Issue(
            step.name,
            "Arguments.ExecutionRoleArn",
            "ExecutionRoleArn is allowed only with ClusterId (a running cluster)",
        )
    config = args.get("ClusterConfig")
    if isinstance(config, dict):
        yield from _emr_cluster_config(step, config)


def _emr_cluster_config(step: StepDef, config: dict[str, JSON]) -> Iterator[Issue]:
    path = "Arguments.ClusterConfig"
    for key in ("Name", "AutoTerminationPolicy", "Steps"):
        if key in config:
            yield Issue(
                step.name,
                f"{path}.{key}",
                f"ClusterConfig must not set {key}: the pipeline sets it",
            )
    instances = config.get("Instances")
    if not isinstance(instances, dict):
        return  # the shape check reports a missing or mistyped Instances
    for key in ("KeepJobFlowAliveWhenNoSteps", "TerminationProtected"):
        if key in instances:
            yield Issue(
                step.name,
                f"{path}.Instances.{key}",
                f"Instances must not set {key}: the pipeline terminates the cluster it creates",
            )
    if ("InstanceGroups" in instances) == ("InstanceFleets" in instances):
        yield Issue(
            step.name,
            f"{path}.Instances",
            "Instances needs exactly one of InstanceGroups and InstanceFleets",
        )
