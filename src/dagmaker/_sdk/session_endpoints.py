"""The endpoint methods of ``Session``, as ``sagemaker.Session`` has them.

``model.deploy()``, ``Predictor.update_endpoint()`` and users call these; they build the
CreateEndpointConfig / CreateEndpoint / UpdateEndpoint requests the SageMaker SDK builds
and send them to the session's client. Waiting polls DescribeEndpoint until the endpoint
is no longer Creating or Updating.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from dagmaker.errors import DagmakerError, JobFailure

logger = logging.getLogger("dagmaker.session")

# Local endpoints start in seconds, so a waiter polls more often than SageMaker's 30 s.
DEFAULT_ENDPOINT_POLL = 0.5
_IN_PROGRESS = ("Creating", "Updating")


def production_variant(
    model_name: str | None = None,
    instance_type: str | None = None,
    initial_instance_count: int | None = None,
    variant_name: str = "AllTraffic",
    initial_weight: float = 1,
    accelerator_type: str | None = None,
    serverless_inference_config: dict[str, Any] | None = None,
    volume_size: int | None = None,
    model_data_download_timeout: int | None = None,
    container_startup_health_check_timeout: int | None = None,
    managed_instance_scaling: dict[str, Any] | None = None,
    routing_config: dict[str, Any] | None = None,
    inference_ami_version: str | None = None,
) -> dict[str, Any]:
    """A ``ProductionVariant`` of a CreateEndpointConfig request, as the SDK builds it."""
    variant: dict[str, Any] = {"VariantName": variant_name}
    if model_name:
        variant["ModelName"] = model_name
        variant["InitialVariantWeight"] = initial_weight
    if accelerator_type:
        variant["AcceleratorType"] = accelerator_type
    if managed_instance_scaling:
        variant["ManagedInstanceScaling"] = managed_instance_scaling
    if serverless_inference_config:
        variant["ServerlessConfig"] = serverless_inference_config
    else:
        variant["InitialInstanceCount"] = initial_instance_count or 1
        variant["InstanceType"] = instance_type
        optional = {
            "VolumeSizeInGB": volume_size,
            "ModelDataDownloadTimeoutInSeconds": model_data_download_timeout,
            "ContainerStartupHealthCheckTimeoutInSeconds": container_startup_health_check_timeout,
            "RoutingConfig": routing_config,
        }
        variant.update({k: v for k, v in optional.items() if v is not None})
    if inference_ami_version:
        variant["InferenceAmiVersion"] = inference_ami_version
    return variant


class EndpointSessionMethods:
    """Mixed into ``Session``: endpoint configurations, endpoints and the runtime client."""

    # Provided by Session: the API client and the lazy seam to dagmaker.api.
    sagemaker_client: Any
    _api: Any
    _sagemaker_runtime_client: Any = None

    @property
    def sagemaker_runtime_client(self) -> Any:
        """The ``sagemaker-runtime`` client (``invoke_endpoint``) of the local endpoints."""
        if self._sagemaker_runtime_client is None:
            self._sagemaker_runtime_client = self._api().connect_runtime()
        return self._sagemaker_runtime_client

    @sagemaker_runtime_client.setter
    def sagemaker_runtime_client(self, client: Any) -> None:
        self._sagemaker_runtime_client = client

    def create_endpoint_config(
        self,
        name: str,
        model_name: str,
        initial_instance_count: int,
        instance_type: str,
        accelerator_type: str | None = None,
        tags: list[dict[str, str]] | None = None,
        kms_key: str | None = None,
        data_capture_config_dict: dict[str, Any] | None = None,
        volume_size: int | None = None,
        model_data_download_timeout: int | None = None,
        container_startup_health_check_timeout: int | None = None,
        explainer_config_dict: dict[str, Any] | None = None,
        async_inference_config_dict: dict[str, Any] | None = None,
        serverless_inference_config_dict: dict[str, Any] | None = None,
        routing_config: dict[str, Any] | None = None,
        inference_ami_version: str | None = None,
    ) -> str:
        """CreateEndpointConfig with one variant serving ``model_name``; returns ``name``."""
        logger.info("Creating endpoint-config with name %s", name)
        variant = production_variant(
            model_name,
            instance_type,
            initial_instance_count,
            accelerator_type=accelerator_type,
            serverless_inference_config=serverless_inference_config_dict,
            volume_size=volume_size,
            model_data_download_timeout=model_data_download_timeout,
            container_startup_health_check_timeout=container_startup_health_check_timeout,
            routing_config=routing_config,
            inference_ami_version=inference_ami_version,
        )
        request: dict[str, Any] = {"EndpointConfigName": name, "ProductionVariants": [variant]}
        optional = {
            "Tags": tags,
            "KmsKeyId": kms_key,
            "DataCaptureConfig": data_capture_config_dict,
            "AsyncInferenceConfig": async_inference_config_dict,
            "ExplainerConfig": explainer_config_dict,
        }
        request.update({k: v for k, v in optional.items() if v is not None})
        self.sagemaker_client.create_endpoint_config(**request)
        return name

    def create_endpoint_config_from_existing(
        self,
        existing_config_name: str,
        new_config_name: str,
        new_tags: list[dict[str, str]] | None = None,
        new_kms_key: str | None = None,
        new_data_capture_config_dict: dict[str, Any] | None = None,
        new_production_variants: list[dict[str, Any]] | None = None,
        new_explainer_config_dict: dict[str, Any] | None = None,
        endpoint_type: Any = None,
    ) -> None:
        """CreateEndpointConfig copying ``existing_config_name`` with the given changes."""
        existing = self.sagemaker_client.describe_endpoint_config(
            EndpointConfigName=existing_config_name
        )
        request: dict[str, Any] = {
            "EndpointConfigName": new_config_name,
            "ProductionVariants": new_production_variants or existing["ProductionVariants"],
        }
        carried = {
            "Tags": new_tags,
            "KmsKeyId": new_kms_key or existing.get("KmsKeyId"),
            "DataCaptureConfig": new_data_capture_config_dict or existing.get("DataCaptureConfig"),
            "AsyncInferenceConfig": existing.get("AsyncInferenceConfig"),
            "ExplainerConfig": new_explainer_config_dict or existing.get("ExplainerConfig"),
        }
        request.update({k: v for k, v in carried.items() if v is not None})
        self.sagemaker_client.create_endpoint_config(**request)

    def create_endpoint(
        self,
        endpoint_name: str,
        config_name: str,
        tags: list[dict[str, str]] | None = None,
        wait: bool = True,
        live_logging: bool = False,
    ) -> str:
        """CreateEndpoint; with ``wait``, until it is InService. Returns its name."""
        logger.info("Creating endpoint with name %s", endpoint_name)
        request: dict[str, Any] = {"EndpointName": endpoint_name, "EndpointConfigName": config_name}
        if tags:
            request["Tags"] = tags
        response = self.sagemaker_client.create_endpoint(**request)
        self.endpoint_arn = response.get("EndpointArn") if response else None
        if wait:
            self.wait_for_endpoint(endpoint_name)
        return endpoint_name

    def endpoint_from_production_variants(
        self,
        name: str,
        production_variants: list[dict[str, Any]],
        tags: list[dict[str, str]] | None = None,
        kms_key: str | None = None,
        wait: bool = True,
        data_capture_config_dict: dict[str, Any] | None = None,
        async_inference_config_dict: dict[str, Any] | None = None,
        explainer_config_dict: dict[str, Any] | None = None,
        live_logging: bool = False,
        vpc_config: dict[str, Any] | None = None,
        enable_network_isolation: bool | None = None,
        role: str | None = None,
    ) -> str:
        """An endpoint configuration named ``name`` with these variants, then the endpoint."""
        request: dict[str, Any] = {
            "EndpointConfigName": name,
            "ProductionVariants": production_variants,
        }
        optional = {
            "Tags": tags,
            "KmsKeyId": kms_key,
            "DataCaptureConfig": data_capture_config_dict,
            "AsyncInferenceConfig": async_inference_config_dict,
            "ExplainerConfig": explainer_config_dict,
            "VpcConfig": vpc_config,
            "EnableNetworkIsolation": enable_network_isolation,
        }
        request.update({k: v for k, v in optional.items() if v is not None})
        logger.info("Creating endpoint-config with name %s", name)
        self.sagemaker_client.create_endpoint_config(**request)
        return self.create_endpoint(name, name, tags=tags, wait=wait)

    def update_endpoint(
        self, endpoint_name: str, endpoint_config_name: str, wait: bool = True
    ) -> str:
        """UpdateEndpoint; with ``wait``, until the new configuration serves.

        Raises:
            ValueError: when the endpoint does not exist.
        """
        if not self._endpoint_exists(endpoint_name):
            raise ValueError(
                f"Endpoint with name '{endpoint_name}' does not exist; please use an existing "
                "endpoint name"
            )
        response = self.sagemaker_client.update_endpoint(
            EndpointName=endpoint_name, EndpointConfigName=endpoint_config_name
        )
        self.endpoint_arn = response.get("EndpointArn") if response else None
        if wait:
            self.wait_for_endpoint(endpoint_name)
        return endpoint_name

    def describe_endpoint(self, endpoint_name: str) -> dict[str, Any]:
        """``DescribeEndpoint``."""
        response: dict[str, Any] = self.sagemaker_client.describe_endpoint(
            EndpointName=endpoint_name
        )
        return response

    def endpoint_in_service_or_not(self, endpoint_name: str) -> bool:
        """Whether the endpoint exists and is InService."""
        try:
            return bool(self.describe_endpoint(endpoint_name)["EndpointStatus"] == "InService")
        except DagmakerError as error:
            if "could not find" in error.message.lower() or "not found" in error.message.lower():
                return False
            raise

    def delete_endpoint(self, endpoint_name: str) -> None:
        """``DeleteEndpoint`` (returns at once; the endpoint drains and goes away)."""
        logger.info("Deleting endpoint with name: %s", endpoint_name)
        self.sagemaker_client.delete_endpoint(EndpointName=endpoint_name)

    def delete_endpoint_config(self, endpoint_config_name: str) -> None:
        """``DeleteEndpointConfig``."""
        logger.info("Deleting endpoint configuration with name: %s", endpoint_config_name)
        self.sagemaker_client.delete_endpoint_config(EndpointConfigName=endpoint_config_name)

    def delete_model(self, model_name: str) -> None:
        """``DeleteModel``."""
        logger.info("Deleting model with name: %s", model_name)
        self.sagemaker_client.delete_model(ModelName=model_name)

    def wait_for_endpoint(
        self, endpoint: str, poll: float = DEFAULT_ENDPOINT_POLL, live_logging: bool = False
    ) -> dict[str, Any]:
        """Wait until the endpoint is no longer Creating or Updating.

        Raises:
            JobFailure: when it ends up in a status other than InService, with its reason.
        """
        described = self.describe_endpoint(endpoint)
        while described["EndpointStatus"] in _IN_PROGRESS:
            time.sleep(poll)
            described = self.describe_endpoint(endpoint)
        status = described["EndpointStatus"]
        if status != "InService":
            reason = described.get("FailureReason")
            raise JobFailure(
                f"Error hosting endpoint {endpoint}: {status}. Reason: {reason}. "
                f"See its log with `dagmaker logs {endpoint}`."
            )
        return described

    def _endpoint_exists(self, endpoint_name: str) -> bool:
        try:
            self.describe_endpoint(endpoint_name)
        except DagmakerError:
            return False
        return True
