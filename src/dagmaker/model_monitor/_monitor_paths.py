"""Where a monitor's jobs read and write: container paths, S3 locations, uploads.

A mixin of :class:`~dagmaker.model_monitor.model_monitoring.ModelMonitor`. S3 locations
follow SageMaker's SDK: ``s3://<bucket>/model-monitor/baselining/<job>/...`` for
baselining jobs and ``s3://<bucket>/model-monitor/monitoring/<schedule>/...`` for
schedules. Local files are uploaded there.
"""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar
from urllib.parse import urlparse

from dagmaker._sdk.job_names import name_from_base
from dagmaker._sdk.processing_io import ProcessingInput, ProcessingOutput
from dagmaker._sdk.s3_upload import s3_path_join, upload_path
from dagmaker._sdk.session_facts import default_bucket, default_prefix
from dagmaker.model_monitor._monitor_io import EndpointInput, MonitoringOutput

CONTAINER_BASE_PATH = "/opt/ml/processing"
CONTAINER_OUTPUT_PATH = str(PurePosixPath(CONTAINER_BASE_PATH, "output"))
ENDPOINT_INPUT_PATH = str(PurePosixPath(CONTAINER_BASE_PATH, "input", "endpoint"))
BASELINE_DATASET_INPUT_NAME = "baseline_dataset_input"
RECORD_PREPROCESSOR_SCRIPT_INPUT_NAME = "record_preprocessor_script_input"
POST_ANALYTICS_PROCESSOR_SCRIPT_INPUT_NAME = "post_analytics_processor_script_input"
DEFAULT_OUTPUT_NAME = "monitoring_output"
MODEL_MONITOR_S3_PATH = "model-monitor"
SUGGESTION_JOB_BASE_NAME = "baseline-suggestion-job"
MONITORING_SCHEDULE_BASE_NAME = "monitoring-schedule"

# Container environment variable of each first-class setting (see _generate_env_map).
_ENV_NAMES = (
    ("output_path", "output_path"),
    ("dataset_format", "dataset_format"),
    ("record_preprocessor_script_container_path", "record_preprocessor_script"),
    ("post_processor_script_container_path", "post_analytics_processor_script"),
    ("dataset_source_container_path", "dataset_source"),
    ("analysis_type", "analysis_type"),
    ("problem_type", "problem_type"),
    ("inference_attribute", "inference_attribute"),
    ("probability_attribute", "probability_attribute"),
    ("ground_truth_attribute", "ground_truth_attribute"),
    ("probability_threshold_attribute", "probability_threshold_attribute"),
    ("categorical_drift_method", "categorical_drift_method"),
)


def input_path(name: str) -> str:
    """``/opt/ml/processing/input/<name>``."""
    return str(PurePosixPath(CONTAINER_BASE_PATH, "input", name))


def is_s3(uri: Any) -> bool:
    """Whether ``uri`` is an ``s3://`` URI."""
    return urlparse(str(uri)).scheme == "s3"


def generate_env_map(env: dict[str, Any] | None, **settings: Any) -> dict[str, Any]:
    """A copy of ``env`` with the analyzer's environment variables for ``settings``.

    Args:
        env: The user's own environment variables.
        **settings: ``output_path``, ``enable_cloudwatch_metrics``, ``dataset_format``
            (a dict, written as JSON), container paths of the scripts and the dataset,
            and the model quality and drift settings; ``None`` values are left out.
    """
    result = copy.deepcopy(env) if env is not None else {}
    for key, name in _ENV_NAMES[:1]:
        if settings.get(key) is not None:
            result[name] = settings[key]
    metrics = settings.get("enable_cloudwatch_metrics")
    if metrics is not None:
        result["publish_cloudwatch_metrics"] = "Enabled" if metrics else "Disabled"
    for key, name in _ENV_NAMES[1:]:
        value = settings.get(key)
        if value is not None:
            result[name] = json.dumps(value) if key == "dataset_format" else value
    return result


