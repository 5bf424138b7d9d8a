"""What every monitor does with its schedule once it exists.

A mixin of :class:`~dagmaker.model_monitor.model_monitoring.ModelMonitor`: describe,
start, stop, delete, wait for changes, list executions and read their results. Each
calls the SageMaker client with boto3's method names and request shapes.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

from dagmaker.errors import NotFound
from dagmaker.model_monitor._monitor_jobs import MonitoringExecution
from dagmaker.model_monitor.cron_expression_generator import CronExpressionGenerator

logger = logging.getLogger(__name__)

_PENDING_POLL_SECONDS = 0.5
_PENDING_LIMIT_SECONDS = 180.0


class ScheduleOperations:
    """Operations on ``monitoring_schedule_name`` through ``sagemaker_session``."""

    sagemaker_session: Any
    monitoring_schedule_name: str | None

    @property
    def _client(self) -> Any:
        return self.sagemaker_session.sagemaker_client

    def _schedule_name(self) -> str:
        if not self.monitoring_schedule_name:
            raise ValueError(
                "this monitor has no monitoring schedule yet: call create_monitoring_schedule() "
                "first, or attach() to an existing schedule"
            )
        return self.monitoring_schedule_name

    def describe_schedule(self) -> dict[str, Any]:
        """The ``DescribeMonitoringSchedule`` response of this monitor's schedule."""
        response: dict[str, Any] = self._client.describe_monitoring_schedule(
            MonitoringScheduleName=self._schedule_name()
        )
        return response

    def start_monitoring_schedule(self) -> None:
        """Start (resume) the schedule."""
        self._client.start_monitoring_schedule(MonitoringScheduleName=self._schedule_name())
        self._wait_for_schedule_changes_to_apply()

    def stop_monitoring_schedule(self) -> None:
        """Stop the schedule; no more executions start until it is started again."""
        self._client.stop_monitoring_schedule(MonitoringScheduleName=self._schedule_name())
        self._wait_for_schedule_changes_to_apply()

    def delete_monitoring_schedule(self) -> None:
        """Delete the schedule (a subclass also deletes its job definition)."""
        self._client.delete_monitoring_schedule(MonitoringScheduleName=self._schedule_name())
        if getattr(self, "job_definition_name", None) is not None:
            # The definition can go only once the schedule is gone (or no longer Pending).
            with contextlib.suppress(NotFound):
                self._wait_for_schedule_changes_to_apply()
        self.monitoring_schedule_name = None

    def list_executions(self) -> list[MonitoringExecution]:
        """The schedule's executions that started a job, oldest first.

        ``list_executions()[-1]`` is the latest one.
        """
        response = self._client.list_monitoring_executions(
            MonitoringScheduleName=self._schedule_name(),
            SortBy="ScheduledTime",
            SortOrder="Descending",
            MaxResults=100,
        )
        summaries = response.get("MonitoringExecutionSummaries") or []
        if not summaries:
            logger.warning("no executions found for schedule %s", self.monitoring_schedule_name)
            return []
        executions = [
            MonitoringExecution.from_processing_arn(self.sagemaker_session, s["ProcessingJobArn"])
            for s in summaries
            if s.get("ProcessingJobArn")
        ]
        executions.reverse()
        return executions

    def latest_monitoring_statistics(self, file_name: str = "statistics.json") -> Any:
        """The statistics of the latest execution, or ``None`` when there is none."""
        executions = self.list_executions()
        return executions[-1].statistics(file_name=file_name) if executions else None

    def latest_monitoring_constraint_violations(
        self, file_name: str = "constraint_violations.json"
    ) -> Any:
        """The violations of the latest execution, or ``None`` when there is none."""
        executions = self.list_executions()
        return executions[-1].constraint_violations(file_name=file_name) if executions else None

    def get_latest_execution_logs(self, wait: bool = False) -> None:
        """Print the log of the latest execution's job.

        Raises:
            ValueError: when no execution started a job yet.
        """
        response = self._client.list_monitoring_executions(
            MonitoringScheduleName=self._schedule_name(),
            SortBy="ScheduledTime",
            SortOrder="Descending",
            MaxResults=100,
        )
        summaries = response.get("MonitoringExecutionSummaries") or []
        if not summaries:
            raise ValueError("No execution jobs were kicked off.")
        arn = summaries[0].get("ProcessingJobArn")
        if not arn:
            raise ValueError("Processing Job did not run for the last execution")
        self.sagemaker_session.logs_for_processing_job(arn.rsplit("/", 1)[-1], wait=wait)

    def _wait_for_schedule_changes_to_apply(self) -> None:
        """Wait until the schedule leaves ``Pending``."""
        deadline = time.monotonic() + _PENDING_LIMIT_SECONDS
        while self.describe_schedule().get("MonitoringScheduleStatus") == "Pending":
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"monitoring schedule {self.monitoring_schedule_name!r} stayed Pending "
                    f"for {_PENDING_LIMIT_SECONDS:.0f} s"
                )
            time.sleep(_PENDING_POLL_SECONDS)


def check_cron_validity(
    schedule_cron_expression: Any, data_analysis_start_time: Any, data_analysis_end_time: Any
) -> None:
    """A one-off (``NOW``) schedule needs both ends of its analysis window.

    Raises:
        ValueError: naming the missing argument.
    """
    if schedule_cron_expression != CronExpressionGenerator.now():
        return
    missing = [
        name
        for name, value in (
            ("data_analysis_start_time", data_analysis_start_time),
            ("data_analysis_end_time", data_analysis_end_time),
        )
        if value is None
    ]
    if missing:
        raise ValueError(
            "Both data_analysis_start_time and data_analysis_end_time are required for a "
            f"one-time (NOW) monitoring schedule; {' and '.join(missing)} missing. Give "
            "negative ISO-8601 offsets such as '-PT1H'."
        )


def schedule_config(
    job_definition_name: str,
    monitoring_type: str,
    schedule_cron_expression: Any,
    data_analysis_start_time: Any,
    data_analysis_end_time: Any,
) -> dict[str, Any]:
    """The ``MonitoringScheduleConfig`` of a schedule that runs a job definition."""
    config: dict[str, Any] = {
        "MonitoringJobDefinitionName": job_definition_name,
        "MonitoringType": monitoring_type,
    }
    if schedule_cron_expression is not None:
        schedule: dict[str, Any] = {"ScheduleExpression": schedule_cron_expression}
        if data_analysis_start_time is not None:
            schedule["DataAnalysisStartTime"] = data_analysis_start_time
        if data_analysis_end_time is not None:
            schedule["DataAnalysisEndTime"] = data_analysis_end_time
        config["ScheduleConfig"] = schedule
    return config
