"""Cache keys and miss explanations: pure functions of resolved step arguments."""

from __future__ import annotations

from typing import Any

from dagmaker._lib import canonical_json

JSON = Any
_CHECK_ARGUMENTS = ("AppSpecification", "Environment", "ProcessingInputs")
# The request attributes SageMaker's step signature is made of, per step type
# (developer guide, "Caching pipeline steps"). Outputs are not among them: a default
# output location contains the execution id, and a cache hit reuses the earlier
# run's outputs anyway.
KEY_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "Processing": ("AppSpecification", "Environment", "ProcessingInputs"),
    "Training": (
        "AlgorithmSpecification",
        "CheckpointConfig",
        "DebugHookConfig",
        "DebugRuleConfigurations",
        "Environment",
        "HyperParameters",
        "InputDataConfig",
    ),
    "Tuning": (
        "HyperParameterTuningJobConfig",
        "TrainingJobDefinition",
        "TrainingJobDefinitions",
        "WarmStartConfig",
    ),
    "AutoML": ("AutoMLJobConfig", "AutoMLJobObjective", "InputDataConfig", "ProblemType"),
    "Transform": ("DataProcessing", "Environment", "ModelName", "TransformInput"),
    "QualityCheck": _CHECK_ARGUMENTS,
    "ClarifyCheck": _CHECK_ARGUMENTS,
    "EMR": ("ClusterId", "StepConfig"),
}
# Step-level keys that enter the key (check steps' settings); other step types keep all.
KEY_EXTRA: dict[str, tuple[str, ...]] = {
    "QualityCheck": (
        "CheckType",
        "SkipCheck",
        "RegisterNewBaseline",
        "ModelPackageGroupName",
        "SuppliedBaselineConstraints",
        "SuppliedBaselineStatistics",
    ),
    "ClarifyCheck": (
        "CheckType",
        "SkipCheck",
        "RegisterNewBaseline",
        "ModelPackageGroupName",
        "SuppliedBaselineConstraints",
        "ModelName",
    ),
}


def cache_payload(step_type: str, arguments: JSON, extra: dict[str, JSON]) -> JSON:
    """What the key is computed from: the type, its signature attributes, step-level keys."""
    names = KEY_ARGUMENTS.get(step_type)
    args = arguments
    if names is not None and isinstance(arguments, dict):
        args = {k: v for k, v in arguments.items() if k in names}
    wanted = KEY_EXTRA.get(step_type)
    kept = extra if wanted is None else {k: v for k, v in extra.items() if k in wanted}
    return {"Type": step_type, "Arguments": args, "Extra": kept}


def key(step_type: str, arguments: JSON, extra: dict[str, JSON]) -> str:
    """Stable hash of the step type and its resolved arguments."""
    return canonical_json.digest(cache_payload(step_type, arguments, extra))


def explain_difference(before: JSON, after: JSON, path: str = "", limit: int = 5) -> list[str]:
    """Human lines saying which argument paths changed between two payloads."""
    changes: list[str] = []
    _diff(before, after, path, changes, limit)
    return changes


def _diff(before: JSON, after: JSON, path: str, out: list[str], limit: int) -> None:
    # Compare canonical forms: 1 and 1.0 (or 1 and true) are equal in Python but give
    # different keys, and a miss must never be explained by an empty list.
    if len(out) >= limit or canonical_json.dumps(before) == canonical_json.dumps(after):
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for name in sorted(set(before) | set(after)):
            if len(out) >= limit:
                return
            where = f"{path}.{name}" if path else str(name)
            if name not in before:
                out.append(f"{where} added ({_short(after[name])})")
            elif name not in after:
                out.append(f"{where} removed (was {_short(before[name])})")
            else:
                _diff(before[name], after[name], where, out, limit)
        return
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            _diff(b, a, f"{path}[{i}]", out, limit)
        return
    out.append(f"{path} changed from {_short(before)} to {_short(after)}")


def _short(value: JSON) -> str:
    text = canonical_json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."
