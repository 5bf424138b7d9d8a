"""``Predictor``: requests to an endpoint, and its update and deletion (``sagemaker.Predictor``).

``predict(data)`` serializes ``data`` with the predictor's serializer, calls
``invoke_endpoint`` on the session's runtime client (the local endpoints unless another
client was given) and deserializes the answer. The other methods go through the
session's SageMaker client, as the SageMaker SDK's do.
"""

from __future__ import annotations

import abc
from typing import Any

from dagmaker._sdk.job_names import name_from_base
from dagmaker._sdk.session_endpoints import production_variant
from dagmaker.base_deserializers import BaseDeserializer, BytesDeserializer
from dagmaker.base_serializers import BaseSerializer, IdentitySerializer
from dagmaker.session import Session

__all__ = ["Predictor", "PredictorBase"]


class PredictorBase(abc.ABC):
    """A deployed model that answers ``predict``."""

    @abc.abstractmethod
    def predict(self, *args: Any, **kwargs: Any) -> Any:
        """The model's answer for the data given."""

    @abc.abstractmethod
    def delete_predictor(self, *args: Any, **kwargs: Any) -> None:
        """Remove what serves the predictor."""

    @property
    @abc.abstractmethod
    def content_type(self) -> Any:
        """The media type sent."""

    @property
    @abc.abstractmethod
    def accept(self) -> Any:
        """The media type(s) asked for."""


