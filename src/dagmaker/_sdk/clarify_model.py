"""Clarify's model settings: the model to query and how to read its answers.

Public through :mod:`dagmaker.clarify`: ``ModelConfig``, ``ModelPredictedLabelConfig``
and the explainability methods (``SHAPConfig``, ``PDPConfig``).
"""

from __future__ import annotations

import copy
import re
from abc import ABC, abstractmethod
from typing import Any

from dagmaker._sdk.clarify_data import put

_ACCEPT_TYPES = ("text/csv", "application/jsonlines", "application/json")
_CONTENT_TYPES = (
    "text/csv",
    "application/jsonlines",
    "application/json",
    "image/jpeg",
    "image/jpg",
    "image/png",
    "application/x-npy",
)
_ENDPOINT_PREFIX = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9])")
AGG_METHODS = ("mean_abs", "median", "mean_sq")


class ModelConfig:
    """The model Clarify sends records to: a model (served for the job) or an endpoint.

    Attributes:
        predictor_config: The ``predictor`` part of ``analysis_config.json``.
    """

    def __init__(
        self,
        model_name: Any = None,
        instance_count: Any = None,
        instance_type: Any = None,
        accept_type: str | None = None,
        content_type: str | None = None,
        content_template: str | None = None,
        record_template: str | None = None,
        custom_attributes: str | None = None,
        accelerator_type: str | None = None,
        endpoint_name_prefix: str | None = None,
        target_model: str | None = None,
        endpoint_name: str | None = None,
    ) -> None:
        by_model = all([model_name, instance_count, instance_type])
        if by_model == bool(endpoint_name):
            raise ValueError(
                "ModelConfig needs either model_name, instance_count and instance_type, or "
                "endpoint_name (not both)"
            )
        if endpoint_name and endpoint_name_prefix:
            raise ValueError("endpoint_name_prefix cannot be used with endpoint_name")
        self.predictor_config: dict[str, Any] = (
            {"endpoint_name": endpoint_name}
            if endpoint_name
            else {
                "model_name": model_name,
                "instance_type": instance_type,
                "initial_instance_count": instance_count,
            }
        )
        if endpoint_name_prefix:
            if _ENDPOINT_PREFIX.search(endpoint_name_prefix) is None:
                raise ValueError(
                    "Invalid endpoint_name_prefix. Please follow pattern "
                    "^[a-zA-Z0-9](-*[a-zA-Z0-9])."
                )
            self.predictor_config["endpoint_name_prefix"] = endpoint_name_prefix
        if accept_type is not None:
            if accept_type not in _ACCEPT_TYPES:
                raise ValueError(
                    f"Invalid accept_type {accept_type!r}; use one of {', '.join(_ACCEPT_TYPES)}"
                )
            self.predictor_config["accept_type"] = accept_type
        if content_type is not None:
            _check_content_type(content_type, content_template, record_template)
            self.predictor_config["content_type"] = content_type
        for key, value in (
            ("content_template", content_template),
            ("record_template", record_template),
            ("custom_attributes", custom_attributes),
            ("accelerator_type", accelerator_type),
            ("target_model", target_model),
        ):
            put(value, key, self.predictor_config)

    def get_predictor_config(self) -> dict[str, Any]:
        """A copy of the ``predictor`` part of ``analysis_config.json``."""
        return copy.deepcopy(self.predictor_config)

    def __repr__(self) -> str:
        return f"ModelConfig({self.predictor_config!r})"


def _check_content_type(
    content_type: str, content_template: str | None, record_template: str | None
) -> None:
    if content_type not in _CONTENT_TYPES:
        raise ValueError(
            f"Invalid content_type {content_type!r}; use one of {', '.join(_CONTENT_TYPES)}"
        )
    if content_type == "application/jsonlines":
        if content_template is None:
            raise ValueError(f"content_template field is required for content_type {content_type}")
        if "$features" not in content_template:
            raise ValueError(
                f"Invalid content_template {content_template!r}: include the placeholder $features"
            )
    if content_type == "application/json":
        if content_template is None or record_template is None:
            raise ValueError(
                f"content_template and record_template are required for content_type {content_type}"
            )
        if "$record" not in content_template:
            raise ValueError(
                f"Invalid content_template {content_template!r}: include $records or $record"
            )


