"""The one table of how events move a step's status.

The scheduler (deciding what runs next) and the fold (what ListPipelineExecutionSteps
shows) both read step status from here, so the two can never disagree about what an
event means.
"""

from __future__ import annotations

from dagmaker.records import events as ev
from dagmaker.records.statuses import StepStatus

# Events absent from the table (JobLaunched, StepCacheMiss, CallbackWaiting, …) add facts
# about a step without changing its status.
STEP_STATUS_AFTER: dict[type[ev.StepEvent], StepStatus] = {
    ev.StepStarted: StepStatus.EXECUTING,
    ev.StepSucceeded: StepStatus.SUCCEEDED,
    ev.StepCacheHit: StepStatus.SUCCEEDED,
    ev.StepFailed: StepStatus.FAILED,
    ev.StepRetryScheduled: StepStatus.WAITING_FOR_RETRY,
    ev.StepSkipped: StepStatus.SKIPPED,
    ev.StepStopped: StepStatus.STOPPED,
}

# What ExecutionRetried does to each step it names.
RETRIED_STATUS = StepStatus.PENDING


def step_status_after(event: ev.StepEvent, current: StepStatus) -> StepStatus:
    """The step's status once ``event`` has happened to it."""
    return STEP_STATUS_AFTER.get(type(event), current)
