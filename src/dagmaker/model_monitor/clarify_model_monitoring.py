"""Bias drift and feature attribution drift monitors, with SageMaker's Clarify image.

``ModelBiasMonitor.suggest_baseline`` runs a Clarify bias job whose ``analysis.json``
becomes the baseline constraints; ``ModelExplainabilityMonitor`` does the same with
SHAP. Their schedules compare live traffic with that baseline.
"""

from __future__ import annotations

import copy
from typing import Any

from dagmaker._sdk.clarify_model import ModelPredictedLabelConfig
from dagmaker.model_monitor._clarify_monitor import ClarifyChanges, ClarifyModelMonitor
from dagmaker.model_monitor._clarify_parts import (
    BiasAnalysisConfig,
    ClarifyBaseliningConfig,
    ClarifyBaseliningJob,
    ClarifyMonitoringExecution,
    ExplainabilityAnalysisConfig,
)
from dagmaker.model_monitor._job_definitions import JobResources, check_one_input, resources_of

__all__ = [
    "BiasAnalysisConfig",
    "ClarifyBaseliningConfig",
    "ClarifyBaseliningJob",
    "ClarifyModelMonitor",
    "ClarifyMonitoringExecution",
    "ExplainabilityAnalysisConfig",
    "ModelBiasMonitor",
    "ModelExplainabilityMonitor",
]


class _ClarifySchedules(ClarifyModelMonitor):
    """Create and update for both Clarify monitors."""

    NEEDS_GROUND_TRUTH = False

    def _baselined(self, processor: Any, job_name: str, config: ClarifyBaseliningConfig) -> Any:
        self.latest_baselining_job_config = config
        self.latest_baselining_job_name = job_name
        if processor.latest_job is None:
            raise ValueError(
                "suggest_baseline starts a job now; it cannot run under a PipelineSession "
                "(use ClarifyCheckStep in pipelines)"
            )
        self.latest_baselining_job = ClarifyBaseliningJob(processor.latest_job)
        self.baselining_jobs.append(self.latest_baselining_job)
        return processor.latest_job

    def _create(
        self,
        changes: ClarifyChanges,
        monitor_schedule_name: str | None,
        cron: Any,
        start: Any,
        end: Any,
    ) -> None:
        if self.NEEDS_GROUND_TRUTH and not changes.ground_truth_input:
            raise ValueError("ground_truth_input can not be None.")
        self._check_no_schedule()
        check_one_input(changes.endpoint_input, changes.batch_transform_input, creating=True)
        name = self._generate_monitoring_schedule_name(monitor_schedule_name)
        changes.output_s3_uri = self._normalize_monitoring_output(
            name, changes.output_s3_uri
        ).destination
        self._create_schedule(self._definition_request(changes, name), name, cron, start, end)

    def _update(self, changes: ClarifyChanges, given: dict[str, Any], start: Any, end: Any) -> None:
        cron = given.get("schedule_cron_expression")
        if not given:
            raise ValueError("Nothing to update.")
        check_one_input(changes.endpoint_input, changes.batch_transform_input, creating=False)
        if set(given) == {"schedule_cron_expression"}:
            self._update_monitoring_schedule(self.job_definition_name, cron)
            return
        request = self._definition_request(
            changes, self.monitoring_schedule_name, self._existing_definition()
        )
        self._replace_definition(request, cron, start, end, changes.resources)


