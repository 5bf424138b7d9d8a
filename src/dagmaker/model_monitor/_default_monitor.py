"""``DefaultModelMonitor``: data quality baselines and schedules with Model Monitor's analyzer.

Public through :mod:`dagmaker.model_monitor`.
"""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.session_facts import session_region
from dagmaker.image_uris import retrieve
from dagmaker.model_monitor._analyzer_schedules import AnalyzerSchedules, Changes
from dagmaker.model_monitor._job_definitions import (
    JobResources,
    check_one_input,
    resources_of,
)
from dagmaker.model_monitor._monitor_paths import (
    BASELINE_DATASET_INPUT_NAME,
    POST_ANALYTICS_PROCESSOR_SCRIPT_INPUT_NAME,
    RECORD_PREPROCESSOR_SCRIPT_INPUT_NAME,
    generate_env_map,
    input_path,
)
from dagmaker.model_monitor.data_quality_monitoring_config import DataQualityMonitoringConfig
from dagmaker.session import Session

MODEL_MONITOR_FRAMEWORK = "model-monitor"


def analyzer_image(session: Any) -> str:
    """The Model Monitor analyzer image of the session's region."""
    return retrieve(MODEL_MONITOR_FRAMEWORK, session_region(session))


class DefaultModelMonitor(AnalyzerSchedules):
    """Data quality monitoring with SageMaker's Model Monitor analyzer image."""

    JOB_DEFINITION_BASE_NAME = "data-quality-job-definition"
    API = "data_quality"

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
        session = sagemaker_session or Session()
        super().__init__(
            role=role,
            image_uri=analyzer_image(session),
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

    @classmethod
    def monitoring_type(cls) -> str:
        """``DataQuality``."""
        return "DataQuality"

    def suggest_baseline(
        self,
        baseline_dataset: Any,
        dataset_format: dict[str, Any],
        record_preprocessor_script: str | None = None,
        post_analytics_processor_script: str | None = None,
        output_s3_uri: Any = None,
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        monitoring_config_override: DataQualityMonitoringConfig | None = None,
    ) -> Any:
        """Compute statistics and suggest constraints for a baseline dataset.

        Args:
            baseline_dataset: The dataset: an S3 URI or a local path (uploaded).
            dataset_format: Its format, from ``DatasetFormat``.
            record_preprocessor_script: A script whose ``preprocess_handler`` turns each
                record into a row (S3 URI or local path).
            post_analytics_processor_script: A script whose ``postprocess_handler`` runs
                after the analysis.
            output_s3_uri: Where ``statistics.json`` and ``constraints.json`` go (default
                ``s3://<bucket>/model-monitor/baselining/<job>/results``).
            wait: Wait for the job to end.
            logs: Show its log while waiting.
            job_name: The job's name (default ``baseline-suggestion-job-<timestamp>``).
            monitoring_config_override: Overrides of the suggested ``monitoring_config``.

        Returns:
            The processing job.

        Raises:
            ValueError: for an invalid ``monitoring_config_override``.
        """
        if not DataQualityMonitoringConfig.valid_monitoring_config(monitoring_config_override):
            raise ValueError(
                "monitoring_config_override: categorical_drift_method must be ChiSquared or "
                "LInfinity"
            )
        self.latest_baselining_job_name = self._generate_baselining_job_name(job_name)
        dataset = self._upload_and_convert_to_processing_input(
            baseline_dataset,
            input_path(BASELINE_DATASET_INPUT_NAME),
            BASELINE_DATASET_INPUT_NAME,
        )
        assert dataset is not None
        record, record_path = self._script_input(
            record_preprocessor_script, RECORD_PREPROCESSOR_SCRIPT_INPUT_NAME
        )
        post, post_path = self._script_input(
            post_analytics_processor_script, POST_ANALYTICS_PROCESSOR_SCRIPT_INPUT_NAME
        )
        output = self._normalize_baseline_output(output_s3_uri)
        env = generate_env_map(
            self.env,
            dataset_format=dataset_format,
            output_path=output.source,
            enable_cloudwatch_metrics=False,
            dataset_source_container_path=dataset.destination,
            record_preprocessor_script_container_path=record_path,
            post_processor_script_container_path=post_path,
            categorical_drift_method=_drift_method(monitoring_config_override),
        )
        inputs = [item for item in (dataset, record, post) if item is not None]
        return self._run_baselining(env, inputs, output, wait, logs)

    def create_monitoring_schedule(  # type: ignore[override]
        self,
        endpoint_input: Any = None,
        record_preprocessor_script: str | None = None,
        post_analytics_processor_script: str | None = None,
        output_s3_uri: Any = None,
        constraints: Any = None,
        statistics: Any = None,
        monitor_schedule_name: str | None = None,
        schedule_cron_expression: str | None = None,
        enable_cloudwatch_metrics: bool = True,
        batch_transform_input: Any = None,
        data_analysis_start_time: str | None = None,
        data_analysis_end_time: str | None = None,
    ) -> None:
        """Create a data quality schedule (a job definition, then the schedule).

        Without ``statistics`` / ``constraints`` the latest baselining job is named as the
        baseline.

        Raises:
            ValueError: for a monitor that already has a schedule, or not exactly one of
                ``endpoint_input`` / ``batch_transform_input``.
        """
        self._check_no_schedule()
        check_one_input(endpoint_input, batch_transform_input, creating=True)
        schedule_name = self._generate_monitoring_schedule_name(monitor_schedule_name)
        changes = Changes(
            resources_of(self, enable_cloudwatch_metrics),
            endpoint_input,
            batch_transform_input,
            record_preprocessor_script,
            post_analytics_processor_script,
            self._normalize_monitoring_output(schedule_name, output_s3_uri).destination,
            statistics,
            constraints,
        )
        request = self._new_definition(schedule_name, changes)
        self._create_schedule(
            request,
            schedule_name,
            schedule_cron_expression,
            data_analysis_start_time,
            data_analysis_end_time,
        )

    def update_monitoring_schedule(  # type: ignore[override]
        self,
        endpoint_input: Any = None,
        record_preprocessor_script: str | None = None,
        post_analytics_processor_script: str | None = None,
        output_s3_uri: Any = None,
        statistics: Any = None,
        constraints: Any = None,
        schedule_cron_expression: str | None = None,
        instance_count: Any = None,
        instance_type: Any = None,
        volume_size_in_gb: Any = None,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        max_runtime_in_seconds: Any = None,
        env: dict[str, Any] | None = None,
        network_config: Any = None,
        enable_cloudwatch_metrics: Any = None,
        role: Any = None,
        batch_transform_input: Any = None,
        data_analysis_start_time: str | None = None,
        data_analysis_end_time: str | None = None,
    ) -> None:
        """Change the schedule; anything but its expression goes into a new job definition."""
        check_one_input(endpoint_input, batch_transform_input, creating=False)
        given = {k: v for k, v in locals().items() if k != "self" and v is not None}
        if not given:
            return
        if set(given) == {"schedule_cron_expression"}:
            self._update_monitoring_schedule(self.job_definition_name, schedule_cron_expression)
            return
        if schedule_cron_expression is None:
            current = self.describe_schedule().get("MonitoringScheduleConfig") or {}
            schedule_cron_expression = (current.get("ScheduleConfig") or {}).get(
                "ScheduleExpression"
            )
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
        changes = Changes(
            resources,
            endpoint_input,
            batch_transform_input,
            record_preprocessor_script,
            post_analytics_processor_script,
            output_s3_uri,
            statistics,
            constraints,
        )
        self._update_definition(
            changes, schedule_cron_expression, data_analysis_start_time, data_analysis_end_time
        )


def _drift_method(override: DataQualityMonitoringConfig | None) -> Any:
    if override is None or override.distribution_constraints is None:
        return None
    return override.distribution_constraints.categorical_drift_method
