"""Jobs started on their own (``processor.run()``, ``estimator.fit()``, ``tuner.fit()``…).

A job started on its own is an execution of a one-step definition (``kind`` ``job``):
it is claimed, heart-beaten, stopped and resumed exactly like a pipeline execution, by
the process that started it and then, should that process end first, by the background
worker. Its Describe* document lives in the jobs table, as for jobs of pipeline steps.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker._lib import naming
from dagmaker.api.driving import drive, local_driving
from dagmaker.api.executions import request_stop
from dagmaker.api.ownership import owner_id
from dagmaker.api.services import Services
from dagmaker.definition.names import check_name
from dagmaker.errors import Conflict, InvalidRequest, NotFound
from dagmaker.records.records import ExecutionRecord, JobRecord
from dagmaker.records.statuses import JobStatus
from dagmaker.runners.describe import job_arn

_ARN_KINDS = {
    "Processing": "processing-job",
    "Training": "training-job",
    "Transform": "transform-job",
    "HyperParameterTuning": "hyper-parameter-tuning-job",
}
_NAME_FIELDS = {
    "Processing": "ProcessingJobName",
    "Training": "TrainingJobName",
    "Transform": "TransformJobName",
    "HyperParameterTuning": "HyperParameterTuningJobName",
}
_NAME_KINDS = {
    "Processing": "processing-job",
    "Training": "training-job",
    "Transform": "transform-job",
    "HyperParameterTuning": "tuning-job",
}
# Job kinds whose runner is registered under another step Type.
_STEP_TYPES = {"HyperParameterTuning": "Tuning"}


def start_job(services: Services, kind: str, request: dict[str, Any], *, inline: bool) -> str:
    """Record the job as InProgress and start it; return its ARN.

    ``inline`` runs it to the end before returning (LocalPipelineSession); otherwise it
    runs in the background and outlives the caller.

    Raises:
        InvalidRequest: when the job name is missing.
        Conflict: when a job with that name exists.
    """
    field = _NAME_FIELDS[kind]
    name = request.get(field)
    if not isinstance(name, str) or not name:
        raise InvalidRequest(f"{field} is required", field=field)
    check_name(_NAME_KINDS[kind], name, field=field)
    if _exists(services, name):
        raise Conflict(
            f"a job named {name!r} already exists; job names must be unique",
            field=field,
            value=name,
        )
    arn = job_arn(_ARN_KINDS[kind], name)
    execution = _execution(kind, name, arn, request)
    services.jobs.put(
        JobRecord(
            name=name,
            kind=kind,
            arn=arn,
            status=JobStatus.IN_PROGRESS,
            describe=dict(request, **{f"{kind}JobStatus": "InProgress"}),
            execution_arn=execution.arn,
        )
    )
    services.executions.create(execution)
    if inline:
        drive(services, execution.arn)
    else:
        local_driving(services).submit(execution.arn)
    return arn


def _execution(kind: str, name: str, arn: str, request: dict[str, Any]) -> ExecutionRecord:
    step_type = _STEP_TYPES.get(kind, kind)
    execution_id = naming.random_id(12)
    return ExecutionRecord(
        arn=f"{arn}/execution/{execution_id}",
        execution_id=execution_id,
        pipeline_name="",
        pipeline_arn="",
        definition={
            "Version": "2020-12-01",
            "Parameters": [],
            "Steps": [{"Name": name, "Type": step_type, "Arguments": request}],
        },
        parameters={},
        created_at=datetime.now(UTC),
        owner=owner_id(),
        kind="job",
    )


def _exists(services: Services, name: str) -> bool:
    try:
        services.jobs.get(name)
    except NotFound:
        return False
    return True


def stop_job(services: Services, kind: str, name: str) -> None:
    """Stop a running job, whichever process runs it.

    Raises:
        Conflict: when the job has already ended.
    """
    record = services.jobs.get(name, kind)
    if record.status.terminal:
        raise Conflict(f"job {name!r} has already ended ({record.status.value})")
    request_stop(services, record.execution_arn, by="user")
