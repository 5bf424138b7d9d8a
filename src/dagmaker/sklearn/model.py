"""``SKLearnModel``: a scikit-learn model served by SageMaker's scikit-learn image."""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.framework_model import ServingFrameworkModel
from dagmaker._sdk.framework_predictor import FrameworkPredictor
from dagmaker._sdk.framework_versions import validate_version_or_image_args
from dagmaker.base_deserializers import NumpyDeserializer
from dagmaker.base_serializers import NumpySerializer

__all__ = ["SKLearnModel", "SKLearnPredictor"]


class SKLearnPredictor(FrameworkPredictor):
    """Requests to an endpoint serving a scikit-learn model.

    By default requests are sent with
    ``NumpySerializer`` and answers read with ``NumpyDeserializer``.
    """

    default_serializer = NumpySerializer
    default_deserializer = NumpyDeserializer


class SKLearnModel(ServingFrameworkModel):
    """A scikit-learn model; ``entry_point`` defines ``model_fn`` and friends.

    The code is uploaded to ``code_location`` (or the default bucket) and named by
    ``SAGEMAKER_SUBMIT_DIRECTORY``; it is packed into the model archive only when the
    container runs with network isolation.
    """

    _framework_name = "sklearn"

    def __init__(
        self,
        model_data: Any,
        role: Any = None,
        entry_point: str | None = None,
        framework_version: str | None = None,
        py_version: str | None = "py3",
        image_uri: Any = None,
        predictor_cls: Any = None,
        model_server_workers: Any = None,
        **kwargs: Any,
    ) -> None:
        validate_version_or_image_args(framework_version, py_version, image_uri)
        if py_version and py_version != "py3":
            raise AttributeError(
                "Scikit-learn image only supports Python 3. Please use 'py3' for py_version."
            )
        self.framework_version = framework_version
        self.py_version = py_version
        super().__init__(
            model_data,
            image_uri,
            role,
            entry_point,
            predictor_cls=predictor_cls or SKLearnPredictor,
            **kwargs,
        )
        self.model_server_workers = model_server_workers

    def prepare_container_def(
        self,
        instance_type: Any = None,
        accelerator_type: Any = None,
        serverless_inference_config: Any = None,
        accept_eula: bool | None = None,
        model_reference_arn: str | None = None,
    ) -> dict[str, Any]:
        """The container definition (scikit-learn has no accelerator images).

        Raises:
            ValueError: when ``accelerator_type`` is given.
        """
        if accelerator_type:
            raise ValueError("Accelerator types are not supported for Scikit-Learn.")
        return super().prepare_container_def(
            instance_type,
            serverless_inference_config=serverless_inference_config,
            accept_eula=accept_eula,
            model_reference_arn=model_reference_arn,
        )
