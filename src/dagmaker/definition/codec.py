"""Read and write definition JSON.

``decode`` never stops at the first problem: it returns what it could parse plus every
structural issue, so that validation can report all problems at once.
"""

from __future__ import annotations

import json
from typing import Any

from dagmaker.definition.json_text import read_document
from dagmaker.definition.model import (
    CacheConfig,
    ParameterDecl,
    PipelineDefinition,
    PropertyFileDecl,
    RetryPolicy,
    StepDef,
)
from dagmaker.errors import DefinitionError, Issue

JSON = Any
VERSION = "2020-12-01"


def loads(text: str | bytes | dict[str, JSON]) -> dict[str, JSON]:
    """Turn definition text (or bytes, or a parsed document) into a JSON object.

    Raises:
        DefinitionError: when it cannot be one (not UTF-8 or JSON, too large, too deep, a
            number out of range, not an object), located by line, byte or JSON path.
    """
    return read_document(text)


def dumps(doc: dict[str, JSON]) -> str:
    """Serialise a definition document the way the SDK does (compact, key order kept)."""
    return json.dumps(doc)


def decode(doc: dict[str, JSON]) -> tuple[PipelineDefinition, list[Issue]]:
    """Parse the document into a :class:`PipelineDefinition` and the structural issues."""
    issues: list[Issue] = []
    version = doc.get("Version")
    if version != VERSION:
        issues.append(Issue("", "Version", f"must be {VERSION!r}, got {version!r}"))
    params = _parameters(doc.get("Parameters", []), issues)
    steps: dict[str, StepDef] = {}
    raw_steps = doc.get("Steps")
    top: list[str] = []
    if not isinstance(raw_steps, list):
        issues.append(Issue("", "Steps", "must be a list of step objects"))
    else:
        top = _collect(raw_steps, "Steps", None, None, steps, issues)
    metadata = doc.get("Metadata") or {}
    definition = PipelineDefinition(
        version=str(version),
        parameters=tuple(params),
        steps=steps,
        top_level=tuple(top),
        experiment_config=doc.get("PipelineExperimentConfig"),
        metadata=metadata if isinstance(metadata, dict) else {},
        raw=doc,
    )
    return definition, issues


def decode_strict(doc: dict[str, JSON]) -> PipelineDefinition:
    """Like :func:`decode` but raise when any structural issue was found."""
    definition, issues = decode(doc)
    if issues:
        raise DefinitionError.from_issues(issues)
    return definition


def _parameters(value: JSON, issues: list[Issue]) -> list[ParameterDecl]:
    if not isinstance(value, list):
        issues.append(Issue("", "Parameters", "must be a list"))
        return []
    decls = []
    for i, item in enumerate(value):
        path = f"Parameters[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("Name"), str):
            issues.append(Issue("", path, "a parameter needs a string 'Name'"))
            continue
        enum = item.get("EnumValues")
        decls.append(
            ParameterDecl(
                name=item["Name"],
                type=str(item.get("Type", "String")),
                default=item.get("DefaultValue"),
                has_default="DefaultValue" in item,
                enum_values=tuple(str(v) for v in enum) if isinstance(enum, list) else None,
            )
        )
    return decls


def _collect(
    items: list[JSON],
    path: str,
    parent: str | None,
    branch: str | None,
    steps: dict[str, StepDef],
    issues: list[Issue],
) -> list[str]:
    names = []
    for i, raw in enumerate(items):
        where = f"{path}[{i}]"
        step = _step(raw, where, parent, branch, issues)
        if step is None:
            continue
        if step.name in steps:
            issues.append(Issue(step.name, where, _duplicate_message(steps[step.name], step)))
            continue
        steps[step.name] = step
        names.append(step.name)
        if step.type == "Condition" and isinstance(step.arguments, dict):
            for key in ("IfSteps", "ElseSteps"):
                nested = step.arguments.get(key, [])
                if isinstance(nested, list):
                    _collect(nested, f"{where}.Arguments.{key}", step.name, key, steps, issues)
                else:
                    issues.append(Issue(step.name, f"Arguments.{key}", "must be a list of steps"))
    return names


