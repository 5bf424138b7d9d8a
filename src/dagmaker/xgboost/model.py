"""``XGBoostModel``: an XGBoost model served by SageMaker's XGBoost image."""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.framework_model import ServingFrameworkModel
from dagmaker._sdk.framework_predictor import FrameworkPredictor
from dagmaker.base_deserializers import CSVDeserializer
from dagmaker.base_serializers import LibSVMSerializer

__all__ = ["XGBoostModel", "XGBoostPredictor"]


class XGBoostPredictor(FrameworkPredictor):
    """Requests to an endpoint serving an XGBoost model.

    By default requests are sent with
    ``LibSVMSerializer`` and answers read with ``CSVDeserializer``.
    """

    default_serializer = LibSVMSerializer
    default_deserializer = CSVDeserializer


class XGBoostModel(ServingFrameworkModel):
    """An XGBoost model; ``entry_point`` defines the inference functions.

    The code is uploaded to ``code_location`` (or the default bucket) and named by
    ``SAGEMAKER_SUBMIT_DIRECTORY``; it is packed into the model archive only when the
    container runs with network isolation.
    """

    _framework_name = "xgboost"
    _uses_py_version = False

    def __init__(
        self,
        model_data: Any,
        role: Any = None,
        entry_point: str | None = None,
        framework_version: str | None = None,
        image_uri: Any = None,
        py_version: str = "py3",
        predictor_cls: Any = None,
        model_server_workers: Any = None,
        **kwargs: Any,
    ) -> None:
        if py_version != "py3":
            raise ValueError(
                f"XGBoost images support Python 3 only (py_version='py3'), got {py_version!r}"
            )
        if framework_version is None and image_uri is None:
            raise ValueError(
                "XGBoostModel needs framework_version (e.g. '1.7-1') or image_uri to choose "
                "its serving image"
            )
        super().__init__(
            model_data,
            image_uri,
            role,
            entry_point,
            predictor_cls=predictor_cls or XGBoostPredictor,
            **kwargs,
        )
        self.py_version = py_version
        self.framework_version = framework_version
        self.model_server_workers = model_server_workers
