"""The bias sections of Clarify's ``analysis.json``.

::

    "pre_training_bias_metrics": {
        "label": "<label column>",
        "label_value_or_threshold": "1",
        "facets": {"<facet column>": [
            {"value_or_threshold": "(0.5, 0.99]",
             "metrics": [{"name": "CI", "description": "Class Imbalance (CI)", "value": -0.08},
                         {"name": "CDDL", ..., "value": null, "error": "<why>"}]}]}}

Metrics are listed in alphabetical order of their short names; infinite values are
written as the strings ``"Infinity"`` and ``"-Infinity"``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from dagmaker.quality import bias_groups
from dagmaker.quality.bias_groups import BiasInputError, Selection
from dagmaker.quality.bias_math import MetricUnavailable
from dagmaker.quality.bias_posttraining import POSTTRAINING, PosttrainingData
from dagmaker.quality.bias_pretraining import PRETRAINING, PretrainingData

Data = TypeVar("Data", PretrainingData, PosttrainingData)


@dataclass(frozen=True)
class Facet:
    """A sensitive column and the group of it the metrics look at.

    Attributes:
        name: The column.
        values: ``value_or_threshold``: values, or one threshold; empty for one result per
            distinct value.
    """

    name: str
    values: tuple[object, ...] = ()


@dataclass(frozen=True)
class BiasConfig:
    """The bias settings of an analysis configuration.

    Attributes:
        label: The observed label column.
        label_values: ``label_values_or_threshold``: positive values, or one threshold.
        facets: The facets to report on.
        group_variable: The column defining CDDL / CDDPL subgroups, if any.
    """

    label: str
    label_values: tuple[object, ...]
    facets: tuple[Facet, ...]
    group_variable: str | None = None


@dataclass(frozen=True)
class BiasData:
    """The records to analyse.

    Attributes:
        columns: Column name → values, one per record.
        predicted: The model's predicted labels, one per record (post-training).
        features: The model's numeric features, one row per record (flip test), or None.
        features_error: Why ``features`` is None.
    """

    columns: Mapping[str, Sequence[object]]
    predicted: Sequence[object] | None = None
    features: np.ndarray | None = None
    features_error: str = "no feature columns"

    def column(self, name: str, setting: str) -> Sequence[object]:
        """The values of column ``name``.

        Raises:
            BiasInputError: naming the setting and the columns there are.
        """
        if name not in self.columns:
            raise BiasInputError(
                f"{setting} {name!r} is not a column of the dataset; its columns are "
                f"{', '.join(self.columns)}",
                field=setting,
            )
        return self.columns[name]


def metric_names(
    requested: object, table: Mapping[str, tuple[str, Callable[[Any], float]]], stage: str
) -> list[str]:
    """The metrics ``methods`` asks for: ``"all"`` or a list of short names.

    Raises:
        BiasInputError: for a name Clarify does not have.
    """
    if requested is None or requested == "all":
        return sorted(table)
    names = [requested] if isinstance(requested, str) else list(requested)  # type: ignore[call-overload]
    unknown = [n for n in names if n not in table]
    if unknown:
        raise BiasInputError(
            f'{stage}.methods has unknown metric {unknown[0]!r}; use "all" or some of '
            f"{', '.join(sorted(table))}",
            field=f"methods.{stage}.methods",
        )
    return sorted(set(names))


def pretraining(data: BiasData, config: BiasConfig, names: Sequence[str]) -> dict[str, Any]:
    """The ``pre_training_bias_metrics`` section."""
    observed, description = _positives(data, config)
    groups = _groups(data, config)

    def build(selection: Selection) -> PretrainingData:
        return PretrainingData(observed, selection.mask, groups)

    return _section(data, config, description, lambda s: _metrics(PRETRAINING, names, build(s)))


def posttraining(data: BiasData, config: BiasConfig, names: Sequence[str]) -> dict[str, Any]:
    """The ``post_training_bias_metrics`` section.

    Raises:
        BiasInputError: without predicted labels.
    """
    if data.predicted is None:
        raise BiasInputError("post-training bias needs the model's predicted labels")
    observed, description = _positives(data, config)
    chosen = bias_groups.rule(config.label, data.column(config.label, "label"), config.label_values)
    predicted = chosen.matches(data.predicted, "the predicted label")
    groups = _groups(data, config)

    def build(selection: Selection) -> PosttrainingData:
        return PosttrainingData(
            observed, predicted, selection.mask, groups, data.features, data.features_error
        )

    return _section(data, config, description, lambda s: _metrics(POSTTRAINING, names, build(s)))


def _positives(data: BiasData, config: BiasConfig) -> tuple[np.ndarray, str]:
    if not config.label_values:
        raise BiasInputError(
            "label_values_or_threshold is required for bias metrics: the positive label "
            "values, or one threshold",
            field="label_values_or_threshold",
        )
    labels = data.column(config.label, "label")
    if not labels:
        raise BiasInputError("the dataset has no records to analyse")
    selection = bias_groups.select(config.label, labels, config.label_values)
    return selection.mask, selection.description


def _groups(data: BiasData, config: BiasConfig) -> np.ndarray | None:
    if not config.group_variable:
        return None
    values = data.column(config.group_variable, "group_variable")
    return np.array([bias_groups.cell_text(v) for v in values])


def _section(
    data: BiasData,
    config: BiasConfig,
    label_description: str,
    metrics: Callable[[Selection], list[dict[str, Any]]],
) -> dict[str, Any]:
    facets: dict[str, list[dict[str, Any]]] = {}
    for facet in config.facets:
        values = data.column(facet.name, "facet name_or_index")
        selections = (
            [bias_groups.select(facet.name, values, facet.values)]
            if facet.values
            else bias_groups.one_vs_rest(facet.name, values)
        )
        facets[facet.name] = [
            {"value_or_threshold": s.description, "metrics": metrics(s)} for s in selections
        ]
    return {
        "label": config.label,
        "facets": facets,
        "label_value_or_threshold": label_description,
    }


def _metrics(
    table: Mapping[str, tuple[str, Callable[[Data], float]]], names: Sequence[str], data: Data
) -> list[dict[str, Any]]:
    entries = []
    for name in names:
        description, compute = table[name]
        entry: dict[str, Any] = {"name": name, "description": description}
        try:
            entry["value"] = json_value(compute(data))
        except MetricUnavailable as reason:
            entry.update(value=None, error=str(reason))
        entries.append(entry)
    return entries


def json_value(value: float) -> float | str | None:
    """A metric as ``analysis.json`` holds it: infinities as strings, NaN as null."""
    if math.isnan(value):
        return None
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value