def _duplicate_message(first: StepDef, second: StepDef) -> str:
    if first.parent and first.parent == second.parent and first.branch != second.branch:
        return (
            f"step is in both IfSteps and ElseSteps of condition {first.parent!r}; a condition "
            "cannot use the same step in both branches: duplicate it under another name"
        )
    if (first.parent is None) != (second.parent is None):
        return (
            f"step is listed both at top level and inside condition "
            f"{first.parent or second.parent!r}; list branch steps only inside the branch"
        )
    return (
        f"duplicate step name (also at {first.json_path}); step names must be unique "
        "across the pipeline, branches included"
    )


def _step(
    raw: JSON, where: str, parent: str | None, branch: str | None, issues: list[Issue]
) -> StepDef | None:
    if not isinstance(raw, dict):
        issues.append(Issue("", where, "a step must be a JSON object"))
        return None
    name, kind = raw.get("Name"), raw.get("Type")
    if not isinstance(name, str) or not name:
        issues.append(Issue("", where + ".Name", "every step needs a non-empty string 'Name'"))
        return None
    if not isinstance(kind, str):
        issues.append(Issue(name, "Type", "every step needs a string 'Type'"))
        return None
    depends = raw.get("DependsOn") or []
    if not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
        issues.append(Issue(name, "DependsOn", "must be a list of step names"))
        depends = []
    return StepDef(
        name=name,
        type=kind,
        arguments=raw.get("Arguments", {}),
        raw=raw,
        depends_on=tuple(depends),
        display_name=str(raw.get("DisplayName") or ""),
        description=str(raw.get("Description") or ""),
        retry_policies=tuple(_retry_policies(name, raw.get("RetryPolicies"), issues)),
        cache_config=_cache_config(name, raw.get("CacheConfig"), issues),
        property_files=tuple(_property_files(name, raw.get("PropertyFiles"), issues)),
        parent=parent,
        branch=branch,
        json_path=where,
    )


def _retry_policies(step: str, value: JSON, issues: list[Issue]) -> list[RetryPolicy]:
    if value is None:
        return []
    if not isinstance(value, list):
        issues.append(Issue(step, "RetryPolicies", "must be a list"))
        return []
    policies = []
    for i, item in enumerate(value):
        path = f"RetryPolicies[{i}]"
        types = item.get("ExceptionType") if isinstance(item, dict) else None
        if isinstance(types, str):
            types = [types]
        if not isinstance(types, list) or not types:
            issues.append(Issue(step, path + ".ExceptionType", "must be a non-empty list"))
            continue
        try:
            policies.append(
                RetryPolicy(
                    exception_types=tuple(str(t) for t in types),
                    interval_seconds=_number(item, "IntervalSeconds", 1.0),
                    backoff_rate=_number(item, "BackoffRate", 2.0),
                    max_attempts=_opt_int(item, "MaxAttempts"),
                    expire_after_min=_opt_int(item, "ExpireAfterMin"),
                )
            )
        except _BadMember as exc:
            issues.append(Issue(step, f"{path}.{exc.key}", exc.message))
    return policies


class _BadMember(ValueError):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


def _number(item: dict[str, JSON], key: str, default: float) -> float:
    value = item.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _BadMember(key, f"must be a number, not {_kind(value)}")
    try:
        return float(value)
    except OverflowError:
        raise _BadMember(key, "is too large for a number") from None


def _opt_int(item: dict[str, JSON], key: str) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _BadMember(key, f"must be a whole number, not {_kind(value)}")
    return value


def _kind(value: JSON) -> str:
    return (
        "null"
        if value is None
        else repr(value)
        if isinstance(value, (int, float))
        else type(value).__name__
    )


def _cache_config(step: str, value: JSON, issues: list[Issue]) -> CacheConfig | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("Enabled"), bool):
        issues.append(Issue(step, "CacheConfig.Enabled", "must be true or false"))
        return None
    expire = value.get("ExpireAfter")
    return CacheConfig(
        enabled=value["Enabled"], expire_after=None if expire is None else str(expire)
    )


def _property_files(step: str, value: JSON, issues: list[Issue]) -> list[PropertyFileDecl]:
    if value is None:
        return []
    if not isinstance(value, list):
        issues.append(Issue(step, "PropertyFiles", "must be a list"))
        return []
    files = []
    for i, item in enumerate(value):
        keys = ("PropertyFileName", "OutputName", "FilePath")
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in keys):
            issues.append(
                Issue(step, f"PropertyFiles[{i}]", f"needs string fields {', '.join(keys)}")
            )
            continue
        files.append(PropertyFileDecl(item[keys[0]], item[keys[1]], item[keys[2]]))
    return files