class ModelBiasMonitor(_ClarifySchedules):
    """Bias drift of a model's predictions, against a Clarify bias baseline."""

    JOB_DEFINITION_BASE_NAME = "model-bias-job-definition"
    API = "model_bias"
    NEEDS_GROUND_TRUTH = True

    @classmethod
    def monitoring_type(cls) -> str:
        """``ModelBias``."""
        return "ModelBias"

    def suggest_baseline(
        self,
        data_config: Any,
        bias_config: Any,
        model_config: Any,
        model_predicted_label_config: Any = None,
        wait: bool = False,
        logs: bool = False,
        job_name: str | None = None,
        kms_key: Any = None,
    ) -> Any:
        """Run a Clarify bias job; its ``analysis.json`` becomes the baseline.

        Returns:
            The processing job.
        """
        processor = self._create_baselining_processor()
        job_name = self._generate_baselining_job_name(job_name)
        processor.run_bias(
            data_config=data_config,
            bias_config=bias_config,
            model_config=model_config,
            model_predicted_label_config=model_predicted_label_config,
            wait=wait,
            logs=logs,
            job_name=job_name,
            kms_key=kms_key,
        )
        config = ClarifyBaseliningConfig(
            analysis_config=BiasAnalysisConfig(
                bias_config, headers=data_config.headers, label=data_config.label
            ),
            features_attribute=data_config.features,
        )
        label_config = model_predicted_label_config
        if label_config is not None:
            config.inference_attribute = _text(label_config.label)
            config.probability_attribute = _text(label_config.probability)
            config.probability_threshold_attribute = label_config.probability_threshold
        return self._baselined(processor, job_name, config)

    def create_monitoring_schedule(  # type: ignore[override]
        self,
        endpoint_input: Any = None,
        ground_truth_input: Any = None,
        analysis_config: Any = None,
        output_s3_uri: Any = None,
        constraints: Any = None,
        monitor_schedule_name: str | None = None,
        schedule_cron_expression: str | None = None,
        enable_cloudwatch_metrics: bool = True,
        batch_transform_input: Any = None,
        data_analysis_start_time: str | None = None,
        data_analysis_end_time: str | None = None,
    ) -> None:
        """Create a bias drift schedule (a job definition, then the schedule)."""
        changes = ClarifyChanges(
            resources_of(self, enable_cloudwatch_metrics),
            endpoint_input,
            batch_transform_input,
            ground_truth_input,
            analysis_config,
            output_s3_uri,
            constraints,
        )
        self._create(
            changes,
            monitor_schedule_name,
            schedule_cron_expression,
            data_analysis_start_time,
            data_analysis_end_time,
        )

    def update_monitoring_schedule(  # type: ignore[override]
        self,
        endpoint_input: Any = None,
        ground_truth_input: Any = None,
        analysis_config: Any = None,
        output_s3_uri: Any = None,
        constraints: Any = None,
        schedule_cron_expression: str | None = None,
        enable_cloudwatch_metrics: Any = None,
        role: Any = None,
        instance_count: Any = None,
        instance_type: Any = None,
        volume_size_in_gb: Any = None,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        max_runtime_in_seconds: Any = None,
        env: dict[str, Any] | None = None,
        network_config: Any = None,
        batch_transform_input: Any = None,
        data_analysis_start_time: str | None = None,
        data_analysis_end_time: str | None = None,
    ) -> None:
        """Change the schedule; anything but its expression goes into a new job definition."""
        given = {k: v for k, v in locals().items() if k != "self" and v is not None}
        resources = JobResources(
            role,
            instance_count,
            instance_type,
            volume_size_in_gb,
            volume_kms_key,
            output_kms_key,
            max_runtime_in_seconds,
            env,
            network_config,
            enable_cloudwatch_metrics,
        )
        changes = ClarifyChanges(
            resources,
            endpoint_input,
            batch_transform_input,
            ground_truth_input,
            analysis_config,
            output_s3_uri,
            constraints,
        )
        self._update(changes, given, data_analysis_start_time, data_analysis_end_time)


