"""What a check step does: the drift-check baseline and the truth table, as pure decisions.

The previous baseline is the supplied file when one is given (it always wins), else the
``DriftCheckBaselines`` slot of the latest Approved package of the step's model package
group. Then:

| skip_check | register_new_baseline | check runs? | BaselineUsedForDriftCheck* |
| --- | --- | --- | --- |
| False | False | yes, against the previous baseline | the previous baseline |
| False | True | yes, against the previous baseline | the newly calculated baseline |
| True | False | no | the previous baseline |
| True | True | no | the newly calculated baseline |

A previous baseline must exist unless both flags are true (the first run of a new group).
``Calculated*`` is always the baseline this run computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.runners.check_settings import CheckSettings

# Check type -> (statistics slot, constraints slot) in a package's DriftCheckBaselines.
REGISTRY_SLOTS: dict[str, tuple[tuple[str, str] | None, tuple[str, str]]] = {
    "DATA_QUALITY": (("ModelDataQuality", "Statistics"), ("ModelDataQuality", "Constraints")),
    "MODEL_QUALITY": (("ModelQuality", "Statistics"), ("ModelQuality", "Constraints")),
    "DATA_BIAS": (None, ("Bias", "PreTrainingConstraints")),
    "MODEL_BIAS": (None, ("Bias", "PostTrainingConstraints")),
    "MODEL_EXPLAINABILITY": (None, ("Explainability", "Constraints")),
}


@dataclass(frozen=True)
class Baseline:
    """Baseline files (S3 URIs), and where they came from.

    Attributes:
        statistics: The statistics file (quality checks only).
        constraints: The constraints file (for Clarify checks, an ``analysis.json``).
        source: ``supplied``, ``model package <arn>``, or ``calculated``.
    """

    statistics: str | None
    constraints: str | None
    source: str = ""


@dataclass(frozen=True)
class CheckPlan:
    """The decisions for one run.

    Attributes:
        run_check: Whether the drift check runs.
        previous: The previous baseline (what the check compares with), if there is one.
        report_calculated: Whether ``BaselineUsedForDriftCheck*`` is the new baseline.
    """

    run_check: bool
    previous: Baseline | None
    report_calculated: bool

    def used(self, calculated: Baseline) -> Baseline | None:
        """The baseline reported as ``BaselineUsedForDriftCheck*``."""
        return calculated if self.report_calculated else self.previous


def registry_baseline(check_type: str, package: dict[str, Any] | None) -> Baseline | None:
    """The drift-check baseline a package holds for ``check_type``, if any."""
    if package is None:
        return None
    baselines = package.get("DriftCheckBaselines") or {}
    statistics_slot, constraints_slot = REGISTRY_SLOTS[check_type]
    constraints = _slot(baselines, constraints_slot)
    statistics = _slot(baselines, statistics_slot) if statistics_slot else None
    if constraints is None and statistics is None:
        return None
    return Baseline(statistics, constraints, f"model package {package.get('ModelPackageArn')}")


def _slot(baselines: dict[str, Any], slot: tuple[str, str]) -> str | None:
    group, name = slot
    uri = ((baselines.get(group) or {}).get(name) or {}).get("S3Uri")
    return uri if isinstance(uri, str) and uri else None


def previous_baseline(settings: CheckSettings, from_registry: Baseline | None) -> Baseline | None:
    """The supplied files if any is given (never mixed with the registry's), else the registry's."""
    if settings.supplied_statistics or settings.supplied_constraints:
        return Baseline(settings.supplied_statistics, settings.supplied_constraints, "supplied")
    return from_registry


def plan(settings: CheckSettings, previous: Baseline | None) -> CheckPlan:
    """Apply the truth table.

    Raises:
        JobFailure: (a client error) when the run needs a previous baseline and there is
            none, saying where it was looked for and how to give one.
    """
    run_check = not settings.skip_check
    needs_previous = run_check or not settings.register_new_baseline
    if needs_previous and (previous is None or previous.constraints is None):
        raise JobFailure(_no_baseline(settings), field="SuppliedBaselineConstraints")
    return CheckPlan(run_check, previous, settings.register_new_baseline)


def _no_baseline(settings: CheckSettings) -> str:
    group = settings.model_package_group_name
    looked = (
        f"no supplied baseline constraints and no Approved package with drift-check baselines "
        f"for {settings.check_type} in model package group {group!r}"
        if group
        else "no supplied baseline constraints and no ModelPackageGroupName to look one up in"
    )
    why = (
        "the drift check needs a previous baseline"
        if not settings.skip_check
        else "RegisterNewBaseline is false, so the previous baseline is reported"
    )
    return (
        f"ClientError: {why}, but there is {looked}. Supply a baseline, approve a package "
        "that has one, or (for a first run) set SkipCheck and RegisterNewBaseline to true."
    )
