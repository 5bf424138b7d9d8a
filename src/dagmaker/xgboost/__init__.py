"""XGBoost: ``XGBoost`` (script-mode training) and ``XGBoostProcessor``."""

from __future__ import annotations

from dagmaker.xgboost.estimator import XGBoost
from dagmaker.xgboost.model import XGBoostModel, XGBoostPredictor
from dagmaker.xgboost.processing import XGBoostProcessor

__all__ = ["XGBoost", "XGBoostModel", "XGBoostPredictor", "XGBoostProcessor"]
