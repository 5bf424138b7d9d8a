"""Describe* response shapes that type step properties (from the public API models).

A shape reference is either a shape name in ``property_shapes.json`` or a scalar kind
(``string``, ``integer``, ``timestamp``, …).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCALAR_KINDS = ("string", "integer", "long", "float", "double", "boolean", "timestamp", "blob")
# Tuning step properties merge two responses, as the SDK does.
MERGED_ROOTS = {
    "TuningStepProperties": (
        "DescribeHyperParameterTuningJobResponse",
        "ListTrainingJobsForHyperParameterTuningJobResponse",
    ),
    "EMRStepProperties": ("emr:Step",),
    # The Pipelines service adds the best candidate's report files to DescribeAutoMLJob.
    "AutoMLStepProperties": ("DescribeAutoMLJobResponse", "AutoMLStepReportPaths"),
}
# Shapes of step properties that no API response has (see MERGED_ROOTS).
STEP_ONLY_SHAPES: dict[str, list[Any]] = {
    "AutoMLStepReportPaths": [
        "structure",
        {"BestCandidateProperties": "AutoMLBestCandidateReports"},
    ],
    "AutoMLBestCandidateReports": [
        "structure",
        {"ExplainabilityJsonReportPath": "string", "ModelInsightsJsonReportPath": "string"},
    ],
}


@cache
def _table() -> dict[str, list[Any]]:
    text = resources.files("dagmaker.definition").joinpath("property_shapes.json").read_text()
    table: dict[str, list[Any]] = json.loads(text)
    return {**table, **STEP_ONLY_SHAPES}


def kind(shape: str) -> str:
    """``structure``, ``list``, ``map`` or the scalar kind."""
    if shape in MERGED_ROOTS:
        return "structure"
    entry = _table().get(shape)
    return str(entry[0]) if entry else shape


def members(shape: str) -> dict[str, str]:
    """Member name → shape reference of a structure shape (empty for other kinds)."""
    if shape in MERGED_ROOTS:
        merged: dict[str, str] = {}
        for part in MERGED_ROOTS[shape]:
            merged.update(members(part))
        return merged
    entry = _table().get(shape)
    if not entry or entry[0] != "structure":
        return {}
    body: dict[str, str] = entry[1]
    return body


def element(shape: str) -> str:
    """The element shape of a list, or the value shape of a map."""
    entry = _table().get(shape)
    if not entry or entry[0] not in ("list", "map"):
        raise KeyError(shape)
    return str(entry[1])


def is_scalar(shape: str) -> bool:
    """Whether the reference is a scalar kind rather than a named shape."""
    return shape in SCALAR_KINDS
