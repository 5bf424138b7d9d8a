"""``ModelStep``: create or register a model as pipeline steps.

``ModelStep(name="X", step_args=model.create(...))`` becomes a ``Model`` step named
``X-CreateModel``; with ``step_args=model.register(...)`` a ``RegisterModel`` step named
``X-RegisterModel``. When a model's inference code must be packed into a model archive
that exists only at run time (a ``Model`` with ``entry_point`` and ``source_dir`` whose
``model_data`` is a pipeline variable), a training step ``X-RepackModel-<model name or
index>`` comes first and the model uses its output. ``depends_on`` applies to the first
step; the collection's ``properties`` are those of its last step.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from dagmaker.pipeline import PipelineModel
from dagmaker.workflow._model_step_arguments import (
    CREATE_MODEL,
    CREATE_MODEL_PACKAGE,
    _ModelStepArguments,
)
from dagmaker.workflow._register_model_step import _RegisterModelStep
from dagmaker.workflow._repack_model_step import _RepackModelStep
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.retry import RetryPolicy, SageMakerJobStepRetryPolicy
from dagmaker.workflow.step_collections import StepCollection
from dagmaker.workflow.steps import CreateModelStep

__all__ = ["ModelStep"]

logger = logging.getLogger(__name__)

_CREATE_MODEL_RETRY_POLICIES = "create_model_retry_policies"
_REGISTER_MODEL_RETRY_POLICIES = "register_model_retry_policies"
_REPACK_MODEL_RETRY_POLICIES = "repack_model_retry_policies"
_NOT_CONFIGURABLE = ("entry_point", "source_dir", "hyperparameters", "dependencies")
REPACK_DESCRIPTION = "Used to repack a model with customer scripts for a register/create model step"


def _check_step_args(step_args: Any) -> _ModelStepArguments:
    if not isinstance(step_args, _ModelStepArguments) or step_args.caller_name not in (
        CREATE_MODEL,
        CREATE_MODEL_PACKAGE,
    ):
        raise TypeError(
            "The step_args of ModelStep must be obtained from model.create() or "
            f"model.register() under a PipelineSession; got {step_args!r}"
        )
    session = getattr(step_args.model, "sagemaker_session", None)
    if not isinstance(session, PipelineSession):
        raise TypeError(
            "To correctly configure a ModelStep, the sagemaker_session of the model must be a "
            f"PipelineSession object; it is {session!r}"
        )
    return step_args


class ModelStep(StepCollection):
    """Create or register a model, repacking its archive first when needed.

    Attributes:
        step_args: What ``model.create()`` or ``model.register()`` returned.
        display_name: Display name of the model step.
        description: Description of the model step.
    """

    def __init__(
        self,
        name: str,
        step_args: _ModelStepArguments,
        depends_on: list[Any] | None = None,
        retry_policies: list[RetryPolicy] | dict[str, list[RetryPolicy]] | None = None,
        display_name: str | None = None,
        description: str | None = None,
        repack_model_step_settings: dict[str, Any] | None = None,
    ) -> None:
        self.step_args = _check_step_args(step_args)
        super().__init__(name=name, depends_on=depends_on)
        self.retry_policies = retry_policies
        self.display_name = display_name
        self.description = description
        self._policies = _retry_policies_by_kind(retry_policies)
        self._model = step_args.model
        self._create_request = copy.deepcopy(step_args.create_model_request)
        self._register_request = copy.deepcopy(step_args.create_model_package_request)
        settings = dict(repack_model_step_settings or {})
        if step_args.need_runtime_repack:
            self._append_repack_steps(settings)
        elif settings:
            logger.warning(
                "ModelStep %r: repack_model_step_settings are ignored, no repack step is needed",
                name,
            )
        if self._register_request is not None:
            self._append_model_step(
                _RegisterModelStep(
                    name=f"{name}-RegisterModel",
                    request=self._register_request,
                    display_name=display_name,
                    description=description,
                    retry_policies=self._policies[_REGISTER_MODEL_RETRY_POLICIES],
                )
            )
        else:
            self._append_model_step(
                CreateModelStep(
                    name=f"{name}-CreateModel",
                    step_args=self._create_request,
                    retry_policies=self._policies[_CREATE_MODEL_RETRY_POLICIES],
                    display_name=display_name,
                    description=description,
                )
            )

    def _append_model_step(self, step: Any) -> None:
        if not self.step_args.need_runtime_repack:
            step.add_depends_on(self.depends_on)
        self.steps.append(step)

    def _models(self) -> list[Any]:
        return list(self._model.models) if isinstance(self._model, PipelineModel) else [self._model]

    def _append_repack_steps(self, settings: dict[str, Any]) -> None:
        for ignored in _NOT_CONFIGURABLE:
            if settings.pop(ignored, None) is not None:
                logger.warning("the repack step setting %r cannot be changed; ignoring it", ignored)
        shared = self._repack_settings(settings)
        for index, model in enumerate(self._models()):
            if id(model) not in self.step_args.need_runtime_repack:
                continue
            step = _RepackModelStep(
                name=f"{self.name}-RepackModel-{model.name or index}",
                model_data=model.model_data,
                entry_point=model.entry_point,
                source_dir=model.source_dir,
                dependencies=model.dependencies,
                description=REPACK_DESCRIPTION,
                depends_on=self.depends_on,
                retry_policies=self._policies[_REPACK_MODEL_RETRY_POLICIES],
                **_for_model(shared, self._model, model),
            )
            self.steps.append(step)
            self._container(index)["ModelDataUrl"] = step.properties.ModelArtifacts.S3ModelArtifacts

    def _repack_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        shared = dict(settings)
        vpc = self._model.vpc_config or {}
        if not (shared.get("security_group_ids") or shared.get("subnets")):
            shared["security_group_ids"] = vpc.get("SecurityGroupIds")
            shared["subnets"] = vpc.get("Subnets")
        shared["output_path"] = (
            shared.get("output_path") or self.step_args.runtime_repack_output_prefix
        )
        return shared

    def _container(self, index: int) -> dict[str, Any]:
        if self._create_request is not None:
            if isinstance(self._model, PipelineModel):
                container: dict[str, Any] = self._create_request["Containers"][index]
            else:
                container = self._create_request["PrimaryContainer"]
            return container
        register = self._register_request or {}
        found: dict[str, Any] = register["InferenceSpecification"]["Containers"][index]
        return found


def _for_model(shared: dict[str, Any], owner: Any, model: Any) -> dict[str, Any]:
    """The repack settings of one model: shared ones first, then the model's own."""
    settings = dict(shared)
    settings["sagemaker_session"] = (
        settings.get("sagemaker_session") or owner.sagemaker_session or model.sagemaker_session
    )
    settings["role"] = settings.get("role") or owner.role or model.role
    settings["output_kms_key"] = settings.get("output_kms_key") or model.model_kms_key
    return settings


