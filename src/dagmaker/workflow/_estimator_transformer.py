"""The legacy ``EstimatorTransformer`` collection (``dagmaker.workflow.step_collections``).

What ``estimator.transformer(...).transform(...)`` does, as pipeline steps: optionally
repack the model with inference code (``<name>RepackModel``), create a model from the
estimator's image and the model data (``<name>CreateModelStep``), and run a batch
transform with it (``<name>TransformStep``).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from dagmaker.inputs import CreateModelInput, TransformInput
from dagmaker.model import Model
from dagmaker.transformer import Transformer
from dagmaker.workflow._repack_model_step import _RepackModelStep
from dagmaker.workflow.pipeline_context import capturing
from dagmaker.workflow.retry import RetryPolicy
from dagmaker.workflow.step_collections import StepCollection
from dagmaker.workflow.steps import CreateModelStep, TransformStep

__all__ = ["EstimatorTransformer"]

_MODEL_KWARGS = ("env", "name", "enable_network_isolation", "model_kms_key", "image_config")
_REPACK_KWARGS = ("entry_point", "source_dir", "dependencies")


class EstimatorTransformer(StepCollection):
    """Create a model from an estimator's output and batch-transform data with it.

    ``entry_point`` (with ``source_dir`` and ``dependencies``) in the keyword arguments
    adds a repack step; ``env``, ``name``, ``enable_network_isolation``,
    ``model_kms_key`` and ``image_config`` configure the model.
    """

    def __init__(
        self,
        name: str,
        estimator: Any,
        model_data: Any,
        model_inputs: CreateModelInput | None,
        instance_count: Any,
        instance_type: Any,
        transform_inputs: TransformInput,
        description: str | None = None,
        display_name: str | None = None,
        image_uri: Any = None,
        predictor_cls: Any = None,
        env: dict[str, Any] | None = None,
        strategy: Any = None,
        assemble_with: Any = None,
        output_path: Any = None,
        output_kms_key: Any = None,
        accept: Any = None,
        max_concurrent_transforms: Any = None,
        max_payload: Any = None,
        tags: Any = None,
        volume_kms_key: Any = None,
        depends_on: list[Any] | None = None,
        repack_model_step_retry_policies: list[RetryPolicy] | None = None,
        model_step_retry_policies: list[RetryPolicy] | None = None,
        transform_step_retry_policies: list[RetryPolicy] | None = None,
        **kwargs: Any,
    ) -> None:
        unknown = sorted(set(kwargs) - set(_MODEL_KWARGS) - set(_REPACK_KWARGS))
        if unknown:
            raise TypeError(f"EstimatorTransformer {name!r} got unexpected arguments: {unknown}")
        super().__init__(name=name, depends_on=depends_on)
        self.estimator = estimator
        self._description = description
        self._display_name = display_name
        if "entry_point" in kwargs:
            model_data = self._add_repack_step(
                model_data, kwargs, tags, depends_on, repack_model_step_retry_policies
            )
        model = Model(
            image_uri=image_uri or estimator.training_image_uri(),
            model_data=model_data,
            predictor_cls=predictor_cls,
            sagemaker_session=estimator.sagemaker_session,
            role=estimator.role,
            **{key: kwargs.get(key) for key in _MODEL_KWARGS},
        )
        model_step = self._add_model_step(model, model_inputs, model_step_retry_policies)
        if "entry_point" not in kwargs and depends_on:
            model_step.add_depends_on(depends_on)
        transformer = Transformer(
            model_name=model_step.properties.ModelName,
            instance_count=instance_count,
            instance_type=instance_type,
            strategy=strategy,
            assemble_with=assemble_with,
            output_path=output_path,
            output_kms_key=output_kms_key,
            accept=accept,
            max_concurrent_transforms=max_concurrent_transforms,
            max_payload=max_payload,
            env=env,
            tags=tags,
            base_transform_job_name=name,
            volume_kms_key=volume_kms_key,
            sagemaker_session=estimator.sagemaker_session,
        )
        self._add_transform_step(transformer, transform_inputs, transform_step_retry_policies)

    def _add_repack_step(
        self,
        model_data: Any,
        kwargs: dict[str, Any],
        tags: Any,
        depends_on: list[Any] | None,
        retry_policies: list[RetryPolicy] | None,
    ) -> Any:
        """Add the repack step; returns the repacked model data."""
        estimator = self.estimator
        repack = _RepackModelStep(
            name=f"{self.name}RepackModel",
            depends_on=depends_on,
            retry_policies=retry_policies,
            sagemaker_session=estimator.sagemaker_session,
            role=estimator.role,
            model_data=model_data,
            entry_point=kwargs["entry_point"],
            source_dir=kwargs.get("source_dir"),
            dependencies=kwargs.get("dependencies"),
            tags=tags,
            subnets=estimator.subnets,
            security_group_ids=estimator.security_group_ids,
            description=self._description,
            display_name=self._display_name,
            output_kms_key=estimator.output_kms_key,
        )
        self.steps.append(repack)
        return repack.properties.ModelArtifacts.S3ModelArtifacts

    def _add_model_step(
        self,
        model: Model,
        model_inputs: CreateModelInput | None,
        retry_policies: list[RetryPolicy] | None,
    ) -> CreateModelStep:
        options = model_inputs or CreateModelInput()
        with capturing():
            model_args = model.create(
                instance_type=options.instance_type, accelerator_type=options.accelerator_type
            )
        step = CreateModelStep(
            name=f"{self.name}CreateModelStep",
            step_args=model_args,
            description=self._description,
            display_name=self._display_name,
            retry_policies=retry_policies,
        )
        self.steps.append(step)
        return step

    def _add_transform_step(
        self,
        transformer: Transformer,
        transform_inputs: TransformInput,
        retry_policies: list[RetryPolicy] | None,
    ) -> None:
        with capturing():
            transform_args = transformer.transform(**_given_fields(transform_inputs))
        self.steps.append(
            TransformStep(
                name=f"{self.name}TransformStep",
                step_args=transform_args,
                description=self._description,
                display_name=self._display_name,
                retry_policies=retry_policies,
            )
        )


def _given_fields(transform_inputs: TransformInput) -> dict[str, Any]:
    values = {f.name: getattr(transform_inputs, f.name) for f in fields(transform_inputs)}
    return {key: value for key, value in values.items() if value is not None}
