"""Checks of Model Monitor requests: botocore's request shapes, then what runs need.

The shape check is the service's own (required members, unknown members, types, enums,
name patterns); the rest refuses what would only fail later, when a run starts: a
definition without exactly one input, a schedule expression Model Monitor does not
accept, an analysis window longer than a day.
"""

from __future__ import annotations

from typing import Any

from dagmaker.errors import DagmakerError, InvalidRequest
from dagmaker.runners.monitoring.cadence import parse_expression
from dagmaker.runners.monitoring.job_spec import job_spec
from dagmaker.runners.monitoring.windows import offsets_of

JSON = Any


def check_choice(config: dict[str, JSON]) -> None:
    """A schedule configuration names its job one way: inline, or a definition's name.

    Raises:
        InvalidRequest: unless exactly one of MonitoringJobDefinition and
            MonitoringJobDefinitionName is given.
    """
    if ("MonitoringJobDefinition" in config) == ("MonitoringJobDefinitionName" in config):
        raise InvalidRequest(
            "give exactly one of MonitoringJobDefinition (the job inline) and "
            "MonitoringJobDefinitionName (a job definition you created)",
            field="MonitoringScheduleConfig",
        )


def check_definition(definition: dict[str, JSON]) -> None:
    """Check that a definition snapshot (``{"MonitoringType", "Name", "Request"}``) can run.

    Raises:
        InvalidRequest: naming what is missing or given twice.
    """
    request = definition.get("Request") or {}
    kind = definition.get("MonitoringType")
    job_input = (
        request.get(f"{kind}JobInput") if kind else (request.get("MonitoringInputs") or [{}])[0]
    )
    given = [k for k in ("EndpointInput", "BatchTransformInput") if (job_input or {}).get(k)]
    if len(given) != 1:
        raise InvalidRequest(
            "a monitoring job monitors exactly one endpoint or batch transform: give one of "
            "EndpointInput and BatchTransformInput",
            field=f"{kind}JobInput" if kind else "MonitoringInputs",
        )
    job_spec(definition)


def check_schedule(config: dict[str, JSON]) -> None:
    """Check the ``ScheduleConfig`` of a schedule configuration.

    Raises:
        InvalidRequest: for an expression Model Monitor does not accept, a ``NOW``
            schedule without both ends of its window, or a bad window.
    """
    schedule = config.get("ScheduleConfig")
    if schedule is None:
        return
    cadence = parse_expression(
        schedule.get("ScheduleExpression"), "ScheduleConfig.ScheduleExpression"
    )
    offsets_of(schedule)
    if cadence.once and (
        schedule.get("DataAnalysisStartTime") is None or schedule.get("DataAnalysisEndTime") is None
    ):
        raise InvalidRequest(
            "a NOW schedule runs once over the window it names: give both "
            "DataAnalysisStartTime and DataAnalysisEndTime (e.g. -PT1H and -PT0H)",
            field="ScheduleConfig.DataAnalysisStartTime",
        )


def as_invalid(error: DagmakerError) -> InvalidRequest:
    """A definition problem found while creating something, as a request error."""
    return InvalidRequest(error.message, field=error.field)
