"""One trial of a tuning job: a real training job, run as a unit of the tuning step.

Each trial is a CreateTrainingJob request made from the tuning job's
``TrainingJobDefinition`` with the static and the sampled hyperparameters. The engine
runs it through the training runner like any training job, so it is recorded, listed and
described as one (kind ``Training``, with ``TuningJobArn``), and its model lands at
``<S3OutputPath>/<trial name>/output/model.tar.gz``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# SageMaker tuning job names are at most 32 characters; trial names add "-NNN-xxxxxxxx".
NAME_PREFIX_LENGTH = 32
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
    """A trial as the tuning job's state machine knows it.

    Attributes:
        index: 1-based position in the tuning job.
        name: The training job's name.
        tuned: The sampled hyperparameters, as strings.
        created: When the trial was started.
        optuna_trial: The search's handle for it.
        status: The training job's status.
        objective: The objective's final (or, when pruned, last) value.
        failure_reason: Why it failed.
        pruned: Stopped early because the search expected it to do worse.
        values: The objective's values so far, one per iteration.
        reported: The last iteration reported to the search.
        record: The training job's Describe document, once it ended.
        retryable: The failure was the service's, not the user's.
        launched: Its job was launched (so a restarted engine re-attaches to it).
        stop_asked: Stopping it was decided (early stopping, a limit, or a stop).
        prune_at: The (iteration, value) at which the search gave up on it.
    """

    index: int
    name: str
    tuned: dict[str, str]
    created: datetime | None = None
    optuna_trial: Any = None
    status: str = "InProgress"
    objective: float | None = None
    failure_reason: str = ""
    pruned: bool = False
    values: list[float] = field(default_factory=list)
    reported: int = -1
    record: dict[str, Any] = field(default_factory=dict)
    retryable: bool = False
    launched: bool = False
    stop_asked: bool = False
    prune_at: tuple[int, float] | None = None

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
    name: str,
    tuned: dict[str, str],
    objective_metric: str,
) -> dict[str, Any]:
    """The CreateTrainingJob request of a trial."""
    request = {key: definition[key] for key in _COPIED if key in definition}
    if "ResourceConfig" not in request:
        resources = definition.get("HyperParameterTuningResourceConfig") or {}
        request["ResourceConfig"] = {k: resources[k] for k in _RESOURCE_KEYS if k in resources}
    static = {str(k): str(v) for k, v in (definition.get("StaticHyperParameters") or {}).items()}
    static.setdefault(OBJECTIVE_METRIC_KEY, objective_metric)
    request["HyperParameters"] = {**static, **tuned}
    request["TrainingJobName"] = name
    # Not a CreateTrainingJob field: the training runner copies it into the trial's
    # DescribeTrainingJob document, where SageMaker shows it.
    request["TuningJobArn"] = tuning_arn
    return request
