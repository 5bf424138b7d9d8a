"""``PyTorchModel``: a PyTorch model served by SageMaker's PyTorch inference image."""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.framework_model import ServingFrameworkModel
from dagmaker._sdk.framework_predictor import FrameworkPredictor
from dagmaker._sdk.framework_versions import validate_version_or_image_args, version_at_least
from dagmaker.base_deserializers import NumpyDeserializer
from dagmaker.base_serializers import NumpySerializer

__all__ = ["PyTorchModel", "PyTorchPredictor"]

# From this version on the serving image (Multi Model Server) reads the inference code
# from the model archive, so the code is packed into it.
LOWEST_MMS_VERSION = "1.2"


class PyTorchPredictor(FrameworkPredictor):
    """Requests to an endpoint serving a PyTorch model.

    By default requests are sent with
    ``NumpySerializer`` and answers read with ``NumpyDeserializer``.
    """

    default_serializer = NumpySerializer
    default_deserializer = NumpyDeserializer


class PyTorchModel(ServingFrameworkModel):
    """A PyTorch model; ``entry_point`` defines ``model_fn`` and friends."""

    _framework_name = "pytorch"

    def __init__(
        self,
        model_data: Any,
        role: Any = None,
        entry_point: str | None = None,
        framework_version: str | None = "1.3",
        py_version: str | None = None,
        image_uri: Any = None,
        predictor_cls: Any = None,
        model_server_workers: Any = None,
        **kwargs: Any,
    ) -> None:
        validate_version_or_image_args(framework_version, py_version, image_uri)
        self.framework_version = framework_version
        self.py_version = py_version
        super().__init__(
            model_data,
            image_uri,
            role,
            entry_point,
            predictor_cls=predictor_cls or PyTorchPredictor,
            **kwargs,
        )
        self.model_server_workers = model_server_workers

    def _repack_code(self) -> bool:
        return version_at_least(str(self.framework_version), LOWEST_MMS_VERSION)

    def _served_model_data(self) -> Any:
        return self.repacked_model_data or self.model_data

    def _deploy_image(
        self, instance_type: Any, accelerator_type: Any, serverless_inference_config: Any
    ) -> Any:
        if not self.image_uri and instance_type is None and serverless_inference_config is None:
            raise ValueError(
                "Must supply either an instance type (for choosing CPU vs GPU) or an image URI."
            )
        return super()._deploy_image(instance_type, accelerator_type, serverless_inference_config)

    def _framework_for_registry(
        self, framework: Any, framework_version: Any, image_uri: Any, instance_type: Any
    ) -> tuple[Any, Any]:
        framework, framework_version = super()._framework_for_registry(
            framework, framework_version, image_uri, instance_type
        )
        return framework, framework_version or self.framework_version
