"""Names of SageMaker resources and S3 buckets, checked as the services check them.

The API layer calls :func:`check_name` on every name a request creates, so a name that
SageMaker would refuse is refused here too, with the rule quoted. The SageMaker rules
(pattern and length) come from the request shapes in botocore's service model.
"""

from __future__ import annotations

from typing import Any

from dagmaker._lib.s3uri import bucket_name_problem
from dagmaker.errors import InvalidRequest

# Kind of name → the request shape and member that carries it when SageMaker creates it.
NAME_KINDS = {
    "pipeline": ("CreatePipelineRequest", "PipelineName"),
    "pipeline-display-name": ("CreatePipelineRequest", "PipelineDisplayName"),
    "pipeline-execution-display-name": (
        "StartPipelineExecutionRequest",
        "PipelineExecutionDisplayName",
    ),
    "processing-job": ("CreateProcessingJobRequest", "ProcessingJobName"),
    "training-job": ("CreateTrainingJobRequest", "TrainingJobName"),
    "transform-job": ("CreateTransformJobRequest", "TransformJobName"),
    "tuning-job": ("CreateHyperParameterTuningJobRequest", "HyperParameterTuningJobName"),
    "automl-job": ("CreateAutoMLJobRequest", "AutoMLJobName"),
    "model": ("CreateModelInput", "ModelName"),
    "model-package-group": ("CreateModelPackageGroupInput", "ModelPackageGroupName"),
    "model-package": ("CreateModelPackageInput", "ModelPackageName"),
    "endpoint": ("CreateEndpointInput", "EndpointName"),
    "endpoint-config": ("CreateEndpointConfigInput", "EndpointConfigName"),
    "monitoring-schedule": ("CreateMonitoringScheduleRequest", "MonitoringScheduleName"),
    "data-quality-job-definition": (
        "CreateDataQualityJobDefinitionRequest",
        "JobDefinitionName",
    ),
    "experiment": ("CreateExperimentRequest", "ExperimentName"),
    "trial": ("CreateTrialRequest", "TrialName"),
}
BUCKET = "bucket"


def name_problem(kind: str, value: Any) -> str:
    """Why ``value`` is not a valid name of ``kind``; "" when it is.

    Raises:
        KeyError: for a kind that is neither ``bucket`` nor one of :data:`NAME_KINDS`.
    """
    from dagmaker.definition import service_model
    from dagmaker.definition.request_check import scalar_problem

    if kind == BUCKET:
        if not isinstance(value, str):
            return f"{value!r} is not a string"
        return bucket_name_problem(value)
    request, member = NAME_KINDS[kind]
    model = service_model.model("sagemaker")
    shape = model.shape(model.shape(request).members[member])
    # An empty name passes some shapes' min of 0 but never names a resource.
    if value == "":
        return f"the {kind} name is empty"
    return scalar_problem(shape, value)


def check_name(kind: str, value: Any, *, field: str | None = None) -> None:
    """Raise when ``value`` is not a valid name of ``kind`` (``pipeline``, ``bucket``…).

    Args:
        kind: ``bucket`` or a key of :data:`NAME_KINDS`.
        value: The name from the request.
        field: The request field holding it, for the error's location.

    Raises:
        InvalidRequest: quoting the rule the name breaks.
        KeyError: for an unknown kind (a programming error, not bad input).
    """
    problem = name_problem(kind, value)
    if problem:
        raise InvalidRequest(f"invalid {kind} name: {problem}", field=field, value=value)
