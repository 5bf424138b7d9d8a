"""``Predictor`` and ``PredictorBase`` (``sagemaker.predictor``)."""

from __future__ import annotations

from dagmaker.base_predictor import Predictor, PredictorBase

__all__ = ["Predictor", "PredictorBase"]
