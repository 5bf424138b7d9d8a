"""The analyzer monitors' schedules: what goes into their job definitions.

Shared by ``DefaultModelMonitor`` (data quality) and ``ModelQualityMonitor``: the
analyzer image, pre/post-processing scripts (uploaded), the environment, baseline
files, the endpoint or batch transform input, the output and the job resources; model
quality adds its problem type and ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagmaker.model_monitor._definition_monitor import DefinitionSchedules
from dagmaker.model_monitor._job_definitions import (
    DefinitionDraft,
    JobResources,
    set_monitoring_input,
)
from dagmaker.model_monitor._monitor_base import ModelMonitor
from dagmaker.model_monitor._monitor_paths import generate_env_map


@dataclass
class Changes:
    """What a create or update call asks for (``None``: not given)."""

    resources: JobResources
    endpoint_input: Any = None
    batch_transform_input: Any = None
    record_preprocessor_script: Any = None
    post_analytics_processor_script: Any = None
    output_s3_uri: Any = None
    statistics: Any = None
    constraints: Any = None
    problem_type: Any = None
    ground_truth_input: Any = None


class AnalyzerSchedules(DefinitionSchedules, ModelMonitor):
    """Job definitions for schedules that run the Model Monitor analyzer."""

    STATISTICS_BASELINE = True

    def _update_definition(self, changes: Changes, cron: Any, start: Any, end: Any) -> None:
        """Create a definition from the current one with ``changes``; switch to it."""
        draft = DefinitionDraft(self.monitoring_type(), self._existing_definition())
        self._fill(draft, self.monitoring_schedule_name, changes)
        name = self._generate_job_definition_name()
        request = draft.request(name, self.sagemaker_session, self.tags)
        self._replace_definition(request, cron, start, end, changes.resources)

    def _new_definition(self, schedule_name: str, changes: Changes) -> dict[str, Any]:
        """The request of a schedule's first job definition."""
        draft = DefinitionDraft(self.monitoring_type())
        self._fill(draft, schedule_name, changes)
        if self.latest_baselining_job_name:
            draft.baseline["BaseliningJobName"] = self.latest_baselining_job_name
        name = self._generate_job_definition_name()
        return draft.request(name, self.sagemaker_session, self.tags)

    def _fill(self, draft: DefinitionDraft, schedule_name: str | None, changes: Changes) -> None:
        draft.app["ImageUri"] = self.image_uri
        if changes.problem_type is not None:
            draft.app["ProblemType"] = changes.problem_type
        _set_scripts(self, draft, changes)
        env = generate_env_map(
            changes.resources.env,
            enable_cloudwatch_metrics=changes.resources.enable_cloudwatch_metrics,
        )
        if env:
            draft.app["Environment"] = env
        statistics, constraints = self._get_baseline_files(
            changes.statistics, changes.constraints, self.sagemaker_session
        )
        if constraints is not None:
            draft.baseline["ConstraintsResource"] = {"S3Uri": constraints.file_s3_uri}
        if statistics is not None and self.STATISTICS_BASELINE:
            draft.baseline["StatisticsResource"] = {"S3Uri": statistics.file_s3_uri}
        set_monitoring_input(draft, self, changes.endpoint_input, changes.batch_transform_input)
        if changes.ground_truth_input is not None:
            draft.job_input["GroundTruthS3Input"] = {"S3Uri": changes.ground_truth_input}
        output = (
            self._normalize_monitoring_output(schedule_name, changes.output_s3_uri)
            if changes.output_s3_uri is not None
            else None
        )
        draft.set_output(output, changes.resources.output_kms_key)
        draft.set_resources(changes.resources)


def _set_scripts(monitor: ModelMonitor, draft: DefinitionDraft, changes: Changes) -> None:
    """Upload the pre/post-processing scripts and name them in the app specification."""
    if changes.post_analytics_processor_script is not None:
        uri = monitor._s3_uri_from_local_path(changes.post_analytics_processor_script)
        draft.app["PostAnalyticsProcessorSourceUri"] = uri
    if changes.record_preprocessor_script is not None:
        uri = monitor._s3_uri_from_local_path(changes.record_preprocessor_script)
        draft.app["RecordPreprocessorSourceUri"] = uri
