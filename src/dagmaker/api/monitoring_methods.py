"""Model Monitor methods of the local client (boto3 names and shapes).

Schedules (``create/describe/list/update/start/stop/delete_monitoring_schedule``), their
runs (``list_monitoring_executions``; each run's job through
``describe_processing_job``) and the job definitions they run. Two dagmaker extensions:
``run_monitoring_schedule_now`` (a run out of turn, over the schedule's period before
now) and ``list_monitoring_metrics`` (the metrics the runs emitted, over time).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from dagmaker.api.listing import page, timestamps
from dagmaker.api.monitoring_definitions import JobDefinitionMethods
from dagmaker.api.services import Services
from dagmaker.errors import Conflict, InvalidRequest

if TYPE_CHECKING:
    from dagmaker.records.monitoring import MetricPoint, MonitoringRunRecord

JSON = Any
_SCHEDULE_SORT = {"Name": "MonitoringScheduleName", "Status": "MonitoringScheduleStatus"}
_RUN_SORT = {"ScheduledTime": "ScheduledTime", "Status": "MonitoringExecutionStatus"}


class MonitoringMethods(JobDefinitionMethods):
    """Mixed into the client: monitoring schedules, their runs and their metrics."""

    services: Services

    def create_monitoring_schedule(
        self,
        MonitoringScheduleName: str,
        MonitoringScheduleConfig: dict[str, Any],
        Tags: list[dict[str, Any]] | None = None,
        **_: Any,
    ) -> dict[str, JSON]:
        """CreateMonitoringSchedule: the schedule starts at once (status Pending, then Scheduled).

        Raises:
            InvalidRequest: naming the field the service refuses.
            NotFound: when the named job definition does not exist.
            Conflict: when a schedule of that name exists.
        """
        from dagmaker.api import monitoring_schedules as schedules

        record = schedules.create(
            self.services, MonitoringScheduleName, MonitoringScheduleConfig, Tags or []
        )
        return {"MonitoringScheduleArn": record.arn}

    def describe_monitoring_schedule(
        self, MonitoringScheduleName: str, **_: Any
    ) -> dict[str, JSON]:
        """DescribeMonitoringSchedule, with ``LastMonitoringExecutionSummary``."""
        from dagmaker.api import monitoring_schedules as schedules

        return schedules.describe(self.services, MonitoringScheduleName)

    def list_monitoring_schedules(self, **kwargs: Any) -> dict[str, JSON]:
        """ListMonitoringSchedules: filters, ``SortBy`` (CreationTime), ``SortOrder``, paging."""
        from dagmaker.api import monitoring_schedules as schedules
        from dagmaker.api.monitoring_filters import within

        entries = [
            schedules.summary(self.services, r)
            for r in self.services.schedules.list()
            if _schedule_matches(r.name, r.endpoint_name, r.monitoring_type, r.config, kwargs)
        ]
        entries = [
            e
            for e in entries
            if (
                not kwargs.get("StatusEquals")
                or e["MonitoringScheduleStatus"] == kwargs["StatusEquals"]
            )
            and within(
                e["CreationTime"], kwargs.get("CreationTimeAfter"), kwargs.get("CreationTimeBefore")
            )
            and within(
                e["LastModifiedTime"],
                kwargs.get("LastModifiedTimeAfter"),
                kwargs.get("LastModifiedTimeBefore"),
            )
        ]
        _sort(entries, _SCHEDULE_SORT.get(str(kwargs.get("SortBy")), "CreationTime"), kwargs)
        return _paged("MonitoringScheduleSummaries", entries, kwargs)

    def update_monitoring_schedule(
        self, MonitoringScheduleName: str, MonitoringScheduleConfig: dict[str, Any], **_: Any
    ) -> dict[str, JSON]:
        """UpdateMonitoringSchedule: the new configuration applies from the next run on."""
        from dagmaker.api import monitoring_schedules as schedules

        record = schedules.update(self.services, MonitoringScheduleName, MonitoringScheduleConfig)
        return {"MonitoringScheduleArn": record.arn}

    def start_monitoring_schedule(self, MonitoringScheduleName: str, **_: Any) -> dict[str, JSON]:
        """StartMonitoringSchedule: runs resume from the next run time."""
        from dagmaker.records.monitoring import SCHEDULED

        self.services.schedules.set_wanted(MonitoringScheduleName, SCHEDULED)
        return {}

    def stop_monitoring_schedule(self, MonitoringScheduleName: str, **_: Any) -> dict[str, JSON]:
        """StopMonitoringSchedule: no more scheduled runs (a run in progress finishes)."""
        from dagmaker.records.monitoring import STOPPED

        self.services.schedules.set_wanted(MonitoringScheduleName, STOPPED)
        return {}

    def delete_monitoring_schedule(self, MonitoringScheduleName: str, **_: Any) -> dict[str, JSON]:
        """DeleteMonitoringSchedule: a run in progress is stopped."""
        from dagmaker.api import monitoring_schedules as schedules

        schedules.delete(self.services, MonitoringScheduleName)
        return {}

    def list_monitoring_executions(self, **kwargs: Any) -> dict[str, JSON]:
        """ListMonitoringExecutions: runs of the schedules, filtered, sorted and paged.

        Sorted by ``CreationTime`` (or ``ScheduledTime``, ``Status``), newest first unless
        ``SortOrder=Ascending``.
        """
        current = {r.execution_arn: r for r in self.services.schedules.list()}
        name = kwargs.get("MonitoringScheduleName")
        if name:
            record = self.services.schedules.get(str(name))
            runs = self.services.schedules.runs(record.execution_arn)
        else:
            runs = [r for r in self.services.schedules.runs() if r.execution_arn in current]
        summaries = [timestamps(r.summary) for r in runs if _run_matches(r, kwargs)]
        _sort(summaries, _RUN_SORT.get(str(kwargs.get("SortBy")), "CreationTime"), kwargs)
        return _paged("MonitoringExecutionSummaries", summaries, kwargs)

    # -- dagmaker extensions --------------------------------------------------------------

    def run_monitoring_schedule_now(self, MonitoringScheduleName: str, **_: Any) -> dict[str, JSON]:
        """Start a run now, out of turn, over the schedule's period before now.

        A dagmaker extension (``dagmaker monitoring run-now``). Works on a stopped
        schedule too. Returns ``{"MonitoringScheduleArn", "RunRequest"}``: the run
        appears in ``list_monitoring_executions`` once its schedule's engine starts it.

        Raises:
            Conflict: when the schedule's execution has ended (it failed).
        """
        record = self.services.schedules.get(MonitoringScheduleName)
        if self.services.executions.status(record.execution_arn).terminal:
            raise Conflict(
                f"monitoring schedule {record.name!r} is not running (its execution ended); "
                "delete it and create it again",
                field="MonitoringScheduleName",
                value=record.name,
            )
        number = self.services.schedules.request_run(record.name)
        return {"MonitoringScheduleArn": record.arn, "RunRequest": number}

    def list_monitoring_metrics(self, **kwargs: Any) -> dict[str, JSON]:
        """The metrics monitoring runs emitted, oldest first; a dagmaker extension.

        Filters: ``MonitoringScheduleName``, ``MetricName``, ``StartTime`` (inclusive),
        ``EndTime`` (exclusive); ``Latest=True`` gives only the newest point of each
        series. Each entry has ``MonitoringScheduleName``, ``Namespace``, ``MetricName``,
        ``Dimensions``, ``Timestamp``, ``Value`` or ``StatisticValues`` and
        ``ProcessingJobName``.
        """
        schedule = kwargs.get("MonitoringScheduleName")
        if schedule:
            self.services.schedules.get(str(schedule))
        if kwargs.get("Latest"):
            points = self.services.metrics.latest(schedule or None)
            metric = kwargs.get("MetricName")
            points = [p for p in points if not metric or p.metric_name == metric]
        else:
            points = self.services.metrics.query(
                schedule=schedule or None,
                metric=kwargs.get("MetricName") or None,
                start=_time_or_none(kwargs.get("StartTime")),
                end=_time_or_none(kwargs.get("EndTime")),
                limit=_limit(kwargs.get("MaxResults")),
            )
        return {"Metrics": [_metric(p) for p in points]}


def _schedule_matches(
    name: str, endpoint: str, kind: str, config: dict[str, JSON], kwargs: dict[str, Any]
) -> bool:
    part = str(kwargs.get("NameContains") or "").lower()
    wanted_endpoint = kwargs.get("EndpointName")
    definition = kwargs.get("MonitoringJobDefinitionName")
    wanted_kind = kwargs.get("MonitoringTypeEquals")
    return (
        part in name.lower()
        and (not wanted_endpoint or endpoint == wanted_endpoint)
        and (not definition or config.get("MonitoringJobDefinitionName") == definition)
        and (not wanted_kind or kind == wanted_kind)
    )


def _run_matches(run: MonitoringRunRecord, kwargs: dict[str, Any]) -> bool:
    from dagmaker.api.monitoring_filters import as_time, within

    summary = run.summary
    checks = (
        ("EndpointName", "EndpointName"),
        ("StatusEquals", "MonitoringExecutionStatus"),
        ("MonitoringJobDefinitionName", "MonitoringJobDefinitionName"),
        ("MonitoringTypeEquals", "MonitoringType"),
    )
    if any(kwargs.get(k) and summary.get(field) != kwargs[k] for k, field in checks):
        return False
    times = {
        "ScheduledTime": run.scheduled_time,
        "CreationTime": as_time(summary["CreationTime"]),
        "LastModifiedTime": as_time(summary["LastModifiedTime"]),
    }
    return all(
        within(moment, kwargs.get(f"{key}After"), kwargs.get(f"{key}Before"))
        for key, moment in times.items()
    )


def _sort(entries: list[dict[str, JSON]], key: str, kwargs: dict[str, Any]) -> None:
    from dagmaker.api.monitoring_filters import EPOCH

    def value(entry: dict[str, JSON]) -> Any:
        item = entry.get(key)
        if isinstance(item, datetime):
            return (item, entry.get("CreationTime") or EPOCH)
        return (str(item or ""), entry.get("CreationTime") or EPOCH)

    entries.sort(key=value, reverse=kwargs.get("SortOrder", "Descending") != "Ascending")


def _paged(key: str, entries: list[dict[str, JSON]], kwargs: dict[str, Any]) -> dict[str, JSON]:
    listed, token = page(entries, kwargs.get("MaxResults"), kwargs.get("NextToken"))
    result: dict[str, JSON] = {key: listed}
    if token:
        result["NextToken"] = token
    return result


def _time_or_none(value: Any) -> datetime | None:
    from dagmaker.api.monitoring_filters import as_time

    return None if value in (None, "") else as_time(value)


def _limit(value: Any) -> int:
    if value in (None, ""):
        return 10_000
    try:
        limit = int(value)
    except (TypeError, ValueError):
        raise InvalidRequest(
            "MaxResults must be a number", field="MaxResults", value=value
        ) from None
    if limit < 1:
        raise InvalidRequest("MaxResults must be at least 1", field="MaxResults", value=value)
    return limit


def _metric(point: MetricPoint) -> dict[str, JSON]:
    entry: dict[str, JSON] = {
        "MonitoringScheduleName": point.schedule_name,
        "Namespace": point.namespace,
        "MetricName": point.metric_name,
        "Dimensions": [{"Name": k, "Value": v} for k, v in sorted(point.dimensions.items())],
        "Timestamp": point.timestamp,
        "ProcessingJobName": point.job_name,
    }
    if point.statistics is not None:
        entry["StatisticValues"] = point.statistics
    else:
        entry["Value"] = point.value
    return entry
