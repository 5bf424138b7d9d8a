"""One Clarify analysis: configuration and dataset in, ``analysis.json`` out.

The model's features are every column but the label, the predicted label, the join
column and ``excluded_columns`` (the facets stay: the model sees them unless excluded).
When the model must be called, or for the flip test, the features must be numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dagmaker._lib import json_path
from dagmaker.quality import bias_report, clarify_predictions
from dagmaker.quality.bias_groups import as_numbers, cell_text
from dagmaker.quality.bias_posttraining import POSTTRAINING
from dagmaker.quality.bias_pretraining import PRETRAINING
from dagmaker.quality.clarify_config import ClarifyConfig, ClarifyConfigError
from dagmaker.quality.clarify_predictions import Model
from dagmaker.quality.clarify_table import DatasetError, Table
from dagmaker.quality.explain_shap import (
    LabelExplanation,
    ShapSettings,
    explain,
    kernel_shap_section,
)


@dataclass
class AnalysisResult:
    """What an analysis produced.

    Attributes:
        document: ``analysis.json``.
        explanations: Per-label SHAP results (with local values), when SHAP ran.
        feature_names: The model's features, in order.
    """

    document: dict[str, Any]
    explanations: list[LabelExplanation] = field(default_factory=list)
    feature_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Features:
    names: list[str]
    matrix: np.ndarray | None
    problem: str


def analyse(
    config: ClarifyConfig,
    table: Table,
    model: Model | None = None,
    shap_baseline: np.ndarray | None = None,
) -> AnalysisResult:
    """Run every requested method.

    Args:
        config: The checked configuration.
        table: The dataset.
        model: Answers feature rows (needed when ``config.needs_predictions``).
        shap_baseline: Baseline rows read from a file (``methods.shap.baseline`` URI).

    Raises:
        ClarifyConfigError: when predictions are needed and there is no model.
        DatasetError: for columns that do not fit the configuration.
    """
    features = _features(config, table)
    responses = _responses(config, features, model) if config.needs_predictions else None
    document: dict[str, Any] = {"version": "1.0"}
    result = AnalysisResult(document, feature_names=features.names)
    if "pre_training_bias" in config.methods or "post_training_bias" in config.methods:
        document.update(_bias(config, table, features, responses))
    if "shap" in config.methods:
        assert model is not None and config.predictor is not None  # checked by _responses
        result.explanations = _shap(config, features, model, shap_baseline)
        document["explanations"] = {"kernel_shap": kernel_shap_section(result.explanations)}
    return result


def _features(config: ClarifyConfig, table: Table) -> _Features:
    left_out = {
        table.name_of(c, setting)
        for setting, c in (
            ("label", config.label),
            ("predicted_label", config.predicted_label),
            ("joinsource_name_or_index", config.joinsource),
        )
        if c is not None
    }
    left_out |= {table.name_of(c, "excluded_columns") for c in config.excluded_columns}
    names = [n for n in table.names if n not in left_out]
    columns, problem = [], ""
    for name in names:
        numbers = as_numbers(table.columns[name])
        if numbers is None:
            row, value = next(
                (i, v) for i, v in enumerate(table.columns[name], 1) if as_numbers([v]) is None
            )
            problem = f"column {name} is not numeric (record {row} holds {cell_text(value)!r})"
            break
        columns.append(numbers)
    if problem or not names:
        return _Features(names, None, problem or "no feature columns")
    return _Features(names, np.column_stack(columns), "")


def _numeric(features: _Features, why: str) -> np.ndarray:
    if features.matrix is None:
        raise DatasetError(
            f"{why} needs numeric features, but {features.problem}; drop such columns with "
            "excluded_columns or encode them as numbers"
        )
    return features.matrix


def _responses(config: ClarifyConfig, features: _Features, model: Model | None) -> list[Any]:
    if model is None or config.predictor is None:
        raise ClarifyConfigError("the analysis needs predictions but no model was given")
    matrix = _numeric(features, "calling the model")
    responses = model.predict(matrix)
    if len(responses) != len(matrix):
        raise DatasetError(
            f"the model gave {len(responses)} responses for {len(matrix)} records; each "
            "record needs exactly one"
        )
    return responses


def _bias(
    config: ClarifyConfig, table: Table, features: _Features, responses: list[Any] | None
) -> dict[str, Any]:
    assert config.label is not None  # checked by clarify_config.parse
    bias = bias_report.BiasConfig(
        label=table.name_of(config.label, "label"),
        label_values=config.label_values,
        facets=tuple(
            bias_report.Facet(table.name_of(f.name_or_index, "facet name_or_index"), f.values)
            for f in config.facets
        ),
        group_variable=(
            table.name_of(config.group_variable, "group_variable")
            if config.group_variable is not None
            else None
        ),
    )
    data = bias_report.BiasData(
        table.columns,
        predicted=_predicted(config, table, responses),
        features=features.matrix,
        features_error=features.problem,
    )
    sections: dict[str, Any] = {}
    if "pre_training_bias" in config.methods:
        names = _requested(config, "pre_training_bias", PRETRAINING)
        sections["pre_training_bias_metrics"] = bias_report.pretraining(data, bias, names)
    if "post_training_bias" in config.methods:
        names = _requested(config, "post_training_bias", POSTTRAINING)
        sections["post_training_bias_metrics"] = bias_report.posttraining(data, bias, names)
    return sections


def _requested(config: ClarifyConfig, method: str, table: Any) -> list[str]:
    settings = config.methods.get(method) or {}
    return bias_report.metric_names(settings.get("methods", "all"), table, method)


def _predicted(
    config: ClarifyConfig, table: Table, responses: list[Any] | None
) -> list[object] | None:
    if config.predicted_label is not None:
        return table.columns[table.name_of(config.predicted_label, "predicted_label")]
    if responses is None or config.predictor is None:
        return None
    return clarify_predictions.labels(responses, config.predictor, config.probability_threshold)


def _shap(
    config: ClarifyConfig, features: _Features, model: Model, baseline: np.ndarray | None
) -> list[LabelExplanation]:
    assert config.predictor is not None
    predictor = config.predictor
    matrix = _numeric(features, "SHAP")
    settings = config.methods.get("shap") or {}
    rows = baseline
    if rows is None:
        rows = _inline_baseline(settings.get("baseline"), config.features)

    def predict(batch: np.ndarray) -> np.ndarray:
        found = clarify_predictions.scores(model.predict(batch), predictor)
        return found[:, 0] if found.shape[1] == 1 else found

    shap_settings = ShapSettings(
        baseline=rows,
        num_samples=settings.get("num_samples"),
        agg_method=settings.get("agg_method", "mean_abs"),
        use_logit=bool(settings.get("use_logit", False)),
        seed=settings.get("seed"),
        num_clusters=settings.get("num_clusters"),
    )
    return explain(matrix, features.names, predict, shap_settings, predictor.label_headers)


def _inline_baseline(value: Any, features_path: str | None) -> np.ndarray | None:
    if value is None:
        return None
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        # JSON Lines baselines are records: [{"features": [0, 0, 0]}].
        path = json_path.parse(features_path or "features")
        try:
            value = [json_path.lookup(v, path) for v in value]
        except json_path.PathLookupError as error:
            raise ClarifyConfigError(
                f"methods.shap.baseline records do not fit features: {error}",
                field="methods.shap.baseline",
            ) from None
    if isinstance(value, str):
        raise ClarifyConfigError(
            f"methods.shap.baseline {value!r} is a location the job did not stage; give the "
            "baseline rows inline or as an s3:// URI",
            field="methods.shap.baseline",
        )
    try:
        rows = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ClarifyConfigError(
            "methods.shap.baseline must be rows of numeric feature values",
            field="methods.shap.baseline",
        ) from None
    return rows.reshape(1, -1) if rows.ndim == 1 else rows
