"""Cache keys and miss explanations: pure functions of resolved step arguments."""

from __future__ import annotations

from typing import Any

from dagmaker._lib import canonical_json

JSON = Any
# Fields whose values differ on every run by construction, never part of the key.
_VOLATILE = {
    "ProcessingJobName",
    "TrainingJobName",
    "TransformJobName",
    "HyperParameterTuningJobName",
    "AutoMLJobName",
    "ExperimentConfig",
    "Tags",
}


def cache_payload(step_type: str, arguments: JSON, extra: dict[str, JSON]) -> JSON:
    """What the key is computed from: the type, resolved Arguments and step-level keys."""
    args = (
        arguments
        if not isinstance(arguments, dict)
        else {k: v for k, v in arguments.items() if k not in _VOLATILE}
    )
    return {"Type": step_type, "Arguments": args, "Extra": extra}


def key(step_type: str, arguments: JSON, extra: dict[str, JSON]) -> str:
    """Stable hash of the step type and its resolved arguments."""
    return canonical_json.digest(cache_payload(step_type, arguments, extra))


def explain_difference(before: JSON, after: JSON, path: str = "", limit: int = 5) -> list[str]:
    """Human lines saying which argument paths changed between two payloads."""
    changes: list[str] = []
    _diff(before, after, path, changes, limit)
    return changes


def _diff(before: JSON, after: JSON, path: str, out: list[str], limit: int) -> None:
    if len(out) >= limit or before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for name in sorted(set(before) | set(after)):
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
