"""Jobs started directly (``processor.run()`` / ``estimator.fit()`` with a plain Session).

They run the same runners as pipeline steps, in a thread of the calling process, and
are observed through the jobs table like any other job.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from dagmaker.api.services import Services
from dagmaker.definition.model import StepDef
from dagmaker.engine.ports import ExecutionInfo, StepStopped, StepWork
from dagmaker.errors import Conflict, DagmakerError, InvalidRequest, NotFound
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import JobStatus
from dagmaker.runners.describe import job_arn
from dagmaker.runners.registry import runner_for

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
# Job kinds whose runner is registered under another step Type.
_STEP_TYPES = {"HyperParameterTuning": "Tuning"}
_cancels: dict[str, threading.Event] = {}


def start_job(services: Services, kind: str, request: dict[str, Any]) -> str:
    """Record the job as InProgress and run it in a background thread; return its ARN.

    Raises:
        InvalidRequest: when the job name is missing.
        Conflict: when a job with that name exists.
    """
    field = _NAME_FIELDS[kind]
    name = request.get(field)
    if not isinstance(name, str) or not name:
        raise InvalidRequest(f"{field} is required", field=field)
    if _exists(services, name):
        raise Conflict(
            f"a job named {name!r} already exists; job names must be unique",
            field=field,
            value=name,
        )
    arn = job_arn(_ARN_KINDS[kind], name)
    services.jobs.put(
        JobRecord(
            name=name,
            kind=kind,
            arn=arn,
            status=JobStatus.IN_PROGRESS,
            describe=dict(request, **{f"{kind}JobStatus": "InProgress"}),
        )
    )
    cancel = threading.Event()
    _cancels[name] = cancel
    work = _work(kind, name, request, cancel)
    thread = threading.Thread(target=_run, args=(services, work), name=f"job-{name}", daemon=True)
    thread.start()
    return arn


def _exists(services: Services, name: str) -> bool:
    try:
        services.jobs.get(name)
    except NotFound:
        return False
    return True


def _work(kind: str, name: str, request: dict[str, Any], cancel: threading.Event) -> StepWork:
    step_type = _STEP_TYPES.get(kind, kind)
    step = StepDef(
        name=name, type=step_type, arguments=request, raw={"Name": name, "Type": step_type}
    )
    info = ExecutionInfo(
        arn="", execution_id="", pipeline_name="", pipeline_arn="", started_at=datetime.now(UTC)
    )
    return StepWork(
        execution=info,
        step=step,
        arguments=request,
        extra={},
        job_name=name,
        attempt=1,
        emit=lambda event: None,
        cancel=cancel,
    )


def _run(services: Services, work: StepWork) -> None:
    try:
        runner_for(work.step.type, services.runner_context).run(work)
    except (DagmakerError, StepStopped):
        return  # the runner recorded the failure (or the stop) in the job's document
    except Exception as exc:
        record = services.jobs.get(work.job_name)
        record.status = JobStatus.FAILED
        record.describe[f"{record.kind}JobStatus"] = "Failed"
        record.describe["FailureReason"] = f"Internal error in dagmaker: {exc!r}"
        services.jobs.put(record)
    finally:
        _cancels.pop(work.job_name, None)


def stop_job(services: Services, kind: str, name: str) -> None:
    """Stop a running job started in this process."""
    record = services.jobs.get(name, kind)
    if record.status.terminal:
        raise Conflict(f"job {name!r} has already ended ({record.status.value})")
    cancel = _cancels.get(record.name)
    if cancel is None:
        raise Conflict(
            f"job {name!r} runs in another process; stop it from there "
            "(or stop its pipeline execution)"
        )
    cancel.set()
