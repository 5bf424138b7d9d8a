"""Warm start: seeding a tuning job's search with the trials of parent tuning jobs.

``IdenticalDataAndAlgorithm`` requires the parents to have trained the same image on the
same data (then ``OverallBestTrainingJob`` compares parent and child trials);
``TransferLearning`` lets data, image and ranges change. Either way each parent trial with
an objective value becomes a finished trial of the new search, when its hyperparameters
(tuned, or static in the parent) fall inside the new ranges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dagmaker.errors import JobFailure, NotFound
from dagmaker.runners.tuning_config import TuningConfig
from dagmaker.runners.tuning_summary import objective_value
from dagmaker.storage.ports import JobStore

WARM_START_TYPES = ("IdenticalDataAndAlgorithm", "TransferLearning")
MAX_PARENTS = 5


@dataclass
class WarmStart:
    """What the parents contribute.

    Attributes:
        seeds: (internal parameters, objective value) of each usable parent trial.
        summaries: The parents' trials with an objective (for ``OverallBestTrainingJob``).
        identical: The warm start type is ``IdenticalDataAndAlgorithm``.
        note: A line for the tuning job's log.
    """

    seeds: list[tuple[dict[str, Any], float]] = field(default_factory=list)
    summaries: list[dict[str, Any]] = field(default_factory=list)
    identical: bool = False
    note: str = ""

    @staticmethod
    def params_of(
        tuned: dict[str, Any], config: TuningConfig, static: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """A trial's hyperparameters as internal values of ``config``'s ranges.

        Returns:
            The values, or None when one is missing or outside its range.
        """
        params: dict[str, Any] = {}
        for parameter in config.ranges:
            text = tuned.get(parameter.name, (static or {}).get(parameter.name))
            value = None if text is None else parameter.internal(str(text))
            if value is None:
                return None
            params[parameter.name] = value
        return params


def load_warm_start(
    jobs: JobStore, request: dict[str, Any], config: TuningConfig, kind: str
) -> WarmStart:
    """Read the parents named by ``WarmStartConfig``.

    Raises:
        JobFailure: for a bad warm start type, an unknown or unfinished parent, another
            objective metric, or (IdenticalDataAndAlgorithm) other data or image.
    """
    warm = request.get("WarmStartConfig")
    if not warm:
        return WarmStart()
    warm_type = str(warm.get("WarmStartType") or "")
    if warm_type not in WARM_START_TYPES:
        raise JobFailure(
            f"ClientError: WarmStartConfig.WarmStartType must be {' or '.join(WARM_START_TYPES)}"
        )
    parents = [
        str(p.get("HyperParameterTuningJobName") or "")
        for p in warm.get("ParentHyperParameterTuningJobs") or []
    ]
    if not 1 <= len(parents) <= MAX_PARENTS:
        raise JobFailure(
            f"ClientError: WarmStartConfig needs 1 to {MAX_PARENTS} ParentHyperParameterTuningJobs"
        )
    result = WarmStart(identical=warm_type == WARM_START_TYPES[0])
    skipped = sum(
        _seed_from(result, parent, _parent_document(jobs, parent, kind), config)
        for parent in parents
    )
    result.note = (
        f"Warm start ({warm_type}) from {', '.join(parents)}: {len(result.seeds)} earlier "
        "trial(s) seed the search"
        + (f", {skipped} outside the ranges were left out" if skipped else "")
    )
    return result


def _seed_from(
    result: WarmStart, parent: str, document: dict[str, Any], config: TuningConfig
) -> int:
    """Add one parent's trials to ``result``; returns how many did not fit the ranges."""
    _check_parent(parent, document, config, result.identical)
    static = _definition(document).get("StaticHyperParameters") or {}
    skipped = 0
    for summary in document.get("TrainingJobSummaries") or []:
        value = objective_value(summary)
        if value is None:
            continue
        result.summaries.append(summary)
        params = WarmStart.params_of(summary.get("TunedHyperParameters") or {}, config, static)
        if params is None:
            skipped += 1
        else:
            result.seeds.append((params, value))
    return skipped


def _parent_document(jobs: JobStore, name: str, kind: str) -> dict[str, Any]:
    try:
        record = jobs.get(name, kind)
    except NotFound:
        raise JobFailure(
            f"ClientError: the warm start parent tuning job {name!r} does not exist"
        ) from None
    if not record.status.terminal:
        raise JobFailure(
            f"ClientError: the warm start parent tuning job {name!r} is still "
            f"{record.status.value}; wait for it to end"
        )
    return record.describe


def _definition(document: dict[str, Any]) -> dict[str, Any]:
    single = document.get("TrainingJobDefinition")
    several = document.get("TrainingJobDefinitions") or [{}]
    return single if isinstance(single, dict) else several[0]


def _check_parent(
    name: str,
    document: dict[str, Any],
    config: TuningConfig,
    identical: bool,
) -> None:
    objective = (
        (document.get("HyperParameterTuningJobConfig") or {}).get(
            "HyperParameterTuningJobObjective"
        )
        or _definition(document).get("TuningObjective")
        or {}
    )
    if objective.get("MetricName") != config.objective_metric:
        raise JobFailure(
            f"ClientError: the warm start parent {name!r} tuned {objective.get('MetricName')!r}, "
            f"not {config.objective_metric!r}; a warm start must keep the objective metric"
        )
    if not identical:
        return
    parent, child = _definition(document), config.definition
    for label, key in (
        ("training image", "AlgorithmSpecification"),
        ("input data", "InputDataConfig"),
    ):
        if _comparable(parent.get(key), key) != _comparable(child.get(key), key):
            raise JobFailure(
                f"ClientError: IdenticalDataAndAlgorithm warm start needs the same {label} as "
                f"the parent {name!r}; use TransferLearning when they differ"
            )


def _comparable(value: Any, key: str) -> Any:
    if key == "AlgorithmSpecification":
        spec = value or {}
        return spec.get("TrainingImage") or spec.get("AlgorithmName")
    return value