class ModelExplainabilityMonitor(_ClarifySchedules):
    """Feature attribution drift, against a Clarify SHAP baseline."""

    JOB_DEFINITION_BASE_NAME = "model-explainability-job-definition"
    API = "model_explainability"

    @classmethod
    def monitoring_type(cls) -> str:
        """``ModelExplainability``."""
        return "ModelExplainability"

    def suggest_baseline(
        self,
        data_config: Any,
        explainability_config: Any,
        model_config: Any,
        model_scores: Any = None,
        wait: bool = False,
        logs: bool = False,
        job_name: str | None = None,
        kms_key: Any = None,
    ) -> Any:
        """Run a Clarify explainability job; its ``analysis.json`` becomes the baseline.

        Returns:
            The processing job.
        """
        processor = self._create_baselining_processor()
        job_name = self._generate_baselining_job_name(job_name)
        processor.run_explainability(
            data_config=data_config,
            model_config=model_config,
            explainability_config=explainability_config,
            model_scores=model_scores,
            wait=wait,
            logs=logs,
            job_name=job_name,
            kms_key=kms_key,
        )
        headers = feature_headers(data_config)
        if isinstance(model_scores, ModelPredictedLabelConfig):
            inference_attribute, label_headers = (
                _text(model_scores.label),
                model_scores.label_headers,
            )
        else:
            inference_attribute, label_headers = _text(model_scores), None
        config = ClarifyBaseliningConfig(
            analysis_config=ExplainabilityAnalysisConfig(
                explainability_config, model_config, headers=headers, label_headers=label_headers
            ),
            features_attribute=data_config.features,
            inference_attribute=inference_attribute,
        )
        return self._baselined(processor, job_name, config)

    def create_monitoring_schedule(  # type: ignore[override]
        self,
        endpoint_input: Any = None,
        analysis_config: Any = None,
        output_s3_uri: Any = None,
        constraints: Any = None,
        monitor_schedule_name: str | None = None,
        schedule_cron_expression: str | None = None,
        enable_cloudwatch_metrics: bool = True,
        batch_transform_input: Any = None,
        data_analysis_start_time: str | None = None,
        data_analysis_end_time: str | None = None,
    ) -> None:
        """Create a feature attribution drift schedule (a job definition, then the schedule)."""
        changes = ClarifyChanges(
            resources_of(self, enable_cloudwatch_metrics),
            endpoint_input,
            batch_transform_input,
            None,
            analysis_config,
            output_s3_uri,
            constraints,
        )
        self._create(
            changes,
            monitor_schedule_name,
            schedule_cron_expression,
            data_analysis_start_time,
            data_analysis_end_time,
        )

    def update_monitoring_schedule(  # type: ignore[override]
        self,
        endpoint_input: Any = None,
        analysis_config: Any = None,
        output_s3_uri: Any = None,
        constraints: Any = None,
        schedule_cron_expression: str | None = None,
        enable_cloudwatch_metrics: Any = None,
        role: Any = None,
        instance_count: Any = None,
        instance_type: Any = None,
        volume_size_in_gb: Any = None,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        max_runtime_in_seconds: Any = None,
        env: dict[str, Any] | None = None,
        network_config: Any = None,
        batch_transform_input: Any = None,
        data_analysis_start_time: str | None = None,
        data_analysis_end_time: str | None = None,
    ) -> None:
        """Change the schedule; anything but its expression goes into a new job definition."""
        given = {k: v for k, v in locals().items() if k != "self" and v is not None}
        resources = JobResources(
            role,
            instance_count,
            instance_type,
            volume_size_in_gb,
            volume_kms_key,
            output_kms_key,
            max_runtime_in_seconds,
            env,
            network_config,
            enable_cloudwatch_metrics,
        )
        changes = ClarifyChanges(
            resources,
            endpoint_input,
            batch_transform_input,
            None,
            analysis_config,
            output_s3_uri,
            constraints,
        )
        self._update(changes, given, data_analysis_start_time, data_analysis_end_time)


def feature_headers(data_config: Any) -> list[str] | None:
    """The dataset's headers without its label column."""
    headers: list[str] | None = copy.deepcopy(data_config.headers)
    if headers and data_config.label in headers:
        headers.remove(data_config.label)
    return headers


def _text(value: Any) -> Any:
    return None if value is None else str(value)
