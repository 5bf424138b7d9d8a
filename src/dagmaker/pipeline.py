"""``PipelineModel``: an inference pipeline, several model containers run in sequence.

Each request goes to the first container, whose response goes to the next, and so on.
``create()`` and ``register()`` behave as ``Model``'s, with one container per model.
"""

from __future__ import annotations

from typing import Any

from dagmaker._sdk import model_deploy
from dagmaker._sdk.job_names import base_name_from_image, name_from_base
from dagmaker._sdk.model_container import create_model_request
from dagmaker._sdk.model_package_request import Registration, inference_params
from dagmaker._sdk.model_submit import submit_model_package
from dagmaker._sdk.session_facts import expand_role
from dagmaker.model import Model, ModelPackage
from dagmaker.session import Session
from dagmaker.workflow._model_step_arguments import (
    CREATE_MODEL,
    CREATE_MODEL_PACKAGE,
    RepackNotes,
    collecting_repacks,
    model_step_arguments,
)
from dagmaker.workflow.pipeline_context import capture_or_run

__all__ = ["PipelineModel"]


class PipelineModel:
    """Models served as one, each container feeding the next.

    Attributes:
        models: The models, in the order requests flow through them.
        role: The execution role ARN.
        name: The model name; generated when created outside a pipeline.
        vpc_config: ``{"Subnets": [...], "SecurityGroupIds": [...]}``.
        sagemaker_session: The session requests go through.
        enable_network_isolation: Whether the containers run without network access.
    """

    def __init__(
        self,
        models: list[Model],
        role: Any = None,
        predictor_cls: Any = None,
        name: str | None = None,
        vpc_config: dict[str, Any] | None = None,
        sagemaker_session: Any = None,
        enable_network_isolation: Any = None,
    ) -> None:
        if not role:
            raise ValueError("An AWS IAM role is required to create a Pipeline Model.")
        models = list(models or [])
        if not models or not all(isinstance(model, Model) for model in models):
            raise TypeError(
                f"PipelineModel(models=...) takes a non-empty list of Model objects, got {models!r}"
            )
        self.models = models
        self.role = role
        self.predictor_cls = predictor_cls
        self.name = name
        self.vpc_config = vpc_config
        self.sagemaker_session = sagemaker_session
        self.enable_network_isolation = enable_network_isolation or False
        self.endpoint_name: str | None = None

    def _init_sagemaker_session_if_does_not_exist(self, instance_type: Any = None) -> None:
        if self.sagemaker_session is None:
            self.sagemaker_session = Session()

    def pipeline_container_def(self, instance_type: Any = None) -> list[dict[str, Any]]:
        """One container definition per model, in order."""
        return [model.prepare_container_def(instance_type) for model in self.models]

    def create(self, instance_type: Any = None) -> Any:
        """Create the SageMaker model (``CreateModel`` with ``Containers``).

        Returns:
            Step arguments for ``ModelStep`` under a ``PipelineSession``, else ``None``.
        """
        self._init_sagemaker_session_if_does_not_exist(instance_type)
        notes = RepackNotes()

        def build() -> dict[str, Any]:
            with collecting_repacks(notes):
                containers = self.pipeline_container_def(instance_type)
            image = containers[0]["Image"]
            self.name = self.name or name_from_base(base_name_from_image(image, "Model"))
            role = expand_role(self.sagemaker_session, self.role)
            return create_model_request(
                self.name, role, containers, self.vpc_config, self.enable_network_isolation
            )

        def run_now(request: dict[str, Any]) -> None:
            self.sagemaker_session.sagemaker_client.create_model(**request)

        captured = capture_or_run(self.sagemaker_session, CREATE_MODEL, build, run_now)
        return model_step_arguments(captured, self, notes)

    def register(
        self,
        content_types: Any = None,
        response_types: Any = None,
        inference_instances: Any = None,
        transform_instances: Any = None,
        model_package_name: Any = None,
        model_package_group_name: Any = None,
        image_uri: Any = None,
        model_metrics: Any = None,
        metadata_properties: Any = None,
        marketplace_cert: bool = False,
        approval_status: Any = None,
        description: Any = None,
        drift_check_baselines: Any = None,
        customer_metadata_properties: dict[str, Any] | None = None,
        domain: Any = None,
        sample_payload_url: Any = None,
        task: Any = None,
        framework: Any = None,
        framework_version: Any = None,
        nearest_model_name: Any = None,
        data_input_configuration: Any = None,
        skip_model_validation: Any = None,
        source_uri: Any = None,
        model_card: Any = None,
        model_package_registration_type: Any = None,
        base_model: Any = None,
    ) -> Any:
        """Register the inference pipeline as a model package (``CreateModelPackage``).

        Arguments are those of :meth:`Model.register`; every model must have model data.

        Returns:
            Step arguments for ``ModelStep`` under a ``PipelineSession``, else the
            registered :class:`~dagmaker.model.ModelPackage`.
        """
        self._check_registrable(base_model)
        self._init_sagemaker_session_if_does_not_exist()
        registration = Registration(
            content_types=content_types,
            response_types=response_types,
            inference_instances=inference_instances,
            transform_instances=transform_instances,
            model_package_name=model_package_name,
            model_package_group_name=model_package_group_name,
            model_metrics=model_metrics,
            metadata_properties=metadata_properties,
            marketplace_cert=marketplace_cert,
            approval_status=approval_status,
            description=description,
            drift_check_baselines=drift_check_baselines,
            customer_metadata_properties=customer_metadata_properties,
            domain=domain,
            sample_payload_url=sample_payload_url,
            task=task,
            skip_model_validation=skip_model_validation,
            source_uri=source_uri,
            model_card=model_card,
            model_package_registration_type=model_package_registration_type,
        )
        inference = {
            "framework": framework,
            "framework_version": framework_version,
            "nearest_model_name": nearest_model_name,
            "data_input_configuration": data_input_configuration,
        }
        notes = RepackNotes()

        def build() -> dict[str, Any]:
            if model_package_group_name is None:
                return registration.request(self._unversioned_containers(image_uri))
            instance_type = inference_instances[0] if inference_instances else None
            with collecting_repacks(notes):
                containers = self.pipeline_container_def(instance_type)
            return registration.request([inference_params(c, **inference) for c in containers])

        captured = capture_or_run(
            self.sagemaker_session, CREATE_MODEL_PACKAGE, build, self._register_now
        )
        return model_step_arguments(captured, self, notes)

    def _check_registrable(self, base_model: Any) -> None:
        for index, model in enumerate(self.models):
            if model.model_data is None:
                raise ValueError(
                    f"SageMaker Model Package cannot be created without model data: model "
                    f"{index} of the PipelineModel ({model!r}) has no model_data"
                )
        if base_model is not None:
            raise ValueError("base_model applies to a single Model, not to a PipelineModel")

    def _unversioned_containers(self, image_uri: Any) -> list[dict[str, Any]]:
        return [
            {"Image": image_uri or model.image_uri, "ModelDataUrl": model.model_data}
            for model in self.models
        ]

    def _register_now(self, request: dict[str, Any]) -> ModelPackage:
        arn = submit_model_package(self.sagemaker_session.sagemaker_client, request)
        return ModelPackage(
            role=self.role,
            model_package_arn=arn,
            sagemaker_session=self.sagemaker_session,
            predictor_cls=self.predictor_cls,
        )

    def deploy(
        self,
        initial_instance_count: Any,
        instance_type: Any,
        serializer: Any = None,
        deserializer: Any = None,
        endpoint_name: str | None = None,
        tags: Any = None,
        wait: bool = True,
        update_endpoint: bool = False,
        data_capture_config: Any = None,
        kms_key: str | None = None,
        volume_size: Any = None,
        model_data_download_timeout: Any = None,
        container_startup_health_check_timeout: Any = None,
    ) -> Any:
        """Create the model and a local endpoint running its containers in sequence.

        Returns:
            ``predictor_cls(endpoint_name, sagemaker_session)``, or ``None`` without one.

        Raises:
            ValueError: without instance type and count, or under a ``PipelineSession``.
        """
        self._init_sagemaker_session_if_does_not_exist(instance_type)
        model_deploy.check_deploy_arguments(
            instance_type, initial_instance_count, None, None, self.sagemaker_session
        )
        model_deploy.create_model_for_deploy(self, lambda: self.create(instance_type))
        self.endpoint_name = model_deploy.deploy(
            self,
            instance_type,
            initial_instance_count,
            endpoint_name,
            {
                "tags": tags,
                "kms_key": kms_key,
                "wait": wait,
                "data_capture_config": data_capture_config,
                "volume_size": volume_size,
                "model_data_download_timeout": model_data_download_timeout,
                "container_startup_health_check_timeout": container_startup_health_check_timeout,
                "update_endpoint": update_endpoint,
            },
        )
        return model_deploy.predictor_for(self, self.endpoint_name, serializer, deserializer)

    def delete_model(self) -> None:
        """Delete the SageMaker model created by ``create()``.

        Raises:
            ValueError: when the model has not been created (it has no name).
        """
        if self.name is None:
            raise ValueError("the model has no name yet; create it with create() first")
        self._init_sagemaker_session_if_does_not_exist()
        self.sagemaker_session.sagemaker_client.delete_model(ModelName=self.name)

    def __repr__(self) -> str:
        return f"PipelineModel(name={self.name!r}, models={self.models!r})"
