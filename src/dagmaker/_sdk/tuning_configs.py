"""Option objects of a hyperparameter tuning job; public through ``dagmaker.tuner``.

Each turns into its part of the ``CreateHyperParameterTuningJob`` request with
``to_input_req()`` and back with ``from_job_desc()``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

WARM_START_TYPE = "WarmStartType"
PARENT_JOBS = "ParentHyperParameterTuningJobs"
TUNING_JOB_NAME = "HyperParameterTuningJobName"


class WarmStartTypes(Enum):
    """How a tuning job reuses earlier tuning jobs.

    ``IdenticalDataAndAlgorithm``: same data and algorithm, other ranges.
    ``TransferLearning``: similar data or algorithm.
    """

    IDENTICAL_DATA_AND_ALGORITHM = "IdenticalDataAndAlgorithm"
    TRANSFER_LEARNING = "TransferLearning"


class WarmStartConfig:
    """Start a tuning job from the results of earlier ("parent") tuning jobs.

    Attributes:
        type: A :class:`WarmStartTypes` member.
        parents: Names of the parent tuning jobs (strings or pipeline variables).
    """

    def __init__(self, warm_start_type: WarmStartTypes, parents: Any) -> None:
        if warm_start_type not in list(WarmStartTypes):
            raise ValueError(
                f"Invalid type: {warm_start_type}, valid warm start types are: "
                f"{[member.value for member in WarmStartTypes]}"
            )
        if not parents:
            raise ValueError(f"Invalid parents: {parents}, parents should not be None/empty")
        self.type = warm_start_type
        # Kept in the order given (SageMaker's SDK uses a set, whose order varies).
        self.parents = list(dict.fromkeys(parents))

    @classmethod
    def from_job_desc(cls, warm_start_config: dict[str, Any] | None) -> WarmStartConfig | None:
        """From a ``DescribeHyperParameterTuningJob`` ``WarmStartConfig``; ``None`` if absent."""
        if not warm_start_config or WARM_START_TYPE not in warm_start_config:
            return None
        if PARENT_JOBS not in warm_start_config:
            return None
        parents = [parent[TUNING_JOB_NAME] for parent in warm_start_config[PARENT_JOBS]]
        return cls(WarmStartTypes(warm_start_config[WARM_START_TYPE]), parents)

    def to_input_req(self) -> dict[str, Any]:
        """``{"WarmStartType", "ParentHyperParameterTuningJobs": [...]}``."""
        return {
            WARM_START_TYPE: self.type.value,
            PARENT_JOBS: [{TUNING_JOB_NAME: parent} for parent in self.parents],
        }


class HyperbandStrategyConfig:
    """Resource bounds (e.g. epochs) of the Hyperband strategy.

    Attributes:
        max_resource: The most resource a training job may use.
        min_resource: The least resource a training job uses before it may be stopped.
    """

    def __init__(self, max_resource: int, min_resource: int) -> None:
        self.min_resource = min_resource
        self.max_resource = max_resource

    @classmethod
    def from_job_desc(cls, config: dict[str, Any]) -> HyperbandStrategyConfig:
        """From a ``HyperbandStrategyConfig`` response structure."""
        return cls(min_resource=config["MinResource"], max_resource=config["MaxResource"])

    def to_input_req(self) -> dict[str, Any]:
        """``{"MinResource", "MaxResource"}``."""
        return {"MinResource": self.min_resource, "MaxResource": self.max_resource}


class StrategyConfig:
    """Settings of the search strategy (Hyperband only).

    Attributes:
        hyperband_strategy_config: The Hyperband bounds.
    """

    def __init__(self, hyperband_strategy_config: HyperbandStrategyConfig) -> None:
        self.hyperband_strategy_config = hyperband_strategy_config

    @classmethod
    def from_job_desc(cls, config: dict[str, Any]) -> StrategyConfig:
        """From a ``StrategyConfig`` response structure."""
        return cls(HyperbandStrategyConfig.from_job_desc(config["HyperbandStrategyConfig"]))

    def to_input_req(self) -> dict[str, Any]:
        """``{"HyperbandStrategyConfig": {...}}``."""
        return {"HyperbandStrategyConfig": self.hyperband_strategy_config.to_input_req()}


class InstanceConfig:
    """One choice of instances for the tuning job's training jobs.

    Attributes:
        instance_count: Number of instances.
        instance_type: The instance type.
        volume_size: Storage per instance in GB.
    """

    def __init__(
        self, instance_count: Any = None, instance_type: Any = None, volume_size: Any = 30
    ) -> None:
        self.instance_count = instance_count
        self.instance_type = instance_type
        self.volume_size = volume_size

    @classmethod
    def from_job_desc(cls, config: dict[str, Any]) -> InstanceConfig:
        """From an ``InstanceConfigs`` entry."""
        return cls(config["InstanceCount"], config["InstanceType"], config["VolumeSizeInGB"])

    def to_input_req(self) -> dict[str, Any]:
        """``{"InstanceCount", "InstanceType", "VolumeSizeInGB"}``."""
        return {
            "InstanceCount": self.instance_count,
            "InstanceType": self.instance_type,
            "VolumeSizeInGB": self.volume_size,
        }


class TuningJobCompletionCriteriaConfig:
    """When a tuning job may stop before running all its training jobs.

    Attributes:
        max_number_of_training_jobs_not_improving: Stop after this many jobs that do not
            improve the best objective.
        complete_on_convergence: Stop when the search has converged.
        target_objective_metric_value: Stop when the objective reaches this value.
    """

    def __init__(
        self,
        max_number_of_training_jobs_not_improving: int | None = None,
        complete_on_convergence: bool | None = None,
        target_objective_metric_value: float | None = None,
    ) -> None:
        self.max_number_of_training_jobs_not_improving = max_number_of_training_jobs_not_improving
        self.complete_on_convergence = complete_on_convergence
        self.target_objective_metric_value = target_objective_metric_value

    @classmethod
    def from_job_desc(cls, config: dict[str, Any]) -> TuningJobCompletionCriteriaConfig:
        """From a ``TuningJobCompletionCriteria`` response structure."""
        not_improving = config.get("BestObjectiveNotImproving") or {}
        convergence = config.get("ConvergenceDetected") or {}
        complete = convergence.get("CompleteOnConvergence")
        return cls(
            max_number_of_training_jobs_not_improving=not_improving.get(
                "MaxNumberOfTrainingJobsNotImproving"
            ),
            complete_on_convergence=None if complete is None else complete == "Enabled",
            target_objective_metric_value=config.get("TargetObjectiveMetricValue"),
        )

    def to_input_req(self) -> dict[str, Any]:
        """The ``TuningJobCompletionCriteria`` structure, with only the criteria set."""
        criteria: dict[str, Any] = {}
        not_improving = self.max_number_of_training_jobs_not_improving
        if not_improving is not None:
            criteria["BestObjectiveNotImproving"] = {
                "MaxNumberOfTrainingJobsNotImproving": not_improving
            }
        if self.target_objective_metric_value is not None:
            criteria["TargetObjectiveMetricValue"] = self.target_objective_metric_value
        if self.complete_on_convergence is not None:
            enabled = "Enabled" if self.complete_on_convergence else "Disabled"
            criteria["ConvergenceDetected"] = {"CompleteOnConvergence": enabled}
        return criteria
