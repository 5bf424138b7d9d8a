"""The three problem types Model Monitor's model-quality analysis knows, and its input errors.

Labels arrive as CSV cells or JSON values; they are normalised here to the text the
statistics use as confusion-matrix keys (``1``, ``1.0`` and ``"1"`` are all ``"1"``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum

from dagmaker.errors import DagmakerError


class ProblemType(StrEnum):
    """``problem_type`` of a model-quality job."""

    REGRESSION = "Regression"
    BINARY = "BinaryClassification"
    MULTICLASS = "MulticlassClassification"

    @property
    def metrics_key(self) -> str:
        """The statistics section, e.g. ``regression_metrics``."""
        return _SECTIONS[self] + "_metrics"

    @property
    def constraints_key(self) -> str:
        """The constraints section, e.g. ``regression_constraints``."""
        return _SECTIONS[self] + "_constraints"


_SECTIONS = {
    ProblemType.REGRESSION: "regression",
    ProblemType.BINARY: "binary_classification",
    ProblemType.MULTICLASS: "multiclass_classification",
}


class ModelQualityInputError(DagmakerError):
    """The data or settings of a model-quality analysis cannot be used."""

    headline = "Invalid model-quality input"


def problem_type(value: str) -> ProblemType:
    """Parse ``problem_type``.

    Raises:
        ModelQualityInputError: naming the accepted values.
    """
    try:
        return ProblemType(value)
    except ValueError:
        accepted = ", ".join(p.value for p in ProblemType)
        raise ModelQualityInputError(
            f"unknown problem_type {value!r}; use one of {accepted}", field="problem_type"
        ) from None


def label_text(value: object) -> str:
    """A class label as confusion-matrix key: whole numbers lose their ``.0``."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return _number_text(float(value))
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return _number_text(number) if math.isfinite(number) else text


def _number_text(number: float) -> str:
    return str(int(number)) if number.is_integer() else repr(number)


def numbers(values: Sequence[object], what: str) -> list[float]:
    """Values as floats.

    Raises:
        ModelQualityInputError: naming the first value that is not a number and its row.
    """
    result = []
    for row, value in enumerate(values, start=1):
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ModelQualityInputError(
                f"{what} must be numbers, but record {row} holds {value!r}",
                hint="Check the attribute names (ground_truth_attribute, inference_attribute, "
                "probability_attribute) and the dataset's header.",
            ) from None
        if math.isnan(number):
            raise ModelQualityInputError(f"{what} has a missing value in record {row}")
        result.append(number)
    return result


def binary_labels(values: Sequence[object], what: str) -> list[int]:
    """Binary labels as 0/1.

    Raises:
        ModelQualityInputError: for a value other than 0/1 (or true/false), with its row.
    """
    result = []
    for row, value in enumerate(values, start=1):
        text = label_text(value).lower()
        if text in ("1", "true"):
            result.append(1)
        elif text in ("0", "false"):
            result.append(0)
        else:
            raise ModelQualityInputError(
                f"{what} of a BinaryClassification problem must be 0 or 1, but record {row} "
                f"holds {value!r}",
                hint="Map the classes to 0/1 (e.g. in a record preprocessor script), or use "
                "MulticlassClassification.",
            )
    return result
