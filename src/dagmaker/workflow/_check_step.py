"""What ``QualityCheckStep`` and ``ClarifyCheckStep`` share.

Both run one processing job (the baselining processor of a monitor), and add the check
settings to the step: ``CheckType``, ``ModelPackageGroupName``, ``SkipCheck``,
``FailOnViolation``, ``RegisterNewBaseline`` and the supplied baselines, always present
(``null`` when not given). Their properties are S3 URIs of single files.
"""

from __future__ import annotations

from typing import Any, ClassVar

from dagmaker._sdk.processor import Processor, _RunCall
from dagmaker.workflow._job_steps import _trim_job_name
from dagmaker.workflow._step_base import Step, StepTypeEnum, add_cache_config, checked_cache_config
from dagmaker.workflow.properties import Properties


class CheckStep(Step):
    """A step that runs a check job and compares its result with a baseline.

    Attributes:
        skip_check: Whether to skip the drift check (the baseline is still computed).
        fail_on_violation: Whether a violation fails the step.
        register_new_baseline: Whether the new baseline becomes
            ``BaselineUsedForDriftCheck*``.
        model_package_group_name: Group whose latest approved package supplies the
            previous baseline.
        cache_config: The step's cache settings.
    """

    PROPERTY_NAMES: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        name: str,
        step_type: StepTypeEnum,
        skip_check: Any,
        fail_on_violation: Any,
        register_new_baseline: Any,
        model_package_group_name: Any,
        display_name: str | None,
        description: str | None,
        cache_config: Any,
        depends_on: list[Any] | None,
    ) -> None:
        super().__init__(name, display_name, description, step_type, depends_on)
        self.skip_check = skip_check
        self.fail_on_violation = fail_on_violation
        self.register_new_baseline = register_new_baseline
        self.model_package_group_name = model_package_group_name
        self.cache_config = checked_cache_config(name, cache_config)
        self._properties = Properties(name, step=self)
        for property_name in self.PROPERTY_NAMES:
            self._properties.attach(property_name, Properties(name, path=property_name, step=self))

    @property
    def properties(self) -> Properties:
        """The step's properties: S3 URIs of the baseline files."""
        return self._properties

    def _processing_request(
        self, processor: Processor, inputs: list[Any], outputs: list[Any]
    ) -> dict[str, Any]:
        """The ``CreateProcessingJob`` request of the check job, without its name."""
        call = _RunCall(inputs, outputs, None, None, None, None)
        request = processor._build_request(call)
        _trim_job_name(request, "ProcessingJobName", self.name)
        return request

    def _check_fields(self) -> dict[str, Any]:
        """The check settings every check step adds to its step object."""
        return {
            "ModelPackageGroupName": self.model_package_group_name,
            "SkipCheck": self.skip_check,
            "FailOnViolation": self.fail_on_violation,
            "RegisterNewBaseline": self.register_new_baseline,
        }

    def to_request(self) -> dict[str, Any]:
        """The step request with its cache settings."""
        request = super().to_request()
        add_cache_config(request, self.cache_config)
        return request
