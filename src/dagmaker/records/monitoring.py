"""Records of Model Monitor: job definitions, schedules, their runs and their metrics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

MONITORING_TYPES = ("DataQuality", "ModelQuality", "ModelBias", "ModelExplainability")
SCHEDULED = "Scheduled"
STOPPED = "Stopped"
PENDING = "Pending"


@dataclass
class JobDefinitionRecord:
    """A monitoring job definition (``Create<Type>JobDefinition``).

    Attributes:
        name: ``JobDefinitionName``.
        monitoring_type: ``DataQuality``, ``ModelQuality``, ``ModelBias`` or
            ``ModelExplainability``.
        arn: ``JobDefinitionArn``.
        request: The create request, without ``Tags``.
        endpoint_name: The monitored endpoint ("" for batch transform input).
        tags: The ``Tags`` it was created with.
    """

    name: str
    monitoring_type: str
    arn: str
    request: dict[str, Any]
    endpoint_name: str = ""
    tags: list[dict[str, Any]] = field(default_factory=list)
    created_at: datetime | None = None


@dataclass
class ScheduleRecord:
    """A monitoring schedule: what was asked of it and what its runner last reported.

    The schedule runs as a long-lived execution (``execution_arn``). Clients change the
    requested side (``config``/``config_version``, ``wanted``, ``run_requests``); the
    schedule's runner turns each change into an event of that execution and reports
    back ``status``, ``applied_version`` and ``last_execution``.

    Attributes:
        config: The current ``MonitoringScheduleConfig``.
        config_version: Increases with every UpdateMonitoringSchedule.
        applied_version: The configuration version the runner works with (reported).
        definition: The job definition the schedule runs: ``{"MonitoringType", "Name",
            "Request"}`` (the request of a named definition, or the inline one).
        wanted: ``Scheduled`` or ``Stopped`` (StartMonitoringSchedule / Stop…).
        run_requests: How many runs were asked for out of schedule (``run-now``).
        status: ``Pending`` until the runner first reports, then ``Scheduled`` or
            ``Stopped`` (reported).
        last_execution: The latest ``MonitoringExecutionSummary`` (reported).
    """

    name: str
    arn: str
    execution_arn: str
    monitoring_type: str
    config: dict[str, Any]
    definition: dict[str, Any]
    config_version: int = 1
    applied_version: int = 0
    wanted: str = SCHEDULED
    run_requests: int = 0
    status: str = PENDING
    endpoint_name: str = ""
    last_execution: dict[str, Any] | None = None
    tags: list[dict[str, Any]] = field(default_factory=list)
    created_at: datetime | None = None
    last_modified_at: datetime | None = None


@dataclass
class MonitoringRunRecord:
    """One execution of a schedule: its ``MonitoringExecutionSummary`` and when it was due.

    Attributes:
        schedule_name: The schedule.
        execution_arn: The schedule's execution (a re-created schedule has a new one).
        job_name: The processing job of the run (also the run's id).
        scheduled_time: The time the run was due.
        status: ``MonitoringExecutionStatus``.
        summary: The whole ``MonitoringExecutionSummary``.
    """

    schedule_name: str
    execution_arn: str
    job_name: str
    scheduled_time: datetime
    status: str
    summary: dict[str, Any]
    created_at: datetime | None = None


@dataclass(frozen=True)
class MetricPoint:
    """One value of one metric emitted by one monitoring run (CloudWatch's data model).

    Attributes:
        schedule_name: The schedule whose run emitted it.
        metric_name: e.g. ``feature_baseline_drift_age`` or ``mae``.
        timestamp: The time the value stands for (the end of the analysed window).
        value: The value, or None for a statistic set.
        statistics: ``SampleCount``, ``Sum``, ``Minimum``, ``Maximum`` for a statistic set.
        namespace: e.g. ``/aws/sagemaker/Endpoints/data-metric``.
        dimensions: Dimension name → value (``Endpoint``, ``MonitoringSchedule``, …).
        endpoint_name: The monitored endpoint ("" for batch transform).
        job_name: The processing job of the run.
    """

    schedule_name: str
    metric_name: str
    timestamp: datetime
    value: float | None = None
    statistics: dict[str, float] | None = None
    namespace: str = ""
    dimensions: dict[str, str] = field(default_factory=dict)
    endpoint_name: str = ""
    job_name: str = ""


def shown_status(record: ScheduleRecord) -> str:
    """``MonitoringScheduleStatus``: ``Pending`` while a change has not taken effect yet."""
    if record.status not in (SCHEDULED, STOPPED):
        return record.status
    if record.applied_version < record.config_version or record.wanted != record.status:
        return PENDING
    return record.status
