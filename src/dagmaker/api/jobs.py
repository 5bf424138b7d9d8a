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
from dagmaker.api.worker_process import ensure_worker
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
    "Endpoint": "endpoint",
    "AutoML": "automl-job",
}
_NAME_FIELDS = {
    "Processing": "ProcessingJobName",
    "Training": "TrainingJobName",
    "Transform": "TransformJobName",
    "HyperParameterTuning": "HyperParameterTuningJobName",
    "Endpoint": "EndpointName",
    "AutoML": "AutoMLJobName",
}
_NAME_KINDS = {
    "Processing": "processing-job",
    "Training": "training-job",
    "Transform": "transform-job",
    "HyperParameterTuning": "tuning-job",
    "Endpoint": "endpoint",
    "AutoML": "automl-job",
}
# Job kinds whose runner is registered under another step Type.
_STEP_TYPES = {"HyperParameterTuning": "Tuning"}
# Kinds whose name may be used again once the earlier work has ended (an endpoint
# created again after it was deleted).
_REUSABLE_NAMES = {"Endpoint"}


def start_job(
    services: Services,
    kind: str,
    request: dict[str, Any],
    *,
    inline: bool,
    background: bool = False,
) -> str:
    """Record the job as InProgress and start it; return its ARN.

    ``inline`` runs it to the end before returning (LocalPipelineSession); otherwise this
    process starts it at once and the background worker carries it on should this
    process end first, or, with ``background``, the background worker runs it from the
    start (work that runs until stopped, like an endpoint).

    Raises:
        InvalidRequest: when the job name is missing.
        Conflict: when a job with that name exists.
    """
    field = _NAME_FIELDS[kind]
    name = request.get(field)
    if not isinstance(name, str) or not name:
        raise InvalidRequest(f"{field} is required", field=field)
    check_name(_NAME_KINDS[kind], name, field=field)
    if _exists(services, name) and not _reusable(services, kind, name):
        raise Conflict(
            f"a job named {name!r} already exists; job names must be unique",
            field=field,
            value=name,
        )
    arn = job_arn(_ARN_KINDS[kind], name)
    execution = _execution(kind, name, arn, request)
    # The execution first, owned by this process: should it die before the job's record
    # is written, the worker runs the job and its runner writes the record (never the
    # other way round, a record InProgress that nothing will ever run).
    services.executions.create(execution)
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
    if inline:
        drive(services, execution.arn)
    elif background:
        services.executions.release(execution.arn, owner=execution.owner)
        ensure_worker(services.settings)
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


def _reusable(services: Services, kind: str, name: str) -> bool:
    record = services.jobs.get(name)
    return kind in _REUSABLE_NAMES and record.kind == kind and record.status.terminal


def stop_job(services: Services, kind: str, name: str) -> None:
    """Stop a running job, whichever process runs it.

    Raises:
        Conflict: when the job has already ended.
    """
    record = services.jobs.get(name, kind)
    if record.status.terminal:
        raise Conflict(f"job {name!r} has already ended ({record.status.value})")
    request_stop(services, record.execution_arn, by="user")
