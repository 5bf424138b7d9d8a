"""``ModelQualityMonitor``: model quality baselines and schedules with the analyzer image.

Public through :mod:`dagmaker.model_monitor`.
"""

from __future__ import annotations

from typing import Any

from dagmaker.model_monitor._analyzer_schedules import AnalyzerSchedules, Changes
from dagmaker.model_monitor._default_monitor import analyzer_image
from dagmaker.model_monitor._job_definitions import JobResources, check_one_input, resources_of
from dagmaker.model_monitor._monitor_paths import (
    BASELINE_DATASET_INPUT_NAME,
    POST_ANALYTICS_PROCESSOR_SCRIPT_INPUT_NAME,
    generate_env_map,
    input_path,
)
from dagmaker.model_monitor.cron_expression_generator import CronExpressionGenerator
from dagmaker.session import Session

PROBLEM_TYPES = ("Regression", "BinaryClassification", "MulticlassClassification")


class ModelQualityMonitor(AnalyzerSchedules):
    """Model quality monitoring: predictions against ground truth labels."""

    JOB_DEFINITION_BASE_NAME = "model-quality-job-definition"
    API = "model_quality"
    STATISTICS_BASELINE = False

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
        """``ModelQuality``."""
        return "ModelQuality"

    def suggest_baseline(
        self,
        baseline_dataset: Any,
        dataset_format: dict[str, Any],
        problem_type: Any,
        inference_attribute: Any = None,
        probability_attribute: Any = None,
        ground_truth_attribute: Any = None,
        probability_threshold_attribute: Any = None,
        post_analytics_processor_script: str | None = None,
        output_s3_uri: Any = None,
        wait: bool = False,
        logs: bool = False,
        job_name: str | None = None,
    ) -> Any:
        """Compute model quality metrics of a dataset holding predictions and labels.

        Args:
            baseline_dataset: The dataset: an S3 URI or a local path (uploaded).
            dataset_format: Its format, from ``DatasetFormat``.
            problem_type: ``Regression``, ``BinaryClassification`` or
                ``MulticlassClassification``.
            inference_attribute: Column (name or index) of the prediction.
            probability_attribute: Column of the predicted probability.
            ground_truth_attribute: Column of the label.
            probability_threshold_attribute: Threshold turning probabilities into labels.
            post_analytics_processor_script: A script run after the analysis.
            output_s3_uri: Where ``statistics.json`` and ``constraints.json`` go.
            wait: Wait for the job to end.
            logs: Show its log while waiting.
            job_name: The job's name (default ``baseline-suggestion-job-<timestamp>``).

        Returns:
            The processing job.
        """
        _check_problem_type(problem_type)
        self.latest_baselining_job_name = self._generate_baselining_job_name(job_name)
        dataset = self._upload_and_convert_to_processing_input(
            baseline_dataset,
            input_path(BASELINE_DATASET_INPUT_NAME),
            BASELINE_DATASET_INPUT_NAME,
        )
        assert dataset is not None
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
            post_processor_script_container_path=post_path,
            analysis_type="MODEL_QUALITY",
            problem_type=problem_type,
            inference_attribute=inference_attribute,
            probability_attribute=probability_attribute,
            ground_truth_attribute=ground_truth_attribute,
            probability_threshold_attribute=probability_threshold_attribute,
        )
        inputs = [item for item in (dataset, post) if item is not None]
        return self._run_baselining(env, inputs, output, wait, logs)

    def create_monitoring_schedule(  # type: ignore[override]
        self,
        endpoint_input: Any = None,
        ground_truth_input: Any = None,
        problem_type: Any = None,
        record_preprocessor_script: str | None = None,
        post_analytics_processor_script: str | None = None,
        output_s3_uri: Any = None,
        constraints: Any = None,
        monitor_schedule_name: str | None = None,
        schedule_cron_expression: str | None = None,
        enable_cloudwatch_metrics: bool = True,
        batch_transform_input: Any = None,
        data_analysis_start_time: str | None = None,
        data_analysis_end_time: str | None = None,
    ) -> None:
        """Create a model quality schedule (a job definition, then the schedule).

        Raises:
            ValueError: without ``ground_truth_input`` or ``problem_type``, for a monitor
                that already has a schedule, or not exactly one of ``endpoint_input`` /
                ``batch_transform_input``.
        """
        if not ground_truth_input:
            raise ValueError("ground_truth_input can not be None.")
        if not problem_type:
            raise ValueError("problem_type can not be None.")
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
            constraints=constraints,
            problem_type=problem_type,
            ground_truth_input=ground_truth_input,
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
        ground_truth_input: Any = None,
        problem_type: Any = None,
        record_preprocessor_script: str | None = None,
        post_analytics_processor_script: str | None = None,
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
        if not given:
            return
        if set(given) == {"schedule_cron_expression"} and (
            schedule_cron_expression != CronExpressionGenerator.now()
        ):
            self._update_monitoring_schedule(self.job_definition_name, schedule_cron_expression)
            return
        check_one_input(endpoint_input, batch_transform_input, creating=False)
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
            constraints=constraints,
            problem_type=problem_type,
            ground_truth_input=ground_truth_input,
        )
        self._update_definition(
            changes, schedule_cron_expression, data_analysis_start_time, data_analysis_end_time
        )


def _check_problem_type(problem_type: Any) -> None:
    if isinstance(problem_type, str) and problem_type not in PROBLEM_TYPES:
        raise ValueError(f"problem_type {problem_type!r} is not one of {', '.join(PROBLEM_TYPES)}")
