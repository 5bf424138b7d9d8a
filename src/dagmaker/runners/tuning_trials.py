"""One trial of a tuning job: a real training job, run by the training runner.

Each trial is a CreateTrainingJob request made from the tuning job's
``TrainingJobDefinition`` with the static and the sampled hyperparameters. It runs in a
thread of its own through `TrainingRunner`, so it is recorded, listed and described like
any training job (kind ``Training``, with ``TuningJobArn``), and its model lands at
``<S3OutputPath>/<trial name>/output/model.tar.gz``.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dagmaker.engine.ports import StepStopped, StepWork
from dagmaker.errors import DagmakerError, JobFailure
from dagmaker.records import events as ev
from dagmaker.records.statuses import FailureKind
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.training import TrainingRunner

# SageMaker tuning job names are at most 32 characters; trial names add "-NNN-xxxxxxxx".
NAME_PREFIX_LENGTH = 32
# A trial that finds no free job slot waits and tries again, for at most this long.
CAPACITY_WAIT_SECONDS = 600.0
OBJECTIVE_METRIC_KEY = "_tuning_objective_metric"
_COPIED = (
    "AlgorithmSpecification",
    "RoleArn",
    "InputDataConfig",
    "OutputDataConfig",
    "VpcConfig",
    "StoppingCondition",
    "ResourceConfig",
    "EnableNetworkIsolation",
    "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining",
    "CheckpointConfig",
    "RetryStrategy",
    "Environment",
)
_RESOURCE_KEYS = ("InstanceType", "InstanceCount", "VolumeSizeInGB", "VolumeKmsKeyId")


@dataclass
class Trial:
    """A trial's state as the tuning runner tracks it.

    Attributes:
        index: 1-based position in the tuning job.
        name: The training job's name.
        tuned: The sampled hyperparameters, as strings.
        optuna_trial: The search's handle for it (None for trials of an earlier run).
        cancel: Set to stop the training job (tuning stopped, or the trial pruned).
        status: The training job's status.
        objective: The objective's final (or, when pruned, last) value.
        failure_reason: Why it failed.
        pruned: Stopped early because the search expected it to do worse.
        values: The objective's values so far, one per iteration.
        reported: The last iteration reported to the search.
        handle: The launched job's handle (for re-attaching after a crash).
        record: The training job's latest Describe document.
        retryable: The failure was the service's, not the user's.
        thread: The thread running the training job.
    """

    index: int
    name: str
    tuned: dict[str, str]
    optuna_trial: Any = None
    cancel: threading.Event = field(default_factory=threading.Event)
    status: str = "InProgress"
    objective: float | None = None
    failure_reason: str = ""
    pruned: bool = False
    values: list[float] = field(default_factory=list)
    reported: int = -1
    handle: dict[str, Any] | None = None
    record: dict[str, Any] = field(default_factory=dict)
    retryable: bool = False
    thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether the training job has not ended yet."""
        return self.status in ("InProgress", "Stopping")


def trial_name(tuning_job: str, index: int) -> str:
    """``<tuning job name>-<NNN>-<8 hex digits>``, as SageMaker names a tuning job's trials."""
    base = tuning_job[:NAME_PREFIX_LENGTH].rstrip("-")
    return f"{base}-{index:03d}-{secrets.token_hex(4)}"


def trial_request(
    definition: dict[str, Any],
    tuning_arn: str,
    trial: Trial,
    objective_metric: str,
) -> dict[str, Any]:
    """The CreateTrainingJob request of a trial."""
    request = {key: definition[key] for key in _COPIED if key in definition}
    if "ResourceConfig" not in request:
        resources = definition.get("HyperParameterTuningResourceConfig") or {}
        request["ResourceConfig"] = {k: resources[k] for k in _RESOURCE_KEYS if k in resources}
    static = {str(k): str(v) for k, v in (definition.get("StaticHyperParameters") or {}).items()}
    static.setdefault(OBJECTIVE_METRIC_KEY, objective_metric)
    request["HyperParameters"] = {**static, **trial.tuned}
    request["TrainingJobName"] = trial.name
    # Not a CreateTrainingJob field: the training runner copies it into the trial's
    # DescribeTrainingJob document, where SageMaker shows it.
    request["TuningJobArn"] = tuning_arn
    return request


TrialEvents = Callable[[Trial, ev.Event], None]


def run_trial(
    ctx: RunnerContext,
    parent: StepWork,
    trial: Trial,
    request: dict[str, Any],
    on_event: TrialEvents,
) -> None:
    """Run (or re-attach to) the trial's training job until it ends; set its status."""
    started = time.monotonic()
    delay = 0.5
    while True:
        work = StepWork(
            execution=parent.execution,
            step=parent.step,
            arguments=request,
            extra={},
            job_name=trial.name,
            attempt=1,
            emit=lambda event: on_event(trial, event),
            cancel=trial.cancel,
            reattach=trial.handle,
        )
        outcome = _attempt(ctx, work, trial)
        waited = time.monotonic() - started
        if outcome != FailureKind.CAPACITY_ERROR or waited > CAPACITY_WAIT_SECONDS:
            return
        trial.handle = None
        if trial.cancel.wait(delay):
            trial.status = "Stopped"
            return
        delay = min(delay * 2, 5.0)


def _attempt(ctx: RunnerContext, work: StepWork, trial: Trial) -> str | None:
    """One run of the training job; returns the failure kind when it failed."""
    try:
        TrainingRunner(ctx).run(work)
    except StepStopped:
        trial.status = "Stopped"
        return None
    except JobFailure as error:
        trial.status, trial.failure_reason = "Failed", error.message
        trial.retryable = error.kind not in ("", FailureKind.USER)
        return error.kind
    except DagmakerError as error:
        trial.status, trial.failure_reason = "Failed", error.message
        return None
    except Exception as error:  # the trial must end with a status whatever happened
        trial.status = "Failed"
        trial.failure_reason = f"InternalServerError: the trial could not run: {error!r}"
        trial.retryable = True
        return FailureKind.JOB_INTERNAL_ERROR
    trial.status = "Completed"
    return None
