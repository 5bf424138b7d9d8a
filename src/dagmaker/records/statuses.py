"""The SageMaker status vocabularies, plus the engine's internal step states."""

from __future__ import annotations

from enum import StrEnum


class ExecutionStatus(StrEnum):
    """``PipelineExecutionStatus`` values."""

    EXECUTING = "Executing"
    STOPPING = "Stopping"
    STOPPED = "Stopped"
    FAILED = "Failed"
    SUCCEEDED = "Succeeded"

    @property
    def terminal(self) -> bool:
        """Whether the execution has ended."""
        return self in _TERMINAL_EXECUTION


_TERMINAL_EXECUTION = {ExecutionStatus.STOPPED, ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED}


class StepStatus(StrEnum):
    """``StepStatus`` values of ListPipelineExecutionSteps, plus dagmaker's extras.

    SageMaker lists only steps that started; dagmaker also reports ``Skipped`` (a
    branch not taken, or downstream of one) and ``Pending`` (not started yet) so that
    the CLI and UI can draw the whole graph.
    """

    PENDING = "Pending"
    STARTING = "Starting"
    EXECUTING = "Executing"
    WAITING_FOR_RETRY = "WaitingForRetry"
    STOPPING = "Stopping"
    STOPPED = "Stopped"
    FAILED = "Failed"
    SUCCEEDED = "Succeeded"
    SKIPPED = "Skipped"

    @property
    def terminal(self) -> bool:
        """Whether the step has reached a final state."""
        return self in _TERMINAL_STEP


_TERMINAL_STEP = {StepStatus.STOPPED, StepStatus.FAILED, StepStatus.SUCCEEDED, StepStatus.SKIPPED}


class JobStatus(StrEnum):
    """Status of a processing/training/transform/tuning job (Describe* ``*JobStatus``)."""

    IN_PROGRESS = "InProgress"
    COMPLETED = "Completed"
    FAILED = "Failed"
    STOPPING = "Stopping"
    STOPPED = "Stopped"

    @property
    def terminal(self) -> bool:
        """Whether the job has ended."""
        return self in {JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.STOPPED}


class FailureKind(StrEnum):
    """Why a step failed, in the vocabulary of the two retry policy kinds.

    ``USER`` failures (the user's script exited non-zero, a bad reference) are never retried.
    """

    USER = ""
    SERVICE_FAULT = "Step.SERVICE_FAULT"
    THROTTLING = "Step.THROTTLING"
    JOB_INTERNAL_ERROR = "SageMaker.JOB_INTERNAL_ERROR"
    CAPACITY_ERROR = "SageMaker.CAPACITY_ERROR"
    RESOURCE_LIMIT = "SageMaker.RESOURCE_LIMIT"
