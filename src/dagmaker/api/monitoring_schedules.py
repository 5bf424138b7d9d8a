"""Monitoring schedules: created as long-lived executions, changed through requests.

A schedule is an execution of kind ``schedule`` of a one-step definition (a
``MonitoringSchedule`` step), claimed, heart-beaten and resumed like every execution;
the process that creates it drives it at once, the background worker once that process
has gone. Changes (update, stop, start, run now) are written to the schedule's requested
side; its runner turns them into events of the execution. Deleting a schedule stops its
execution.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker._lib import naming
from dagmaker.api.listing import timestamps
from dagmaker.api.ownership import owner_id
from dagmaker.api.request_shapes import check_shape
from dagmaker.api.services import Services
from dagmaker.api.tag_methods import tag_resource
from dagmaker.records.monitoring import ScheduleRecord, shown_status
from dagmaker.records.records import ExecutionRecord
from dagmaker.records.statuses import ExecutionStatus

JSON = Any
STEP_TYPE = "MonitoringSchedule"


def schedule_arn(name: str) -> str:
    """The ARN of a monitoring schedule."""
    return naming.arn(f"monitoring-schedule/{name}")


def create(
    services: Services, name: str, config: dict[str, JSON], tags: list[dict[str, JSON]]
) -> ScheduleRecord:
    """Create the schedule and start driving it (in this process, then in the worker).

    Raises:
        InvalidRequest: for a request the service refuses (naming the field).
        NotFound: when the named job definition does not exist.
        Conflict: when a schedule with that name exists.
    """
    from dagmaker.api.driving import local_driving

    record = register(services, name, config, tags)
    local_driving(services).submit(record.execution_arn)
    return record


def register(
    services: Services,
    name: str,
    config: dict[str, JSON],
    tags: list[dict[str, JSON]],
    created: datetime | None = None,
) -> ScheduleRecord:
    """Record the schedule and the execution it runs as, for some process to drive.

    ``created`` is its CreationTime (now unless given): runs are due after it.

    Raises:
        InvalidRequest: for a request the service refuses (naming the field).
        NotFound: when the named job definition does not exist.
        Conflict: when a schedule with that name exists.
    """
    from dagmaker.api.monitoring_checks import check_choice, check_schedule

    check_choice(config)
    check_shape(
        "CreateMonitoringScheduleRequest",
        {"MonitoringScheduleName": name, "MonitoringScheduleConfig": config, "Tags": tags},
    )
    definition = resolve_definition(services, config)
    check_schedule(config)
    created = created or datetime.now(UTC)
    execution_id = naming.random_id(12)
    record = ScheduleRecord(
        name=name,
        arn=schedule_arn(name),
        execution_arn=f"{schedule_arn(name)}/execution/{execution_id}",
        monitoring_type=str(definition["MonitoringType"] or config.get("MonitoringType") or ""),
        config=config,
        definition=definition,
        endpoint_name=endpoint_of(definition),
        tags=list(tags),
        created_at=created,
    )
    services.schedules.create(record)
    if record.tags:
        tag_resource(services, record.arn, record.tags)
    try:
        services.executions.create(_execution(record, execution_id))
    except Exception:
        services.schedules.delete(name)
        raise
    return record


def _execution(record: ScheduleRecord, execution_id: str) -> ExecutionRecord:
    arguments = {
        "MonitoringScheduleName": record.name,
        "MonitoringScheduleArn": record.arn,
        "CreationTime": (record.created_at or datetime.now(UTC)).isoformat(),
        "EndpointName": record.endpoint_name,
        "MonitoringScheduleConfig": record.config,
        "JobDefinition": record.definition,
    }
    return ExecutionRecord(
        arn=record.execution_arn,
        execution_id=execution_id,
        pipeline_name="",
        pipeline_arn="",
        definition={
            "Version": "2020-12-01",
            "Parameters": [],
            "Steps": [{"Name": record.name, "Type": STEP_TYPE, "Arguments": arguments}],
        },
        parameters={},
        created_at=record.created_at,
        owner=owner_id(),
        kind="schedule",
    )


def resolve_definition(services: Services, config: dict[str, JSON]) -> dict[str, JSON]:
    """The job definition a configuration runs, as the schedule keeps it.

    Raises:
        InvalidRequest: for an inline definition that cannot run.
        NotFound: when the named definition (of the given type) does not exist.
    """
    from dagmaker.api.monitoring_checks import check_definition
    from dagmaker.api.monitoring_definitions import snapshot

    inline = config.get("MonitoringJobDefinition")
    named = config.get("MonitoringJobDefinitionName")
    if named is not None:
        kind = config.get("MonitoringType")
        return snapshot(services.job_definitions.get(str(named), kind))
    definition = {"MonitoringType": "", "Name": "", "Request": inline}
    check_definition(definition)
    return definition


def endpoint_of(definition: dict[str, JSON]) -> str:
    """The endpoint a definition monitors ("" for batch transform capture)."""
    request = definition.get("Request") or {}
    kind = definition.get("MonitoringType")
    if kind:
        job_input = request.get(f"{kind}JobInput") or {}
    else:
        job_input = (request.get("MonitoringInputs") or [{}])[0]
    return str((job_input.get("EndpointInput") or {}).get("EndpointName") or "")


def update(services: Services, name: str, config: dict[str, JSON]) -> ScheduleRecord:
    """Replace the schedule's configuration (it applies from the next run on).

    Raises:
        InvalidRequest: for a configuration the service refuses.
        NotFound: when the schedule or the named definition does not exist.
    """
    from dagmaker.api.monitoring_checks import check_choice, check_schedule

    check_choice(config)
    check_shape(
        "UpdateMonitoringScheduleRequest",
        {"MonitoringScheduleName": name, "MonitoringScheduleConfig": config},
    )
    record = services.schedules.get(name)
    definition = resolve_definition(services, config)
    check_schedule(config)
    services.schedules.update_config(record.name, config, definition)
    return record


def delete(services: Services, name: str) -> ScheduleRecord:
    """Delete the schedule and stop its execution (a run in progress is stopped).

    Raises:
        NotFound: when the schedule does not exist.
    """
    from dagmaker.api.executions import request_stop

    record = services.schedules.delete(name)
    if not services.executions.status(record.execution_arn).terminal:
        request_stop(services, record.execution_arn, by="DeleteMonitoringSchedule")
    return record


def describe(services: Services, name: str) -> dict[str, JSON]:
    """DescribeMonitoringSchedule.

    Raises:
        NotFound: when the schedule does not exist.
    """
    record = services.schedules.get(name)
    status, reason = _status(services, record)
    document: dict[str, JSON] = {
        "MonitoringScheduleArn": record.arn,
        "MonitoringScheduleName": record.name,
        "MonitoringScheduleStatus": status,
        "MonitoringType": record.monitoring_type or None,
        "FailureReason": reason or None,
        "CreationTime": record.created_at,
        "LastModifiedTime": record.last_modified_at,
        "MonitoringScheduleConfig": record.config,
        "EndpointName": record.endpoint_name or None,
        "LastMonitoringExecutionSummary": record.last_execution,
    }
    described: dict[str, JSON] = timestamps({k: v for k, v in document.items() if v is not None})
    return described


def summary(services: Services, record: ScheduleRecord) -> dict[str, JSON]:
    """The schedule's entry in ListMonitoringSchedules."""
    status, _ = _status(services, record)
    entry = {
        "MonitoringScheduleName": record.name,
        "MonitoringScheduleArn": record.arn,
        "CreationTime": record.created_at,
        "LastModifiedTime": record.last_modified_at,
        "MonitoringScheduleStatus": status,
        "EndpointName": record.endpoint_name or None,
        "MonitoringJobDefinitionName": record.config.get("MonitoringJobDefinitionName"),
        "MonitoringType": record.monitoring_type or None,
    }
    return {k: v for k, v in entry.items() if v is not None}


def _status(services: Services, record: ScheduleRecord) -> tuple[str, str]:
    execution = services.executions.get(record.execution_arn)
    if execution.status == ExecutionStatus.FAILED:
        return "Failed", execution.failure_reason
    return shown_status(record), ""
