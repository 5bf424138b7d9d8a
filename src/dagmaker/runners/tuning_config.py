"""Reading a CreateHyperParameterTuningJob request into what the tuning runner needs."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from dagmaker.errors import InvalidRequest
from dagmaker.runners.tuning_ranges import CONTINUOUS, ParameterRange, parse_ranges

STRATEGIES = ("Bayesian", "Random", "Grid", "Hyperband")
_CONFIG = "HyperParameterTuningJobConfig"


@dataclass(frozen=True)
class TuningConfig:
    """A tuning job's settings.

    Attributes:
        strategy: ``Bayesian``, ``Random``, ``Grid`` or ``Hyperband``.
        max_jobs: How many training jobs at most (for Grid: at most the grid's size).
        max_parallel: How many run at once.
        objective_metric: The metric the tuning optimises.
        maximize: Whether higher is better.
        ranges: The tuned hyperparameters.
        definition: The ``TrainingJobDefinition`` trials are made from.
        early_stopping: ``TrainingJobEarlyStoppingType`` is ``Auto``.
        random_seed: ``RandomSeed``, for reproducible sampling.
        max_runtime_seconds: ``ResourceLimits.MaxRuntimeInSeconds``.
        target_value: ``TuningJobCompletionCriteria.TargetObjectiveMetricValue``.
        not_improving_limit: ``…BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving``.
        hyperband_resources: Hyperband's (MinResource, MaxResource), each possibly None.
    """

    strategy: str
    max_jobs: int
    max_parallel: int
    objective_metric: str
    maximize: bool
    ranges: tuple[ParameterRange, ...]
    definition: dict[str, Any]
    early_stopping: bool = False
    random_seed: int | None = None
    max_runtime_seconds: float | None = None
    target_value: float | None = None
    not_improving_limit: int | None = None
    hyperband_resources: tuple[int | None, int | None] = (None, None)

    @property
    def objective_type(self) -> str:
        """``Maximize`` or ``Minimize``."""
        return "Maximize" if self.maximize else "Minimize"


def parse_request(request: dict[str, Any]) -> TuningConfig:
    """Check a CreateHyperParameterTuningJob request and read its settings.

    Raises:
        InvalidRequest: naming the field that is missing or wrong.
    """
    config = request.get(_CONFIG)
    if not isinstance(config, dict):
        raise InvalidRequest(f"{_CONFIG} is required", field=_CONFIG)
    definition = _definition(request)
    strategy = str(config.get("Strategy") or "Bayesian")
    if strategy not in STRATEGIES:
        raise InvalidRequest(
            f"Strategy must be one of {', '.join(STRATEGIES)}",
            field=f"{_CONFIG}.Strategy",
            value=strategy,
        )
    ranges = parse_ranges(definition.get("HyperParameterRanges") or config.get("ParameterRanges"))
    metric, maximize = _objective(
        definition.get("TuningObjective") or config.get("HyperParameterTuningJobObjective")
    )
    limits = config.get("ResourceLimits") or {}
    criteria = config.get("TuningJobCompletionCriteria") or {}
    return TuningConfig(
        strategy=strategy,
        max_jobs=_max_jobs(limits, strategy, ranges),
        max_parallel=_positive(limits, "MaxParallelTrainingJobs", required=True),
        objective_metric=metric,
        maximize=maximize,
        ranges=tuple(ranges),
        definition=definition,
        early_stopping=str(config.get("TrainingJobEarlyStoppingType") or "Off") == "Auto",
        random_seed=_optional_int(config.get("RandomSeed"), f"{_CONFIG}.RandomSeed"),
        max_runtime_seconds=_optional_float(limits.get("MaxRuntimeInSeconds")),
        target_value=_optional_float(criteria.get("TargetObjectiveMetricValue")),
        not_improving_limit=_optional_int(
            (criteria.get("BestObjectiveNotImproving") or {}).get(
                "MaxNumberOfTrainingJobsNotImproving"
            ),
            f"{_CONFIG}.TuningJobCompletionCriteria.BestObjectiveNotImproving",
        ),
        hyperband_resources=_hyperband(config),
    )


def _definition(request: dict[str, Any]) -> dict[str, Any]:
    single = request.get("TrainingJobDefinition")
    several = request.get("TrainingJobDefinitions") or []
    if isinstance(single, dict):
        return single
    if len(several) == 1 and isinstance(several[0], dict):
        return dict(several[0])
    if several:
        raise InvalidRequest(
            "tuning over several training job definitions (multi-algorithm tuning) is not "
            "supported by dagmaker; tune each algorithm in its own tuning job",
            field="TrainingJobDefinitions",
        )
    raise InvalidRequest("TrainingJobDefinition is required", field="TrainingJobDefinition")


def _objective(objective: Any) -> tuple[str, bool]:
    where = f"{_CONFIG}.HyperParameterTuningJobObjective"
    if not isinstance(objective, dict) or not objective.get("MetricName"):
        raise InvalidRequest("the tuning objective (MetricName and Type) is required", field=where)
    kind = str(objective.get("Type") or "")
    if kind not in ("Minimize", "Maximize"):
        raise InvalidRequest("Type must be Minimize or Maximize", field=f"{where}.Type", value=kind)
    return str(objective["MetricName"]), kind == "Maximize"


def _max_jobs(limits: dict[str, Any], strategy: str, ranges: list[ParameterRange]) -> int:
    if strategy != "Grid":
        return _positive(limits, "MaxNumberOfTrainingJobs", required=True)
    continuous = [r.name for r in ranges if r.kind == CONTINUOUS]
    if continuous or not ranges:
        raise InvalidRequest(
            "Grid search needs categorical (or integer) ranges only, and at least one; "
            + (f"{continuous[0]!r} is continuous" if continuous else "none was given"),
            field=f"{_CONFIG}.ParameterRanges",
        )
    size = math.prod(len(r.grid()) for r in ranges)
    given = _positive(limits, "MaxNumberOfTrainingJobs", required=False)
    return min(size, given) if given else size


def _positive(limits: dict[str, Any], key: str, *, required: bool) -> int:
    raw = limits.get(key)
    if raw is None and not required:
        return 0
    value = _optional_int(raw, f"{_CONFIG}.ResourceLimits.{key}")
    if value is None or value < 1:
        raise InvalidRequest(
            f"{key} must be a whole number of at least 1",
            field=f"{_CONFIG}.ResourceLimits.{key}",
            value=raw,
        )
    return value


def _optional_int(raw: Any, field: str) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        return int(str(raw))
    except ValueError:
        raise InvalidRequest("must be a whole number", field=field, value=raw) from None


def _optional_float(raw: Any) -> float | None:
    try:
        return float(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _hyperband(config: dict[str, Any]) -> tuple[int | None, int | None]:
    strategy_config = (config.get("StrategyConfig") or {}).get("HyperbandStrategyConfig") or {}
    field = f"{_CONFIG}.StrategyConfig.HyperbandStrategyConfig"
    return (
        _optional_int(strategy_config.get("MinResource"), f"{field}.MinResource"),
        _optional_int(strategy_config.get("MaxResource"), f"{field}.MaxResource"),
    )
