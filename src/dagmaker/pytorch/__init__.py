"""PyTorch: ``PyTorch`` (script-mode training) and ``PyTorchProcessor``."""

from __future__ import annotations

from dagmaker.pytorch.estimator import PyTorch
from dagmaker.pytorch.model import PyTorchModel, PyTorchPredictor
from dagmaker.pytorch.processing import PyTorchProcessor

__all__ = ["PyTorch", "PyTorchModel", "PyTorchPredictor", "PyTorchProcessor"]
