"""The ``RegisterModel`` step: register a model version (``CreateModelPackage``).

``ModelStep(step_args=model.register(...))`` and the legacy ``RegisterModel`` collection
produce it as ``<name>-RegisterModel``. Its arguments are the request without
``CertifyForMarketplace`` (set outside pipelines) and without ``ModelPackageName``
(the service names versions), as SageMaker's SDK writes them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from dagmaker.definition.step_types import STEP_TYPES
from dagmaker.errors import DefinitionError
from dagmaker.workflow._job_steps import base_from_name
from dagmaker.workflow._step_base import ConfigurableRetryStep, StepTypeEnum
from dagmaker.workflow.pipeline_context import current_context
from dagmaker.workflow.properties import Properties
from dagmaker.workflow.retry import RetryPolicy

# Not accepted by the pipeline service: set when the package is created outside it.
_DROPPED = ("CertifyForMarketplace", "Description")


class _RegisterModelStep(ConfigurableRetryStep):
    """Creates a model package; ``properties`` are the ``DescribeModelPackage`` response."""

    def __init__(
        self,
        name: str,
        request: dict[str, Any] | Callable[[], dict[str, Any]],
        display_name: str | None = None,
        description: str | None = None,
        depends_on: list[Any] | None = None,
        retry_policies: list[RetryPolicy] | None = None,
    ) -> None:
        super().__init__(
            name,
            StepTypeEnum.REGISTER_MODEL,
            display_name,
            description,
            depends_on,
            retry_policies,
        )
        self._request = request
        shape = STEP_TYPES[StepTypeEnum.REGISTER_MODEL.value].shape
        self._properties = Properties(name, shape_name=shape, step=self)

    @property
    def arguments(self) -> dict[str, Any]:
        """The ``CreateModelPackage`` request as the pipeline sends it."""
        built = self._request
        request = built() if callable(built) else copy.deepcopy(built)
        for key in _DROPPED:
            request.pop(key, None)
        _trim_package_name(request, self.name)
        return request

    @property
    def properties(self) -> Properties:
        """``ModelPackageArn``, ``ModelApprovalStatus``, … of the registered version."""
        return self._properties


def _trim_package_name(request: dict[str, Any], step_name: str) -> None:
    """Drop ``ModelPackageName``, or keep its base name under ``use_custom_job_prefix``."""
    context = current_context()
    config = context.pipeline_definition_config if context else None
    if config is None or not config.use_custom_job_prefix:
        request.pop("ModelPackageName", None)
        return
    if "ModelPackageName" not in request:
        return
    value = request["ModelPackageName"]
    if not value:
        raise DefinitionError(
            "use_custom_job_prefix is on, so ModelPackageName is kept, but it is empty; give "
            "model_package_name=... or turn use_custom_job_prefix off",
            step=step_name,
            field="Arguments.ModelPackageName",
        )
    if isinstance(value, str):
        request["ModelPackageName"] = base_from_name(value)