def _retry_policies_by_kind(retry_policies: Any) -> dict[str, list[RetryPolicy] | None]:
    """Retry policies per sub-step kind; a list applies to every sub-step.

    Raises:
        ValueError: for a ``SageMakerJobStepRetryPolicy`` on a create or register step.
    """
    kinds = (
        _CREATE_MODEL_RETRY_POLICIES,
        _REGISTER_MODEL_RETRY_POLICIES,
        _REPACK_MODEL_RETRY_POLICIES,
    )
    if isinstance(retry_policies, dict):
        unknown = sorted(set(retry_policies) - set(kinds))
        if unknown:
            raise ValueError(
                f"ModelStep retry_policies has unknown keys {unknown}; use {', '.join(kinds)}"
            )
        policies = {kind: retry_policies.get(kind) for kind in kinds}
    else:
        policies = dict.fromkeys(kinds, retry_policies)
    model_policies = [
        *(policies[_CREATE_MODEL_RETRY_POLICIES] or []),
        *(policies[_REGISTER_MODEL_RETRY_POLICIES] or []),
    ]
    if any(isinstance(policy, SageMakerJobStepRetryPolicy) for policy in model_policies):
        raise ValueError(
            "SageMakerJobStepRetryPolicy is not allowed for a create/register model step: "
            "those start no job. Please use StepRetryPolicy instead (a "
            "SageMakerJobStepRetryPolicy may go in repack_model_retry_policies)."
        )
    return policies
