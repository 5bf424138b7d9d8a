"""The Clarify monitors' shared part: the Clarify image, baselining, job definitions.

Public through :mod:`dagmaker.model_monitor.clarify_model_monitoring`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from dagmaker._sdk.clarify_processor import SageMakerClarifyProcessor
from dagmaker._sdk.s3_upload import s3_path_join, upload_text
from dagmaker._sdk.session_facts import session_region
from dagmaker.image_uris import retrieve
from dagmaker.model_monitor._clarify_parts import (
    ClarifyBaseliningConfig,
    ClarifyMonitoringExecution,
)
from dagmaker.model_monitor._definition_monitor import DefinitionSchedules
from dagmaker.model_monitor._job_definitions import DefinitionDraft, JobResources
from dagmaker.model_monitor._monitor_base import ModelMonitor
from dagmaker.model_monitor._monitor_paths import generate_env_map
from dagmaker.session import Session

_ATTRIBUTES = (
    "features_attribute",
    "inference_attribute",
    "probability_attribute",
    "probability_threshold_attribute",
)


@dataclass
class ClarifyChanges:
    """What a create or update call of a Clarify monitor asks for (``None``: not given)."""

    resources: JobResources
    endpoint_input: Any = None
    batch_transform_input: Any = None
    ground_truth_input: Any = None
    analysis_config: Any = None
    output_s3_uri: Any = None
    constraints: Any = None


class ClarifyModelMonitor(DefinitionSchedules, ModelMonitor):
    """Base of the bias and explainability monitors (not used directly).

    Attributes:
        latest_baselining_job_config: What the latest baselining job tells a new schedule.
    """

    def __init__(
        self,
        role: Any = None,
        instance_count: Any = 1,
        instance_type: Any = "ml.m5.xlarge",
        volume_size_in_gb: Any = 30,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        max_runtime_in_seconds: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        env: dict[str, Any] | None = None,
        tags: Any = None,
        network_config: Any = None,
    ) -> None:
        if type(self) is ClarifyModelMonitor:
            raise TypeError(
                "ClarifyModelMonitor is abstract, please instantiate its subclasses instead."
            )
        session = sagemaker_session or Session()
        super().__init__(
            role=role,
            image_uri=retrieve("clarify", session_region(session)),
            instance_count=instance_count,
            instance_type=instance_type,
            volume_size_in_gb=volume_size_in_gb,
            volume_kms_key=volume_kms_key,
            output_kms_key=output_kms_key,
            max_runtime_in_seconds=max_runtime_in_seconds,
            base_job_name=base_job_name,
            sagemaker_session=session,
            env=env,
            tags=tags,
            network_config=network_config,
        )
        self.latest_baselining_job_config: ClarifyBaseliningConfig | None = None

    def run_baseline(self, *args: Any, **kwargs: Any) -> None:
        """Not available for Clarify monitors: use ``suggest_baseline``.

        Raises:
            TypeError: always.
        """
        raise TypeError(
            "'.run_baseline()' is only allowed for ModelMonitor objects. Please use "
            "suggest_baseline instead."
        )

    def latest_monitoring_statistics(self, *args: Any, **kwargs: Any) -> Any:
        """Clarify monitors write no statistics.

        Raises:
            TypeError: always.
        """
        raise TypeError(f"{type(self).__name__} doesn't support statistics.")

    def list_executions(self) -> list[ClarifyMonitoringExecution]:  # type: ignore[override]
        """The schedule's executions that started a job, oldest first."""
        return [
            ClarifyMonitoringExecution(
                e.sagemaker_session, e.job_name, e.inputs, e.output, e.output_kms_key
            )
            for e in super().list_executions()
        ]

    def _create_baselining_processor(self) -> SageMakerClarifyProcessor:
        """A Clarify processor with this monitor's settings."""
        processor = SageMakerClarifyProcessor(
            role=self.role,
            instance_count=self.instance_count,
            instance_type=self.instance_type,
            volume_size_in_gb=self.volume_size_in_gb,
            volume_kms_key=self.volume_kms_key,
            output_kms_key=self.output_kms_key,
            max_runtime_in_seconds=self.max_runtime_in_seconds,
            sagemaker_session=self.sagemaker_session,
            env=self.env,
            tags=self.tags,
            network_config=self.network_config,
        )
        processor.image_uri = self.image_uri
        processor.base_job_name = self.base_job_name
        return processor

    def _upload_analysis_config(
        self,
        analysis_config: dict[str, Any],
        output_s3_uri: Any,
        job_definition_name: str,
        kms_key: Any,
    ) -> str:
        """Write an analysis config to ``<output>/<name>/<uuid>/analysis_config.json``."""
        desired = s3_path_join(
            str(output_s3_uri), job_definition_name, str(uuid.uuid4()), "analysis_config.json"
        )
        return upload_text(self.sagemaker_session, json.dumps(analysis_config), desired, kms_key)

    def _definition_request(
        self, changes: ClarifyChanges, schedule_name: str | None, existing: Any = None
    ) -> dict[str, Any]:
        """A job definition request for ``changes`` (on top of ``existing``, if given)."""
        draft = DefinitionDraft(self.monitoring_type(), existing)
        name = self._generate_job_definition_name()
        output = None
        if changes.output_s3_uri is not None:
            output = self._normalize_monitoring_output(schedule_name, changes.output_s3_uri)
        draft.set_output(output, changes.resources.output_kms_key)
        draft.app["ConfigUri"] = self._config_uri(draft, changes, name)
        draft.app["ImageUri"] = self.image_uri
        env = generate_env_map(
            changes.resources.env,
            enable_cloudwatch_metrics=changes.resources.enable_cloudwatch_metrics,
        )
        if env:
            draft.app["Environment"] = env
        self._set_baseline(draft, changes.constraints, existing is None)
        self._set_input(draft, changes)
        draft.set_resources(changes.resources)
        return draft.request(name, self.sagemaker_session, self.tags)

    def _config_uri(self, draft: DefinitionDraft, changes: ClarifyChanges, name: str) -> Any:
        config = changes.analysis_config
        if config is None:
            if self.latest_baselining_job_config is not None:
                config = self.latest_baselining_job_config.analysis_config
            elif draft.app.get("ConfigUri"):
                return draft.app["ConfigUri"]
            else:
                raise ValueError(
                    "analysis_config is mandatory: pass one, or call suggest_baseline() first"
                )
        if isinstance(config, str):
            return config
        output = changes.output_s3_uri or _current_output(draft)
        return self._upload_analysis_config(
            config._to_dict(), output, name, changes.resources.output_kms_key
        )

    def _set_baseline(self, draft: DefinitionDraft, constraints: Any, new: bool) -> None:
        if constraints:
            _, found = self._get_baseline_files(None, constraints, self.sagemaker_session)
            draft.baseline["ConstraintsResource"] = {"S3Uri": found.file_s3_uri}
        elif new and self.latest_baselining_job_name:
            draft.baseline["BaseliningJobName"] = self.latest_baselining_job_name

    def _set_input(self, draft: DefinitionDraft, changes: ClarifyChanges) -> None:
        monitoring_input = None
        if changes.endpoint_input is not None:
            monitoring_input = self._normalize_endpoint_input(changes.endpoint_input)
        elif changes.batch_transform_input is not None:
            monitoring_input = changes.batch_transform_input
        if monitoring_input is not None:
            baseline = self.latest_baselining_job_config
            for attribute in _ATTRIBUTES if baseline is not None else ():
                if getattr(monitoring_input, attribute) is None:
                    setattr(monitoring_input, attribute, getattr(baseline, attribute))
            draft.job_input = monitoring_input._to_request_dict()
        if changes.ground_truth_input is not None:
            draft.job_input["GroundTruthS3Input"] = {"S3Uri": changes.ground_truth_input}


def _current_output(draft: DefinitionDraft) -> Any:
    outputs = draft.job_output.get("MonitoringOutputs") or [{}]
    return (outputs[0].get("S3Output") or {}).get("S3Uri")
