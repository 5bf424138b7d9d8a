"""The Describe* record of a job started on its own, once its execution has ended."""

from __future__ import annotations

from datetime import UTC, datetime

from dagmaker.api.services import Services
from dagmaker.engine.scheduler import Outcome
from dagmaker.errors import NotFound
from dagmaker.records.fold import fold_steps
from dagmaker.records.records import ExecutionRecord
from dagmaker.records.statuses import ExecutionStatus, JobStatus

_JOB_STATUS = {
    ExecutionStatus.SUCCEEDED: JobStatus.COMPLETED,
    ExecutionStatus.STOPPED: JobStatus.STOPPED,
    ExecutionStatus.FAILED: JobStatus.FAILED,
}


def settle_job(services: Services, execution: ExecutionRecord, outcome: Outcome) -> None:
    """Make sure the job's record has ended too.

    Runners record their job's end themselves; this covers a job whose runner could not
    (it failed before or while writing its record), so that no job stays InProgress
    after its execution has ended.
    """
    name = next(iter(execution.definition.get("Steps") or [{}])).get("Name", "")
    try:
        record = services.jobs.get(name)
    except NotFound:
        return
    if record.status.terminal:
        return
    status = _JOB_STATUS.get(outcome.status, JobStatus.FAILED)
    reason = fold_steps(services.event_log.load(execution.arn)).get(name)
    record.status = status
    record.describe[f"{record.kind}JobStatus"] = status.value
    record.describe["LastModifiedTime"] = datetime.now(UTC).isoformat()
    if status == JobStatus.FAILED:
        record.describe["FailureReason"] = (reason.failure_reason if reason else "") or (
            outcome.reason
        )
    services.jobs.put(record)
