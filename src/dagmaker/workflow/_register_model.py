"""The legacy ``RegisterModel`` step collection (``dagmaker.workflow.step_collections``).

``RegisterModel(name, estimator=..., model_data=...)`` registers the estimator's model;
``RegisterModel(name, model=...)`` registers a ``Model`` or ``PipelineModel``. Models
with an ``entry_point`` (and ``entry_point=`` given with an estimator) get a repack
training step first, named ``<model name or framework>-RepackModel`` (with an
estimator: ``<name>-RepackModel``). The register step is ``<name>-RegisterModel``.
New code should use ``ModelStep(step_args=model.register(...))``.
"""

from __future__ import annotations

import warnings
from typing import Any

from dagmaker._sdk.model_package_request import Registration, inference_params
from dagmaker._sdk.session_facts import session_region
from dagmaker.image_uris import retrieve
from dagmaker.model import Model
from dagmaker.pipeline import PipelineModel
from dagmaker.workflow._register_model_step import _RegisterModelStep
from dagmaker.workflow._repack_model_step import _RepackModelStep
from dagmaker.workflow.retry import RetryPolicy
from dagmaker.workflow.step_collections import StepCollection

__all__ = ["RegisterModel"]

_REPACK_KWARGS = ("entry_point", "source_dir", "dependencies", "model_kms_key")
_IMAGE_KWARGS = ("instance_type", "accelerator_type")


