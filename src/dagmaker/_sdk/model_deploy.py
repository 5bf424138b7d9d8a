"""``Model.deploy``: create the model, an endpoint configuration and the endpoint.

The requests are the SageMaker SDK's: ``CreateModel`` (reusing a model that already
exists under the name), ``CreateEndpointConfig`` named like the endpoint with one
``AllTraffic`` variant (plus ``DataCaptureConfig`` from ``data_capture_config``'s
``_to_request_dict()``), then ``CreateEndpoint`` — or, with ``update_endpoint=True``, a
new configuration named like the model served by ``UpdateEndpoint``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from dagmaker._sdk.job_names import name_from_base
from dagmaker._sdk.session_endpoints import production_variant
from dagmaker.errors import Conflict

logger = logging.getLogger("dagmaker.model")
_TIMESTAMP = re.compile(r"-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}$")


def base_from_name(name: str) -> str:
    """A generated name without its timestamp (``xgb-2024-...-123`` → ``xgb``)."""
    return _TIMESTAMP.sub("", name)


def _request_dict(value: Any) -> Any:
    return value._to_request_dict() if hasattr(value, "_to_request_dict") else value


def check_deploy_arguments(
    instance_type: Any,
    initial_instance_count: Any,
    serverless_inference_config: Any,
    async_inference_config: Any,
    session: Any,
) -> None:
    """Refuse what cannot be deployed, with the SageMaker SDK's messages where it has them.

    Raises:
        ValueError: without instance type and count (and no serverless config), for
            asynchronous inference, or under a ``PipelineSession``.
    """
    if type(session).__name__ == "PipelineSession":
        raise ValueError(
            "deploy() creates an endpoint right away, which a PipelineSession defers; "
            "register the model in the pipeline and deploy it afterwards with a Session"
        )
    if async_inference_config is not None:
        raise ValueError("asynchronous inference is not available on local endpoints")
    if serverless_inference_config is None and not (instance_type and initial_instance_count):
        raise ValueError(
            "Must specify instance type and instance count unless using serverless inference"
        )


def create_model_for_deploy(model: Any, create: Any) -> None:
    """Run ``create()``; a model already created under this name is used as it is."""
    try:
        create()
    except Conflict:
        logger.info("Using already existing model: %s", model.name)


def deploy(
    model: Any,
    instance_type: Any,
    initial_instance_count: Any,
    endpoint_name: str | None,
    options: dict[str, Any],
) -> str:
    """Create (or update) the endpoint serving ``model``; return the endpoint's name.

    ``options``: ``accelerator_type``, ``tags``, ``kms_key``, ``wait``,
    ``data_capture_config``, ``serverless_inference_config``, ``volume_size``,
    ``model_data_download_timeout``, ``container_startup_health_check_timeout``,
    ``update_endpoint``.
    """
    session = model.sagemaker_session
    serverless = _request_dict(options.get("serverless_inference_config"))
    variant = production_variant(
        model.name,
        instance_type,
        initial_instance_count,
        accelerator_type=options.get("accelerator_type"),
        serverless_inference_config=serverless,
        volume_size=options.get("volume_size"),
        model_data_download_timeout=options.get("model_data_download_timeout"),
        container_startup_health_check_timeout=options.get(
            "container_startup_health_check_timeout"
        ),
    )
    name = endpoint_name or name_from_base(base_from_name(str(model.name)))
    capture = options.get("data_capture_config")
    capture_request = _request_dict(capture) if capture is not None else None
    if options.get("update_endpoint"):
        config = name_from_base(base_from_name(str(model.name)))
        request: dict[str, Any] = {"EndpointConfigName": config, "ProductionVariants": [variant]}
        if capture_request is not None:
            request["DataCaptureConfig"] = capture_request
        session.sagemaker_client.create_endpoint_config(**request)
        session.update_endpoint(name, config, wait=options.get("wait", True))
        return name
    session.endpoint_from_production_variants(
        name=name,
        production_variants=[variant],
        tags=options.get("tags"),
        kms_key=options.get("kms_key"),
        wait=options.get("wait", True),
        data_capture_config_dict=capture_request,
    )
    return name


def predictor_for(model: Any, endpoint_name: str, serializer: Any, deserializer: Any) -> Any:
    """``model.predictor_cls(endpoint, session)`` with the given (de)serializers, or None."""
    if model.predictor_cls is None:
        return None
    predictor = model.predictor_cls(endpoint_name, model.sagemaker_session)
    if serializer is not None:
        predictor.serializer = serializer
    if deserializer is not None:
        predictor.deserializer = deserializer
    return predictor
