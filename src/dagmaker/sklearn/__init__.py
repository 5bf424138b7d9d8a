"""scikit-learn: ``SKLearn`` (training) and ``SKLearnProcessor`` (processing)."""

from __future__ import annotations

from dagmaker.sklearn.estimator import SKLearn
from dagmaker.sklearn.model import SKLearnModel, SKLearnPredictor
from dagmaker.sklearn.processing import SKLearnProcessor

__all__ = ["SKLearn", "SKLearnModel", "SKLearnPredictor", "SKLearnProcessor"]
