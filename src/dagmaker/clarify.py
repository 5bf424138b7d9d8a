"""SageMaker Clarify: bias and explainability analyses as processing jobs.

``SageMakerClarifyProcessor`` builds Clarify's ``analysis_config.json`` from
``DataConfig``, ``BiasConfig``, ``ModelConfig``, ``ModelPredictedLabelConfig`` and an
explainability config (``SHAPConfig``, ``PDPConfig``), and runs a processing job with
the Clarify image. Locally that image is dagmaker's own analysis program.
"""

from __future__ import annotations

from dagmaker._sdk.clarify_data import BiasConfig, DataConfig
from dagmaker._sdk.clarify_model import (
    ExplainabilityConfig,
    ModelConfig,
    ModelPredictedLabelConfig,
    PDPConfig,
    SHAPConfig,
)
from dagmaker._sdk.clarify_processor import SageMakerClarifyProcessor

__all__ = [
    "BiasConfig",
    "DataConfig",
    "ExplainabilityConfig",
    "ModelConfig",
    "ModelPredictedLabelConfig",
    "PDPConfig",
    "SHAPConfig",
    "SageMakerClarifyProcessor",
]