class RegisterModel(StepCollection):
    """Register a model version, repacking its inference code into the archive if needed.

    Arguments are those of :meth:`dagmaker.model.Model.register`, plus the estimator or
    model to register and retry policies per sub-step. Extra keyword arguments may be
    ``entry_point``, ``source_dir``, ``dependencies`` and ``model_kms_key`` (repack the
    estimator's model with that code) and ``instance_type`` / ``accelerator_type``
    (choose the estimator's serving image).
    """

    def __init__(
        self,
        name: str,
        content_types: Any,
        response_types: Any,
        inference_instances: Any = None,
        transform_instances: Any = None,
        estimator: Any = None,
        model_data: Any = None,
        depends_on: list[Any] | None = None,
        repack_model_step_retry_policies: list[RetryPolicy] | None = None,
        register_model_step_retry_policies: list[RetryPolicy] | None = None,
        model_package_group_name: Any = None,
        model_metrics: Any = None,
        approval_status: Any = None,
        image_uri: Any = None,
        compile_model_family: str | None = None,
        display_name: str | None = None,
        description: str | None = None,
        tags: Any = None,
        model: Model | PipelineModel | None = None,
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
        model_life_cycle: Any = None,
        model_package_registration_type: Any = None,
        base_model: Any = None,
        **kwargs: Any,
    ) -> None:
        _check_arguments(name, estimator, model, compile_model_family, kwargs)
        super().__init__(name=name, depends_on=depends_on)
        warnings.warn(
            "RegisterModel is deprecated; use ModelStep(name=..., step_args=model.register(...)) "
            "with a model built under a PipelineSession",
            DeprecationWarning,
            stacklevel=2,
        )
        self.estimator = estimator
        self.model = model
        self.registration = Registration(
            content_types=content_types,
            response_types=response_types,
            inference_instances=inference_instances,
            transform_instances=transform_instances,
            model_package_group_name=model_package_group_name,
            model_metrics=model_metrics,
            approval_status=approval_status,
            description=description,
            tags=tags,
            drift_check_baselines=drift_check_baselines,
            customer_metadata_properties=customer_metadata_properties,
            domain=domain,
            sample_payload_url=sample_payload_url,
            task=task,
            skip_model_validation=skip_model_validation,
            source_uri=source_uri,
            model_card=model_card,
            model_life_cycle=model_life_cycle,
            model_package_registration_type=model_package_registration_type,
        )
        self._repack_options = {
            "depends_on": depends_on,
            "retry_policies": repack_model_step_retry_policies,
            "tags": tags,
            "description": description,
            "display_name": display_name,
        }
        self._model_data = model_data
        self._image_uri = image_uri
        self._image_kwargs = {k: kwargs.pop(k) for k in _IMAGE_KWARGS if k in kwargs}
        self._base_model = base_model
        inference = {
            "framework": framework,
            "framework_version": framework_version,
            "nearest_model_name": nearest_model_name,
            "data_input_configuration": data_input_configuration,
        }
        containers = self._repack_and_containers(kwargs, inference)
        step = _RegisterModelStep(
            name=f"{name}-RegisterModel",
            request=lambda: self.registration.request(containers or self._estimator_containers()),
            display_name=display_name,
            description=description,
            retry_policies=register_model_step_retry_policies,
        )
        if not self.steps:
            step.add_depends_on(depends_on or [])
        self.steps.append(step)

    def _repack_and_containers(
        self, kwargs: dict[str, Any], inference: dict[str, Any]
    ) -> list[dict[str, Any]] | None:
        """Add the repack steps; the containers of a given model (``None``: the estimator's)."""
        if "entry_point" in kwargs:
            self._repack_estimator_model(kwargs)
            return None
        if self.model is not None:
            return self._model_containers(self.model, inference)
        return None

    # -- repacking ------------------------------------------------------------------------

    def _vpc(self) -> dict[str, Any]:
        if self.estimator is not None:
            return {
                "subnets": self.estimator.subnets,
                "security_group_ids": self.estimator.security_group_ids,
            }
        vpc = getattr(self.model, "vpc_config", None) or {}
        return {"subnets": vpc.get("Subnets"), "security_group_ids": vpc.get("SecurityGroupIds")}

    def _repack_estimator_model(self, kwargs: dict[str, Any]) -> None:
        step = _RepackModelStep(
            name=f"{self.name}-RepackModel",
            sagemaker_session=self.estimator.sagemaker_session,
            role=self.estimator.role,
            model_data=self._model_data,
            entry_point=kwargs["entry_point"],
            source_dir=kwargs.get("source_dir"),
            dependencies=kwargs.get("dependencies"),
            output_kms_key=kwargs.get("model_kms_key"),
            **self._repack_options,
            **self._vpc(),
        )
        self.steps.append(step)
        self._model_data = step.properties.ModelArtifacts.S3ModelArtifacts

    def _repack_model(self, index: int, model: Model) -> None:
        owner = self.estimator or model
        label = model.name or model._framework_name or str(index)
        step = _RepackModelStep(
            name=f"{label}-RepackModel",
            sagemaker_session=owner.sagemaker_session,
            role=owner.role,
            model_data=model.model_data,
            entry_point=str(model.entry_point),
            source_dir=model.source_dir,
            dependencies=model.dependencies,
            output_kms_key=model.model_kms_key,
            **self._repack_options,
            **self._vpc(),
        )
        self.steps.append(step)
        model.model_data = step.properties.ModelArtifacts.S3ModelArtifacts

    # -- containers -----------------------------------------------------------------------

    def _model_containers(
        self, model: Model | PipelineModel, inference: dict[str, Any]
    ) -> list[dict[str, Any]]:
        models = model.models if isinstance(model, PipelineModel) else [model]
        for index, entity in enumerate(models):
            if entity.entry_point is not None:
                self._repack_model(index, entity)
        instances = self.registration.inference_instances
        instance_type = instances[0] if instances else None
        if isinstance(model, PipelineModel):
            containers = model.pipeline_container_def(instance_type)
        else:
            containers = [model.prepare_container_def(instance_type)]
        return [inference_params(container, **inference) for container in containers]

    def _estimator_containers(self) -> list[dict[str, Any]]:
        container: dict[str, Any] = {"Image": self._estimator_image()}
        if self._model_data is not None:
            container["ModelDataUrl"] = self._model_data
        if self._base_model is not None:
            base = self._base_model
            container["BaseModel"] = base if isinstance(base, dict) else base._to_request_dict()
        return [container]

    def _estimator_image(self) -> Any:
        """The image to register: given, the estimator's own, or its framework's serving image."""
        estimator = self.estimator
        image = self._image_uri or getattr(estimator, "image_uri", None)
        if image:
            return image
        framework = getattr(estimator, "_framework_name", None)
        if not framework:
            return estimator.training_image_uri()
        return retrieve(
            framework,
            session_region(estimator.sagemaker_session),
            version=getattr(estimator, "framework_version", None),
            py_version=getattr(estimator, "py_version", None),
            instance_type=self._image_kwargs.get("instance_type", estimator.instance_type),
            accelerator_type=self._image_kwargs.get("accelerator_type"),
            image_scope="inference",
        )


def _check_arguments(
    name: str, estimator: Any, model: Any, compile_model_family: Any, kwargs: dict[str, Any]
) -> None:
    if estimator is None and model is None:
        raise ValueError(f"RegisterModel {name!r} needs estimator= (with model_data=) or model=")
    if compile_model_family is not None:
        raise ValueError(
            f"RegisterModel {name!r}: compiled (SageMaker Neo) models are not supported by "
            "dagmaker; leave compile_model_family out"
        )
    if "entry_point" in kwargs and estimator is None:
        raise ValueError(
            f"RegisterModel {name!r}: entry_point= repacks the estimator's model, so "
            "estimator= is required with it; for a Model pass model= with its own entry_point"
        )
    unknown = sorted(set(kwargs) - set(_REPACK_KWARGS) - set(_IMAGE_KWARGS))
    if unknown:
        raise TypeError(f"RegisterModel {name!r} got unexpected arguments: {', '.join(unknown)}")
