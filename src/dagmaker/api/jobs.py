"""Jobs started directly (``processor.run()`` / ``estimator.fit()`` with a plain Session).

They run the same runners as pipeline steps. The request is queued in the database and
run by the background worker (or, for an inline client, by a thread of the calling
process), so — as in SageMaker — a job outlives the script that started it; stopping
works from any process.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from dagmaker.api.executions import orphaned, owner_id
from dagmaker.api.services import Services
from dagmaker.definition.model import StepDef
from dagmaker.engine.ports import ExecutionInfo, StepStopped, StepWork
from dagmaker.errors import Conflict, DagmakerError, InvalidRequest, NotFound
from dagmaker.records import events as ev
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import JobStatus
from dagmaker.runners.describe import job_arn
from dagmaker.runners.registry import runner_for
from dagmaker.storage.db.job_requests import JobRequest

_ARN_KINDS = {
    "Processing": "processing-job",
    "Training": "training-job",
    "Transform": "transform-job",
    "HyperParameterTuning": "hyper-parameter-tuning-job",
    "Endpoint": "endpoint",
}
_NAME_FIELDS = {
    "Processing": "ProcessingJobName",
    "Training": "TrainingJobName",
    "Transform": "TransformJobName",
    "HyperParameterTuning": "HyperParameterTuningJobName",
    "Endpoint": "EndpointName",
}
# Job kinds whose runner is registered under another step Type.
_STEP_TYPES = {"HyperParameterTuning": "Tuning"}
# Kinds whose name may be used again once the earlier work has ended (an endpoint
# created again after it was deleted).
_REUSABLE_NAMES = {"Endpoint"}
POLL_SECONDS = 0.3


def start_job(services: Services, kind: str, request: dict[str, Any], *, inline: bool) -> str:
    """Record the job as InProgress and queue it; return its ARN.

    ``inline`` runs it in a thread of this process at once (LocalPipelineSession);
    otherwise the background worker picks it up, so the job outlives the caller.

    Raises:
        InvalidRequest: when the job name is missing.
        Conflict: when a job with that name exists.
    """
    field = _NAME_FIELDS[kind]
    name = request.get(field)
    if not isinstance(name, str) or not name:
        raise InvalidRequest(f"{field} is required", field=field)
    if _exists(services, name) and not _reusable(services, kind, name):
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
    services.job_requests.add(name, kind, request)
    if inline:
        for claimed in services.job_requests.claim(owner_id(), orphaned, name=name):
            run_claimed(services, claimed)
    return arn


def _exists(services: Services, name: str) -> bool:
    try:
        services.jobs.get(name)
    except NotFound:
        return False
    return True


def _reusable(services: Services, kind: str, name: str) -> bool:
    record = services.jobs.get(name)
    return kind in _REUSABLE_NAMES and record.kind == kind and record.status.terminal


def run_claimed(services: Services, claimed: JobRequest) -> threading.Thread:
    """Run (or re-attach to) a claimed job in a new thread; return the thread."""
    cancel = threading.Event()

    def remember(event: ev.Event) -> None:
        if isinstance(event, ev.JobLaunched):
            services.job_requests.set_handle(claimed.name, event.handle)

    work = _work(claimed, cancel, remember)
    thread = threading.Thread(
        target=_run, args=(services, work), name=f"job-{claimed.name}", daemon=True
    )
    thread.start()
    return thread


def _work(claimed: JobRequest, cancel: threading.Event, emit: Any) -> StepWork:
    step_type = _STEP_TYPES.get(claimed.kind, claimed.kind)
    step = StepDef(
        name=claimed.name,
        type=step_type,
        arguments=claimed.request,
        raw={"Name": claimed.name, "Type": step_type},
    )
    info = ExecutionInfo(
        arn="", execution_id="", pipeline_name="", pipeline_arn="", started_at=datetime.now(UTC)
    )
    return StepWork(
        execution=info,
        step=step,
        arguments=claimed.request,
        extra={},
        job_name=claimed.name,
        attempt=1,
        emit=emit,
        cancel=cancel,
        reattach=claimed.handle,
    )


def _run(services: Services, work: StepWork) -> None:
    finished = threading.Event()
    watcher = threading.Thread(target=_watch_stop, args=(services, work, finished), daemon=True)
    watcher.start()
    try:
        runner_for(work.step.type, services.runner_context).run(work)
    except (DagmakerError, StepStopped):
        pass
    except Exception as exc:
        record = services.jobs.get(work.job_name)
        record.status = JobStatus.FAILED
        record.describe[f"{record.kind}JobStatus"] = "Failed"
        record.describe["FailureReason"] = f"Internal error in dagmaker: {exc!r}"
        services.jobs.put(record)
    finally:
        finished.set()
        services.job_requests.finish(work.job_name)


def _watch_stop(services: Services, work: StepWork, finished: threading.Event) -> None:
    while not finished.wait(POLL_SECONDS):
        if services.job_requests.stop_requested(work.job_name):
            work.cancel.set()
            return


def stop_job(services: Services, kind: str, name: str) -> None:
    """Stop a running job, whichever process runs it.

    Raises:
        Conflict: when the job has already ended.
    """
    record = services.jobs.get(name, kind)
    if record.status.terminal:
        raise Conflict(f"job {name!r} has already ended ({record.status.value})")
    services.job_requests.request_stop(record.name)