class ModelPredictedLabelConfig:
    """How to find the predicted label (or probability) in the model's answers.

    Attributes:
        label: Index or JMESPath of the predicted label.
        probability: Index or JMESPath of the predicted probability.
        probability_threshold: Probabilities above it are the positive label (default 0.5).
        label_headers: Names of the labels, for multi-output models.
    """

    def __init__(
        self,
        label: Any = None,
        probability: Any = None,
        probability_threshold: float | None = None,
        label_headers: list[str] | None = None,
    ) -> None:
        if probability_threshold is not None:
            try:
                float(probability_threshold)
            except (TypeError, ValueError):
                raise TypeError(
                    f"Invalid probability_threshold {probability_threshold!r}: it must be a number"
                ) from None
        self.label = label
        self.probability = probability
        self.probability_threshold = probability_threshold
        self.label_headers = label_headers
        self.predictor_config: dict[str, Any] = {}
        put(label, "label", self.predictor_config)
        put(probability, "probability", self.predictor_config)
        put(label_headers, "label_headers", self.predictor_config)

    def get_predictor_config(self) -> tuple[float | None, dict[str, Any]]:
        """The threshold and a copy of the predictor settings."""
        return self.probability_threshold, copy.deepcopy(self.predictor_config)


class ExplainabilityConfig(ABC):
    """An explainability method of a Clarify job."""

    @abstractmethod
    def get_explainability_config(self) -> dict[str, Any]:
        """The method's entry of ``analysis_config.json``'s ``methods``."""


class PDPConfig(ExplainabilityConfig):
    """Partial dependence plots.

    Attributes:
        pdp_config: ``{"grid_resolution", "top_k_features", "features"?}``.
    """

    def __init__(
        self, features: list[Any] | None = None, grid_resolution: int = 15, top_k_features: int = 10
    ) -> None:
        self.pdp_config: dict[str, Any] = {
            "grid_resolution": grid_resolution,
            "top_k_features": top_k_features,
        }
        put(features, "features", self.pdp_config)

    def get_explainability_config(self) -> dict[str, Any]:
        """``{"pdp": {...}}``."""
        return copy.deepcopy({"pdp": self.pdp_config})


class SHAPConfig(ExplainabilityConfig):
    """Kernel SHAP feature attributions.

    Attributes:
        shap_config: ``{"use_logit", "save_local_shap_values", "baseline"?, "num_samples"?,
            "agg_method"?, "seed"?, "num_clusters"?, "features_to_explain"?}``.
    """

    def __init__(
        self,
        baseline: Any = None,
        num_samples: int | None = None,
        agg_method: str | None = None,
        use_logit: bool = False,
        save_local_shap_values: bool = True,
        seed: int | None = None,
        num_clusters: int | None = None,
        text_config: Any = None,
        image_config: Any = None,
        features_to_explain: list[Any] | None = None,
    ) -> None:
        if agg_method is not None and agg_method not in AGG_METHODS:
            raise ValueError(
                f"Invalid agg_method {agg_method!r}; use one of {', '.join(AGG_METHODS)}"
            )
        if num_clusters is not None and baseline is not None:
            raise ValueError(
                "Baseline and num_clusters cannot be provided together. Please specify one of "
                "the two."
            )
        if text_config is not None or image_config is not None:
            raise ValueError(
                "text_config and image_config are not supported by dagmaker's Clarify "
                "(tabular datasets only)"
            )
        self.shap_config: dict[str, Any] = {
            "use_logit": use_logit,
            "save_local_shap_values": save_local_shap_values,
        }
        for key, value in (
            ("baseline", baseline),
            ("num_samples", num_samples),
            ("agg_method", agg_method),
            ("seed", seed),
            ("num_clusters", num_clusters),
            ("features_to_explain", features_to_explain),
        ):
            put(value, key, self.shap_config)

    def get_explainability_config(self) -> dict[str, Any]:
        """``{"shap": {...}}``."""
        return copy.deepcopy({"shap": self.shap_config})
