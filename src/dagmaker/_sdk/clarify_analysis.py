"""Clarify's ``analysis_config.json`` for each kind of job, built from the SDK's configs.

The dataset and bias parts come from ``DataConfig`` / ``BiasConfig``; ``methods`` gets
the requested analyses plus the report; ``predictor`` comes from ``ModelConfig`` and
``ModelPredictedLabelConfig`` (or, without a model, the dataset must carry predictions).
"""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.clarify_data import BiasConfig, DataConfig, put
from dagmaker._sdk.clarify_model import (
    ExplainabilityConfig,
    ModelConfig,
    ModelPredictedLabelConfig,
    PDPConfig,
)

REPORT = {"name": "report", "title": "Analysis Report"}


def bias_pre_training(
    data_config: DataConfig, bias_config: BiasConfig, methods: Any
) -> dict[str, Any]:
    """Pre-training bias of the dataset's labels."""
    config = {**data_config.get_config(), **bias_config.get_config()}
    return add_methods(config, pre_training_methods=methods)


def bias_post_training(
    data_config: DataConfig,
    bias_config: BiasConfig,
    model_predicted_label_config: Any,
    methods: Any,
    model_config: ModelConfig | None,
) -> dict[str, Any]:
    """Post-training bias of the model's predictions."""
    config = {**data_config.get_config(), **bias_config.get_config()}
    config = add_methods(config, post_training_methods=methods)
    return add_predictor(config, model_config, model_predicted_label_config)


def bias(
    data_config: DataConfig,
    bias_config: BiasConfig,
    model_config: ModelConfig | None,
    model_predicted_label_config: Any,
    pre_training_methods: Any = "all",
    post_training_methods: Any = "all",
) -> dict[str, Any]:
    """Pre- and post-training bias."""
    config = {**data_config.get_config(), **bias_config.get_config()}
    config = add_methods(
        config,
        pre_training_methods=pre_training_methods,
        post_training_methods=post_training_methods,
    )
    return add_predictor(config, model_config, model_predicted_label_config)


def explainability(
    data_config: DataConfig,
    model_config: ModelConfig,
    model_predicted_label_config: Any,
    explainability_config: Any,
) -> dict[str, Any]:
    """Feature attributions (SHAP) and/or partial dependence (PDP)."""
    config = add_predictor(data_config.analysis_config, model_config, model_predicted_label_config)
    return add_methods(config, explainability_config=explainability_config)


def bias_and_explainability(
    data_config: DataConfig,
    model_config: ModelConfig,
    model_predicted_label_config: Any,
    explainability_config: Any,
    bias_config: BiasConfig,
    pre_training_methods: Any = "all",
    post_training_methods: Any = "all",
) -> dict[str, Any]:
    """Bias and explainability in one job."""
    config = {**data_config.get_config(), **bias_config.get_config()}
    config = add_methods(
        config,
        pre_training_methods=pre_training_methods,
        post_training_methods=post_training_methods,
        explainability_config=explainability_config,
    )
    return add_predictor(config, model_config, model_predicted_label_config)


def add_predictor(
    analysis_config: dict[str, Any],
    model_config: ModelConfig | None,
    model_predicted_label_config: Any,
) -> dict[str, Any]:
    """A copy of ``analysis_config`` with its ``predictor`` (and probability threshold).

    Raises:
        ValueError: without a model when explainability is asked for, or when the
            dataset carries no predicted labels either.
    """
    config = {**analysis_config}
    if isinstance(model_config, ModelConfig):
        config["predictor"] = model_config.get_predictor_config()
    else:
        methods = config.get("methods", {})
        if "shap" in methods or "pdp" in methods:
            raise ValueError(
                "model_config must be provided when explainability methods are selected."
            )
        if "predicted_label_dataset_uri" not in config and "predicted_label" not in config:
            raise ValueError(
                "model_config must be provided when `predicted_label_dataset_uri` or "
                "`predicted_label` are not provided in data_config."
            )
    if isinstance(model_predicted_label_config, ModelPredictedLabelConfig):
        threshold, predictor = model_predicted_label_config.get_predictor_config()
        if predictor and "predictor" in config:
            config["predictor"].update(predictor)
        put(threshold, "probability_threshold", config)
    elif "predictor" in config:
        put(model_predicted_label_config, "label", config["predictor"])
    return config


def add_methods(
    analysis_config: dict[str, Any],
    pre_training_methods: Any = None,
    post_training_methods: Any = None,
    explainability_config: Any = None,
    report: bool = True,
) -> dict[str, Any]:
    """A copy of ``analysis_config`` with the requested ``methods``.

    Raises:
        ValueError: when no method at all is requested.
    """
    if not any((pre_training_methods, post_training_methods, explainability_config)):
        raise ValueError(
            "analysis_config must have at least one working method: one of "
            "`pre_training_methods`, `post_training_methods`, `explainability_config`."
        )
    config = {**analysis_config}
    methods = dict(config.get("methods") or {})
    if report:
        methods["report"] = dict(REPORT)
    if pre_training_methods:
        methods["pre_training_bias"] = {"methods": pre_training_methods}
    if post_training_methods:
        methods["post_training_bias"] = {"methods": post_training_methods}
    if explainability_config is not None:
        methods.update(merge_explainability_configs(explainability_config))
    config["methods"] = methods
    return config


def merge_explainability_configs(explainability_config: Any) -> dict[str, Any]:
    """The ``methods`` entries of one explainability config or a list of them.

    Raises:
        ValueError: for an empty list, duplicates, or PDP without features and without SHAP.
    """
    if isinstance(explainability_config, ExplainabilityConfig):
        if isinstance(explainability_config, PDPConfig) and (
            "features" not in explainability_config.pdp_config
        ):
            raise ValueError("PDP features must be provided when ShapConfig is not provided")
        return explainability_config.get_explainability_config()
    if not isinstance(explainability_config, list) or not explainability_config:
        raise ValueError(
            "explainability_config must be a SHAPConfig, a PDPConfig or a non-empty list of them"
        )
    merged: dict[str, Any] = {}
    for item in explainability_config:
        merged.update(item.get_explainability_config())
    if len(merged) != len(explainability_config):
        raise ValueError("Duplicate explainability configs are provided")
    if "shap" not in merged and "features" not in merged.get("pdp", {}):
        raise ValueError("PDP features must be provided when ShapConfig is not provided")
    return merged
