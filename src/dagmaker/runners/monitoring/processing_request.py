"""The CreateProcessingJob request of one monitoring run.

Model Monitor runs its containers as processing jobs with a fixed contract
(``specs/monitor-formats.md`` §4.3): the captured data of the window as inputs, the
baseline files and scripts as inputs, and an environment that says where everything is
(``dataset_format``, ``dataset_source``, ``output_path``, ``baseline_constraints``,
``baseline_statistics``, ``record_preprocessor_script``,
``post_analytics_processor_script``, ``start_time``, ``end_time``, the endpoint and
schedule names, and for model quality the problem type and attributes). Results go to
``<S3Uri>/<endpoint>/<schedule>/yyyy/mm/dd/hh/`` of the scheduled time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dagmaker.runners.monitoring.baseline import Baseline
from dagmaker.runners.monitoring.job_spec import JobSpec
from dagmaker.runners.monitoring.windows import Window

JSON = Any
CAPTURE_FORMAT = {
    "sagemakerCaptureJson": {"captureIndexNames": ["endpointInput", "endpointOutput"]}
}
PREPROCESSOR_DIR = "/opt/ml/processing/code/preprocessing"
POSTPROCESSOR_DIR = "/opt/ml/processing/code/postprocessing"
CONSTRAINTS_DIR = "/opt/ml/processing/baseline/constraints"
STATISTICS_DIR = "/opt/ml/processing/baseline/stats"
DEFAULT_OUTPUT = "/opt/ml/processing/output"
OUTPUT_NAME = "monitoring_output"
# Model-quality settings of the input, as the analyzer's environment names them.
_MODEL_QUALITY_ATTRIBUTES = {
    "InferenceAttribute": "inference_attribute",
    "ProbabilityAttribute": "probability_attribute",
    "ProbabilityThresholdAttribute": "probability_threshold_attribute",
}


@dataclass(frozen=True)
class RunPlan:
    """One run: its job, schedule, endpoint, scheduled time and window."""

    job_name: str
    schedule: str
    endpoint: str
    scheduled: datetime
    window: Window


def output_uri(spec: JobSpec, plan: RunPlan) -> str:
    """Where the run's results go: ``<S3Uri>/<endpoint>/<schedule>/yyyy/mm/dd/hh``."""
    root = str(spec.outputs[0]["S3Uri"]).rstrip("/")
    parts = [p for p in (plan.endpoint, plan.schedule) if p]
    return "/".join([root, *parts, f"{plan.scheduled.astimezone(UTC):%Y/%m/%d/%H}"])


def generated_uri(spec: JobSpec, plan: RunPlan, part: str) -> str:
    """Where a run keeps an input it made (``merged``, ``clarify``): beside the results."""
    root = str(spec.outputs[0]["S3Uri"]).rstrip("/")
    parts = [p for p in (plan.endpoint, plan.schedule) if p]
    hour = f"{plan.scheduled.astimezone(UTC):%Y/%m/%d/%H}"
    return "/".join([root, part, *parts, hour, plan.job_name])


def processing_request(
    spec: JobSpec,
    plan: RunPlan,
    data_inputs: list[dict[str, JSON]],
    baseline: Baseline,
    capture_prefix: str = "",
) -> dict[str, JSON]:
    """The request: the container, its inputs, one output and the contract environment."""
    output_path = str(spec.outputs[0].get("LocalPath") or DEFAULT_OUTPUT)
    inputs = list(data_inputs)
    env = dict(spec.environment)
    env.setdefault("publish_cloudwatch_metrics", "Enabled")
    env.update(_data_environment(spec, plan, output_path, capture_prefix))
    for key, uri, folder in (
        ("record_preprocessor_script", spec.preprocessor_uri, PREPROCESSOR_DIR),
        ("post_analytics_processor_script", spec.postprocessor_uri, POSTPROCESSOR_DIR),
        ("baseline_constraints", baseline.constraints, CONSTRAINTS_DIR),
        ("baseline_statistics", baseline.statistics, STATISTICS_DIR),
    ):
        if uri:
            inputs.append(_file_input(key, uri, folder))
            env[key] = f"{folder}/{_basename(uri)}"
    if spec.monitoring_type == "ModelQuality":
        env.update(_model_quality_environment(spec))
    return _request(spec, plan, inputs, env, output_path)


def _data_environment(
    spec: JobSpec, plan: RunPlan, output_path: str, capture_prefix: str
) -> dict[str, str]:
    env = {
        "dataset_format": json.dumps(_dataset_format(spec)),
        "dataset_source": str(spec.input.get("LocalPath") or ""),
        "output_path": output_path,
        "sagemaker_monitoring_schedule_name": plan.schedule,
        "start_time": _iso(plan.window.start),
        "end_time": _iso(plan.window.end),
    }
    if plan.endpoint:
        env["sagemaker_endpoint_name"] = plan.endpoint
    if capture_prefix:
        env["sagemaker_endpoint_datacapture_prefix"] = capture_prefix
    return env


def _dataset_format(spec: JobSpec) -> dict[str, JSON]:
    if spec.endpoint_input is not None:
        return CAPTURE_FORMAT
    declared = (spec.batch_input or {}).get("DatasetFormat") or {}
    if "Json" in declared:
        return {"json": {"lines": bool((declared["Json"] or {}).get("Line", False))}}
    if "Parquet" in declared:
        return {"parquet": {}}
    header = bool((declared.get("Csv") or {}).get("Header", False))
    return {"csv": {"header": header, "output_columns_position": "START"}}


def _model_quality_environment(spec: JobSpec) -> dict[str, str]:
    env = {"analysis_type": "MODEL_QUALITY"}
    if spec.problem_type:
        env["problem_type"] = spec.problem_type
    for key, name in _MODEL_QUALITY_ATTRIBUTES.items():
        value = spec.input.get(key)
        if value is not None:
            env[name] = str(value)
    return env


def _request(
    spec: JobSpec, plan: RunPlan, inputs: list[dict[str, JSON]], env: dict[str, str], local: str
) -> dict[str, JSON]:
    app: dict[str, JSON] = {"ImageUri": spec.image}
    if spec.entrypoint:
        app["ContainerEntrypoint"] = spec.entrypoint
    if spec.arguments:
        app["ContainerArguments"] = spec.arguments
    output = {
        "OutputName": OUTPUT_NAME,
        "S3Output": {
            "S3Uri": output_uri(spec, plan),
            "LocalPath": local,
            "S3UploadMode": str(spec.outputs[0].get("S3UploadMode") or "EndOfJob"),
        },
    }
    request: dict[str, JSON] = {
        "ProcessingJobName": plan.job_name,
        "ProcessingInputs": inputs,
        "ProcessingOutputConfig": {"Outputs": [output]},
        "ProcessingResources": {"ClusterConfig": spec.cluster},
        "AppSpecification": app,
        "Environment": env,
        "RoleArn": spec.role,
    }
    if spec.stopping:
        request["StoppingCondition"] = spec.stopping
    if spec.network:
        request["NetworkConfig"] = spec.network
    return request


def _file_input(name: str, uri: str, folder: str) -> dict[str, JSON]:
    return {
        "InputName": name,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": folder,
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
        },
    }


def _basename(uri: str) -> str:
    return uri.rstrip("/").rpartition("/")[2]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