class Predictor(PredictorBase):
    """Sends requests to an endpoint.

    Args:
        endpoint_name: The endpoint.
        sagemaker_session: The session (a new ``Session`` when not given).
        serializer: Turns data into a request body (default: bytes as they are).
        deserializer: Turns the response into data (default: its bytes).
        component_name: An inference component (accepted; not used locally).
    """

    def __init__(
        self,
        endpoint_name: str,
        sagemaker_session: Any = None,
        serializer: BaseSerializer | None = None,
        deserializer: BaseDeserializer | None = None,
        component_name: str | None = None,
        **kwargs: Any,
    ) -> None:
        for removed in ("content_type", "accept"):
            if removed in kwargs:
                raise TypeError(
                    f"Predictor no longer takes {removed!r}: set it on the serializer or the "
                    "deserializer (as in the SageMaker Python SDK v2)"
                )
        self.endpoint_name = kwargs.pop("endpoint", None) or endpoint_name
        self.component_name = component_name
        self.sagemaker_session = sagemaker_session or Session()
        self.serializer = serializer if serializer is not None else IdentitySerializer()
        self.deserializer = deserializer if deserializer is not None else BytesDeserializer()
        self._endpoint_config_name: str | None = None
        self._model_names: list[str] | None = None
        self._content_type: Any = None
        self._accept: Any = None

    # -- requests -------------------------------------------------------------------------

    def predict(
        self,
        data: Any,
        initial_args: dict[str, Any] | None = None,
        target_model: str | None = None,
        target_variant: str | None = None,
        inference_id: str | None = None,
        custom_attributes: str | None = None,
        component_name: str | None = None,
    ) -> Any:
        """The endpoint's answer for ``data``, deserialized.

        Args:
            data: What to send (through the serializer).
            initial_args: Default ``invoke_endpoint`` arguments.
            target_model: A model of a multi-model endpoint.
            target_variant: The production variant to ask.
            inference_id: An id recorded with the captured data (for ground truth).
            custom_attributes: Passed to the model as ``X-Amzn-SageMaker-Custom-Attributes``.
            component_name: An inference component (not used locally).
        """
        request = self._create_request_args(
            data, initial_args, target_model, target_variant, inference_id, custom_attributes
        )
        runtime = self.sagemaker_session.sagemaker_runtime_client
        return self._handle_response(runtime.invoke_endpoint(**request))

    def _create_request_args(
        self,
        data: Any,
        initial_args: dict[str, Any] | None = None,
        target_model: str | None = None,
        target_variant: str | None = None,
        inference_id: str | None = None,
        custom_attributes: str | None = None,
    ) -> dict[str, Any]:
        args = dict(initial_args or {})
        args.setdefault("EndpointName", self.endpoint_name)
        args.setdefault("ContentType", _joined(self.content_type))
        args.setdefault("Accept", _joined(self.accept))
        optional = {
            "TargetModel": target_model,
            "TargetVariant": target_variant,
            "InferenceId": inference_id,
            "CustomAttributes": custom_attributes,
        }
        args.update({k: v for k, v in optional.items() if v})
        args["Body"] = self.serializer.serialize(data)
        return args

    def _handle_response(self, response: dict[str, Any]) -> Any:
        content_type = response.get("ContentType", "application/octet-stream")
        return self.deserializer.deserialize(response["Body"], content_type)

    @property
    def content_type(self) -> Any:
        """The media type sent (the serializer's unless set)."""
        return self._content_type or self.serializer.CONTENT_TYPE

    @content_type.setter
    def content_type(self, value: Any) -> None:
        self._content_type = value

    @property
    def accept(self) -> Any:
        """The media types asked for (the deserializer's unless set)."""
        return self._accept or self.deserializer.ACCEPT

    @accept.setter
    def accept(self, value: Any) -> None:
        self._accept = value

    # -- the endpoint ---------------------------------------------------------------------

    def update_endpoint(
        self,
        initial_instance_count: int | None = None,
        instance_type: str | None = None,
        accelerator_type: str | None = None,
        model_name: str | None = None,
        tags: list[dict[str, str]] | None = None,
        kms_key: str | None = None,
        data_capture_config_dict: dict[str, Any] | None = None,
        max_instance_count: int | None = None,
        min_instance_count: int | None = None,
        wait: bool = True,
    ) -> None:
        """Serve a new endpoint configuration derived from the current one.

        Raises:
            ValueError: when a new variant is asked for without both instance type and
                count, or without a model while the endpoint serves several.
        """
        variants = None
        if initial_instance_count or instance_type or accelerator_type or model_name:
            variants = [self._new_variant(initial_instance_count, instance_type, model_name)]
        current = self._get_endpoint_config_name()
        new_name = name_from_base(current)
        self.sagemaker_session.create_endpoint_config_from_existing(
            current,
            new_name,
            new_tags=tags,
            new_kms_key=kms_key,
            new_data_capture_config_dict=data_capture_config_dict,
            new_production_variants=variants,
        )
        self.sagemaker_session.update_endpoint(self.endpoint_name, new_name, wait=wait)
        self._endpoint_config_name = new_name

    def _new_variant(self, count: int | None, instance_type: str | None, model: str | None) -> Any:
        if instance_type is None or count is None:
            raise ValueError(
                "Missing initial_instance_count and/or instance_type. Provided values: "
                f"initial_instance_count={count}, instance_type={instance_type}, "
                f"model_name={model}."
            )
        if model is None:
            current = self._get_model_names()
            if len(current) > 1:
                raise ValueError(
                    "Unable to choose a default model for a new EndpointConfig because the "
                    f"endpoint has multiple models: {', '.join(current)}"
                )
            model = current[0]
        else:
            self._model_names = [model]
        return production_variant(model, instance_type, initial_instance_count=count)

    def delete_endpoint(self, delete_endpoint_config: bool = True) -> None:
        """Delete the endpoint (and, by default, its configuration)."""
        if delete_endpoint_config:
            self.sagemaker_session.delete_endpoint_config(self._get_endpoint_config_name())
        self.sagemaker_session.delete_endpoint(self.endpoint_name)

    def delete_predictor(self, wait: bool = False) -> None:
        """Delete the endpoint behind this predictor."""
        self.delete_endpoint()

    def delete_model(self) -> None:
        """Delete the models the endpoint serves.

        Raises:
            RuntimeError: naming the models that could not be deleted.
        """
        failed = []
        for name in self._get_model_names():
            try:
                self.sagemaker_session.delete_model(name)
            except Exception:  # the SDK collects every failure before reporting
                failed.append(name)
        if failed:
            raise RuntimeError(
                f"One or more models cannot be deleted, please retry. \nFailed models: "
                f"{', '.join(failed)}"
            )

    def enable_data_capture(self) -> None:
        """Capture requests and responses (SageMaker's default capture settings)."""
        self.update_data_capture_config(_capture_request(self.sagemaker_session, True))

    def disable_data_capture(self) -> None:
        """Stop capturing."""
        self.update_data_capture_config(_capture_request(self.sagemaker_session, False))

    def update_data_capture_config(self, data_capture_config: Any) -> None:
        """Serve a copy of the current configuration with new capture settings.

        Args:
            data_capture_config: A ``DataCaptureConfig`` (anything with
                ``_to_request_dict()``) or a request dictionary.
        """
        described = self.sagemaker_session.describe_endpoint(self.endpoint_name)
        request = data_capture_config
        if request is not None and hasattr(request, "_to_request_dict"):
            request = request._to_request_dict()
        new_name = name_from_base(self.endpoint_name)
        self.sagemaker_session.create_endpoint_config_from_existing(
            described["EndpointConfigName"], new_name, new_data_capture_config_dict=request
        )
        self.sagemaker_session.update_endpoint(self.endpoint_name, new_name)
        self._endpoint_config_name = new_name

    def _get_endpoint_config_name(self) -> str:
        if self._endpoint_config_name is None:
            described = self.sagemaker_session.describe_endpoint(self.endpoint_name)
            self._endpoint_config_name = str(described["EndpointConfigName"])
        return self._endpoint_config_name

    def _get_model_names(self) -> list[str]:
        if self._model_names is None:
            config = self.sagemaker_session.sagemaker_client.describe_endpoint_config(
                EndpointConfigName=self._get_endpoint_config_name()
            )
            variants = config.get("ProductionVariants") or []
            self._model_names = [v["ModelName"] for v in variants if "ModelName" in v]
        return self._model_names

    @property
    def endpoint(self) -> str:
        """The endpoint's name (the SDK's older attribute)."""
        return self.endpoint_name

    def __repr__(self) -> str:
        return f"{type(self).__name__}(endpoint_name={self.endpoint_name!r})"


def _joined(value: Any) -> str:
    return value if isinstance(value, str) else ", ".join(value)


def _capture_request(session: Any, enabled: bool) -> dict[str, Any]:
    """What ``DataCaptureConfig(enable_capture=...)`` with its defaults asks for."""
    bucket = session.default_bucket()
    prefix = getattr(session, "default_bucket_prefix", None)
    parts = [bucket, prefix, "model-monitor", "data-capture"]
    return {
        "EnableCapture": enabled,
        "InitialSamplingPercentage": 20,
        "DestinationS3Uri": "s3://" + "/".join(p.strip("/") for p in parts if p),
        "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
        "CaptureContentTypeHeader": {
            "CsvContentTypes": ["text/csv"],
            "JsonContentTypes": ["application/json"],
        },
    }