class MonitorPaths:
    """Names, paths and uploads of a monitor's jobs and schedules."""

    JOB_DEFINITION_BASE_NAME: ClassVar[str] = ""
    sagemaker_session: Any
    base_job_name: str | None
    latest_baselining_job_name: str | None
    monitoring_schedule_name: str | None

    def _generate_baselining_job_name(self, job_name: str | None = None) -> str:
        """``job_name``, or ``<base_job_name or baseline-suggestion-job>-<timestamp>``."""
        if job_name is not None:
            return job_name
        return name_from_base(self.base_job_name or SUGGESTION_JOB_BASE_NAME)

    def _generate_monitoring_schedule_name(self, schedule_name: str | None = None) -> str:
        """``schedule_name``, or ``<base_job_name or monitoring-schedule>-<timestamp>``."""
        if schedule_name is not None:
            return schedule_name
        return name_from_base(self.base_job_name or MONITORING_SCHEDULE_BASE_NAME)

    def _generate_job_definition_name(self) -> str:
        """``<base_job_name or the type's default>-<timestamp>``."""
        return name_from_base(self.base_job_name or self.JOB_DEFINITION_BASE_NAME)

    def _s3_location(self, *parts: Any) -> str:
        session = self.sagemaker_session
        return s3_path_join(
            "s3://", default_bucket(session), default_prefix(session), *[str(p) for p in parts if p]
        )

    def _upload_and_convert_to_processing_input(
        self, source: Any, destination: str, name: str
    ) -> ProcessingInput | None:
        """An input for ``source``, uploading it first when it is a local path."""
        if source is None:
            return None
        if not is_s3(source):
            desired = self._s3_location(
                MODEL_MONITOR_S3_PATH,
                "baselining",
                self.latest_baselining_job_name,
                "input",
                name,
            )
            _upload(self.sagemaker_session, source, desired)
            source = desired
        return ProcessingInput(source=source, destination=destination, input_name=name)

    def _normalize_baseline_output(self, output_s3_uri: Any = None) -> ProcessingOutput:
        """The baselining job's output, by default under ``.../baselining/<job>/results``."""
        destination = output_s3_uri or self._s3_location(
            MODEL_MONITOR_S3_PATH, "baselining", self.latest_baselining_job_name, "results"
        )
        return ProcessingOutput(
            source=CONTAINER_OUTPUT_PATH, destination=destination, output_name=DEFAULT_OUTPUT_NAME
        )

    def _normalize_monitoring_output(
        self, monitoring_schedule_name: str | None, output_s3_uri: Any = None
    ) -> MonitoringOutput:
        """The schedule's output, by default under ``.../monitoring/<schedule>/results``."""
        destination = output_s3_uri or self._s3_location(
            MODEL_MONITOR_S3_PATH, "monitoring", monitoring_schedule_name, "results"
        )
        return MonitoringOutput(source=CONTAINER_OUTPUT_PATH, destination=destination)

    def _normalize_monitoring_output_fields(self, output: MonitoringOutput) -> MonitoringOutput:
        """``output`` with a default destination (``<schedule>/output``) when it has none."""
        if output.destination is None:
            output.destination = self._s3_location(self.monitoring_schedule_name, "output")
        return output

    def _normalize_endpoint_input(self, endpoint_input: Any) -> EndpointInput:
        """An ``EndpointInput`` for an endpoint name (or the given input itself)."""
        if isinstance(endpoint_input, str):
            return EndpointInput(endpoint_name=endpoint_input, destination=ENDPOINT_INPUT_PATH)
        if not isinstance(endpoint_input, EndpointInput):
            raise TypeError(
                f"endpoint_input must be an endpoint name or an EndpointInput, got "
                f"{endpoint_input!r}"
            )
        return endpoint_input

    def _s3_uri_from_local_path(self, path: Any) -> Any:
        """``path`` itself when it is in S3; else its URI after uploading it."""
        if is_s3(path):
            return path
        desired = self._s3_location(
            MODEL_MONITOR_S3_PATH,
            "monitoring",
            self.monitoring_schedule_name,
            "input",
            str(uuid.uuid4()),
        )
        _upload(self.sagemaker_session, path, desired)
        return s3_path_join(desired, Path(str(path)).name)

    def _script_input(self, script: Any, name: str) -> tuple[ProcessingInput | None, str | None]:
        """The input of a pre/post-processing script and its path in the container."""
        script_input = self._upload_and_convert_to_processing_input(script, input_path(name), name)
        if script_input is None:
            return None, None
        return script_input, str(PurePosixPath(input_path(name), PurePosixPath(script).name))


def _upload(session: Any, source: Any, desired: str) -> None:
    local = str(source)
    if not Path(local).exists():
        raise ValueError(
            f"{local!r} is neither an s3:// URI nor an existing local file or directory"
        )
    upload_path(session, local, desired)
