"""dagmaker: SageMaker Model Building Pipelines, Model Registry and Model Monitor, locally.

Importing ``dagmaker`` is cheap: names that SageMaker users reach for at the top level
(``dagmaker.Session``, ``dagmaker.get_execution_role``, …) load on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Session": "dagmaker.session",
    "get_execution_role": "dagmaker.session",
    "Model": "dagmaker.model",
    "PipelineModel": "dagmaker.pipeline",
    "ModelMetrics": "dagmaker.model_metrics",
    "MetricsSource": "dagmaker.model_metrics",
    "image_uris": "dagmaker.image_uris",
    "ModelPackage": "dagmaker.model",
    "FileSource": "dagmaker.model_metrics",
    "Predictor": "dagmaker.predictor",
    "AutoML": "dagmaker.automl.automl",
    "AutoMLInput": "dagmaker.automl.automl",
    "AutoMLJob": "dagmaker.automl.automl",
    "CandidateEstimator": "dagmaker.automl.candidate_estimator",
    "CandidateStep": "dagmaker.automl.candidate_estimator",
    "AutoMLV2": "dagmaker.automl.automlv2",
    "AutoMLJobV2": "dagmaker.automl.automlv2",
    "AutoMLDataChannel": "dagmaker.automl.automlv2",
    "LocalAutoMLDataChannel": "dagmaker.automl.automlv2",
    "AutoMLTabularConfig": "dagmaker.automl.automlv2",
}

__all__ = sorted([*_LAZY, "__version__"])


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dagmaker' has no attribute {name!r}")
    loaded = importlib.import_module(module)
    return loaded if name == "image_uris" else getattr(loaded, name)
