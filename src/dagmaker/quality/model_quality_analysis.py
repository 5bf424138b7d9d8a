"""A model-quality analysis from the analyzer's settings: baseline jobs and monitoring runs.

The model-monitor analyzer program reads its environment (``analysis_type=MODEL_QUALITY``)
and calls one of two functions here:

- `baseline`: a dataset that already holds predictions and labels (a table) →
  ``statistics.json`` and suggested ``constraints.json``;
- `monitor`: captured inferences joined with their ground truth (see
  `model_quality_merge`) → ``statistics.json`` and, against the given constraints,
  ``constraint_violations.json``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dagmaker.quality.model_quality_constraints import check, suggest_constraints
from dagmaker.quality.model_quality_problem import ModelQualityInputError, ProblemType, problem_type
from dagmaker.quality.model_quality_records import from_merged, from_table
from dagmaker.quality.model_quality_statistics import statistics


@dataclass(frozen=True)
class ModelQualitySettings:
    """The analyzer's model-quality environment.

    Attributes:
        problem: ``problem_type``.
        inference_attribute: Where the prediction is.
        probability_attribute: Where the positive-class score is (binary).
        probability_threshold: ``probability_threshold_attribute`` (default 0.5).
        ground_truth_attribute: The label column of a baseline dataset.
    """

    problem: ProblemType
    inference_attribute: str | None = None
    probability_attribute: str | None = None
    probability_threshold: float = 0.5
    ground_truth_attribute: str | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> ModelQualitySettings:
        """The settings in the analyzer's environment variables.

        Reads ``problem_type``, ``inference_attribute``, ``probability_attribute``,
        ``probability_threshold_attribute`` and ``ground_truth_attribute``.

        Raises:
            ModelQualityInputError: for a missing or unknown problem type or a threshold
                that is not a number.
        """
        threshold = environ.get("probability_threshold_attribute") or "0.5"
        try:
            probability_threshold = float(threshold)
        except ValueError:
            raise ModelQualityInputError(
                f"probability_threshold_attribute must be a number, got {threshold!r}",
                field="probability_threshold_attribute",
            ) from None
        return cls(
            problem=problem_type(environ.get("problem_type", "")),
            inference_attribute=environ.get("inference_attribute") or None,
            probability_attribute=environ.get("probability_attribute") or None,
            probability_threshold=probability_threshold,
            ground_truth_attribute=environ.get("ground_truth_attribute") or None,
        )


def baseline(
    settings: ModelQualitySettings, header: Sequence[str], rows: Sequence[Sequence[object]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Statistics and suggested constraints of a baseline table.

    Raises:
        ModelQualityInputError: without ``ground_truth_attribute``, or for unusable data.
    """
    if not settings.ground_truth_attribute:
        raise ModelQualityInputError(
            "a model-quality baseline needs ground_truth_attribute (the label column)",
            field="ground_truth_attribute",
        )
    data = from_table(
        header,
        rows,
        problem=settings.problem,
        ground_truth_attribute=settings.ground_truth_attribute,
        inference_attribute=settings.inference_attribute,
        probability_attribute=settings.probability_attribute,
        probability_threshold=settings.probability_threshold,
    )
    found = statistics(data)
    return found, suggest_constraints(found)


def monitor(
    settings: ModelQualitySettings,
    merged: Sequence[Mapping[str, Any]],
    constraints: Mapping[str, Any] | None,
    evaluation_time: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Statistics of merged records and, given constraints, their violations.

    Raises:
        ModelQualityInputError: for records without the attributes, or no records.
    """
    data = from_merged(
        merged,
        problem=settings.problem,
        inference_attribute=settings.inference_attribute,
        probability_attribute=settings.probability_attribute,
        probability_threshold=settings.probability_threshold,
    )
    found = statistics(data, evaluation_time=evaluation_time)
    return found, (check(found, constraints) if constraints is not None else None)
