"""Clarify's ``analysis_config.json``, read and checked before any data is.

The fields (SageMaker's "Configure the analysis" page): ``dataset_type``, ``headers``,
``label``, ``predicted_label``, ``features`` (JSON Lines), ``excluded_columns``,
``joinsource_name_or_index``, ``probability_threshold``, ``label_values_or_threshold``,
``facet``, ``group_variable``, ``methods`` (``pre_training_bias``, ``post_training_bias``,
``shap``, ``report``) and ``predictor``. Columns may be named or given by zero-based
index; indexes are resolved once the data's headers are known. Every problem found is
reported at once, each naming its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dagmaker.errors import DagmakerError

DATASET_TYPES = ("text/csv", "application/jsonlines", "application/x-parquet")
KNOWN_METHODS = ("pre_training_bias", "post_training_bias", "shap", "pdp", "report")
Column = str | int


class ClarifyConfigError(DagmakerError):
    """``analysis_config.json`` is invalid."""

    headline = "Invalid Clarify analysis configuration"


@dataclass(frozen=True)
class FacetSetting:
    """One entry of ``facet``: a column and its values or threshold (may be empty)."""

    name_or_index: Column
    values: tuple[object, ...] = ()


@dataclass(frozen=True)
class PredictorSetting:
    """``predictor``: where predictions come from and how to read them.

    Attributes:
        model_name: A model (CreateModel) to load and call.
        endpoint_name: An endpoint to call instead.
        content_type: Request type (defaults to the dataset type).
        accept_type: Response type (defaults to the request type).
        label: Index / path of the predicted label in a response.
        probability: Index / path of the score(s) in a response.
        label_headers: Names of the model's outputs (explanations, multiclass labels).
        content_template: JSON Lines request template with a ``$features`` placeholder.
    """

    model_name: str | None = None
    endpoint_name: str | None = None
    content_type: str = "text/csv"
    accept_type: str = "text/csv"
    label: Column | None = None
    probability: Column | None = None
    label_headers: tuple[str, ...] = ()
    content_template: str | None = None


@dataclass(frozen=True)
class ClarifyConfig:
    """A checked ``analysis_config.json`` (the raw document is kept in ``document``)."""

    document: Mapping[str, Any]
    dataset_type: str
    headers: tuple[str, ...]
    label: Column | None
    predicted_label: Column | None
    features: str | None
    excluded_columns: tuple[Column, ...]
    joinsource: Column | None
    probability_threshold: float
    label_values: tuple[object, ...]
    facets: tuple[FacetSetting, ...]
    group_variable: Column | None
    methods: Mapping[str, Any]
    predictor: PredictorSetting | None

    @property
    def needs_predictions(self) -> bool:
        """Whether the model must be called (SHAP, or post-training bias without labels)."""
        post = "post_training_bias" in self.methods and self.predicted_label is None
        return post or "shap" in self.methods


def parse(document: Mapping[str, Any]) -> ClarifyConfig:
    """Check ``document`` and return it typed.

    Raises:
        ClarifyConfigError: listing every problem found.
    """
    problems: list[str] = []
    dataset_type = str(document.get("dataset_type") or "")
    if dataset_type not in DATASET_TYPES:
        problems.append(
            f"dataset_type {dataset_type!r} is not supported; use one of {', '.join(DATASET_TYPES)}"
        )
    methods = document.get("methods")
    if not isinstance(methods, dict) or not set(methods) - {"report"}:
        problems.append("methods must name at least one analysis (e.g. pre_training_bias)")
        methods = {}
    problems += [
        f"methods.{name} is not a Clarify analysis method; use {', '.join(KNOWN_METHODS)}"
        for name in methods
        if name not in KNOWN_METHODS
    ]
    config = ClarifyConfig(
        document=document,
        dataset_type=dataset_type,
        headers=tuple(str(h) for h in document.get("headers") or ()),
        label=_column(document, "label", problems),
        predicted_label=_column(document, "predicted_label", problems),
        features=document.get("features"),
        excluded_columns=tuple(document.get("excluded_columns") or ()),
        joinsource=_column(document, "joinsource_name_or_index", problems),
        probability_threshold=_threshold(document, problems),
        label_values=_values(document.get("label_values_or_threshold")),
        facets=_facets(document.get("facet"), problems),
        group_variable=_column(document, "group_variable", problems),
        methods=methods,
        predictor=_predictor(document.get("predictor"), dataset_type, problems),
    )
    problems += _requirements(config)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        lines = "\n".join(f"  {i}. {p}" for i, p in enumerate(problems, start=1))
        raise ClarifyConfigError(f"analysis_config.json has {len(problems)} {noun}:\n{lines}")
    return config


def _requirements(config: ClarifyConfig) -> list[str]:
    problems = []
    bias = [m for m in ("pre_training_bias", "post_training_bias") if m in config.methods]
    if bias and config.label is None:
        problems.append(f"{bias[0]} needs label (the observed label column)")
    if bias and not config.label_values:
        problems.append(f"{bias[0]} needs label_values_or_threshold")
    if bias and not config.facets:
        problems.append(f"{bias[0]} needs facet (at least one sensitive column)")
    if config.needs_predictions and config.predictor is None:
        needs = "shap" if "shap" in config.methods else "post_training_bias"
        problems.append(
            f"{needs} needs predictions: give predictor (model_name or endpoint_name)"
            + (" or predicted_label" if needs == "post_training_bias" else "")
        )
    if config.dataset_type == "application/jsonlines" and not config.features:
        problems.append("an application/jsonlines dataset needs features (a path to the list)")
    return problems


def _column(document: Mapping[str, Any], key: str, problems: list[str]) -> Column | None:
    value = document.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        problems.append(f"{key} must be a column name or a zero-based index, got {value!r}")
        return None
    return value


def _values(value: Any) -> tuple[object, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _threshold(document: Mapping[str, Any], problems: list[str]) -> float:
    value = document.get("probability_threshold", 0.5)
    try:
        return float(value)
    except (TypeError, ValueError):
        problems.append(f"probability_threshold must be a number, got {value!r}")
        return 0.5


def _facets(value: Any, problems: list[str]) -> tuple[FacetSetting, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(
            'facet must be a list of {"name_or_index": ..., "value_or_threshold": [...]}'
        )
        return ()
    facets = []
    for i, entry in enumerate(value):
        name = entry.get("name_or_index") if isinstance(entry, dict) else None
        if name is None or isinstance(name, bool) or not isinstance(name, (str, int)):
            problems.append(f"facet[{i}].name_or_index must be a column name or index")
            continue
        facets.append(FacetSetting(name, _values(entry.get("value_or_threshold"))))
    return tuple(facets)


def _predictor(value: Any, dataset_type: str, problems: list[str]) -> PredictorSetting | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append("predictor must be an object")
        return None
    if not value.get("model_name") and not value.get("endpoint_name"):
        problems.append("predictor needs model_name or endpoint_name")
    content_type = str(value.get("content_type") or _request_type(dataset_type))
    return PredictorSetting(
        model_name=value.get("model_name") or None,
        endpoint_name=value.get("endpoint_name") or None,
        content_type=content_type,
        accept_type=str(value.get("accept_type") or content_type),
        label=_column(value, "label", problems),
        probability=_column(value, "probability", problems),
        label_headers=tuple(str(h) for h in value.get("label_headers") or ()),
        content_template=value.get("content_template"),
    )


def _request_type(dataset_type: str) -> str:
    return "text/csv" if dataset_type == "application/x-parquet" else dataset_type or "text/csv"
