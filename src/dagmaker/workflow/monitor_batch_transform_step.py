"""``MonitorBatchTransformStep``: a batch transform and a quality or Clarify check of it.

A step collection of ``<name>-transform`` (a ``TransformStep``) and ``<name>-monitoring``
(a ``QualityCheckStep`` or ``ClarifyCheckStep`` that always checks, against the
supplied baselines). The check runs after the transform, or before it for data quality
and explainability checks (``monitor_before_transform``), which look at inputs only.
"""

from __future__ import annotations

import logging
from typing import Any

from dagmaker.workflow._job_steps import TransformStep
from dagmaker.workflow.check_job_config import CheckJobConfig
from dagmaker.workflow.clarify_check_step import (
    ClarifyCheckConfig,
    ClarifyCheckStep,
    ModelExplainabilityCheckConfig,
)
from dagmaker.workflow.pipeline_context import _JobStepArguments
from dagmaker.workflow.quality_check_step import (
    DataQualityCheckConfig,
    QualityCheckConfig,
    QualityCheckStep,
)
from dagmaker.workflow.step_collections import StepCollection

__all__ = ["MonitorBatchTransformStep"]

logger = logging.getLogger(__name__)


class MonitorBatchTransformStep(StepCollection):
    """A batch transform followed (or preceded) by a monitoring check."""

    def __init__(
        self,
        name: str,
        transform_step_args: _JobStepArguments,
        monitor_configuration: QualityCheckConfig | ClarifyCheckConfig,
        check_job_configuration: CheckJobConfig,
        monitor_before_transform: bool = False,
        fail_on_violation: Any = True,
        supplied_baseline_statistics: Any = None,
        supplied_baseline_constraints: Any = None,
        display_name: str | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(name=name)
        if (
            not isinstance(transform_step_args, _JobStepArguments)
            or transform_step_args.caller_name != "transform"
        ):
            raise TypeError(
                "The transform_step_args of MonitorBatchTransformStep must be obtained from "
                "transformer.transform() under a PipelineSession"
            )
        transform_step = TransformStep(
            name=f"{name}-transform",
            display_name=f"{display_name}-transform" if display_name else None,
            description=description,
            step_args=transform_step_args,
        )
        self.steps.append(transform_step)
        monitoring = self._monitoring_step(
            name,
            display_name,
            description,
            monitor_configuration,
            check_job_configuration,
            fail_on_violation,
            supplied_baseline_statistics,
            supplied_baseline_constraints,
        )
        self.steps.append(monitoring)
        if monitor_before_transform and not isinstance(
            monitor_configuration, (DataQualityCheckConfig, ModelExplainabilityCheckConfig)
        ):
            raise ValueError(
                "monitor_before_transform only take effect when the monitor_configuration "
                "is one of [DataQualityCheckConfig, ModelExplainabilityCheckConfig]"
            )
        if monitor_before_transform:
            transform_step.add_depends_on([monitoring])
        else:
            monitoring.add_depends_on([transform_step])

    @staticmethod
    def _monitoring_step(
        name: str,
        display_name: str | None,
        description: str | None,
        configuration: Any,
        job_config: CheckJobConfig,
        fail_on_violation: Any,
        supplied_statistics: Any,
        supplied_constraints: Any,
    ) -> QualityCheckStep | ClarifyCheckStep:
        step_name = f"{name}-monitoring"
        shown = f"{display_name}-monitoring" if display_name else None
        if isinstance(configuration, QualityCheckConfig):
            return QualityCheckStep(
                name=step_name,
                display_name=shown,
                description=description,
                quality_check_config=configuration,
                check_job_config=job_config,
                skip_check=False,
                supplied_baseline_statistics=supplied_statistics,
                supplied_baseline_constraints=supplied_constraints,
                fail_on_violation=fail_on_violation,
            )
        if isinstance(configuration, ClarifyCheckConfig):
            if supplied_statistics:
                logger.warning(
                    "supplied_baseline_statistics will be ignored if monitor_configuration "
                    "is a ClarifyCheckConfig"
                )
            return ClarifyCheckStep(
                name=step_name,
                display_name=shown,
                description=description,
                clarify_check_config=configuration,
                check_job_config=job_config,
                skip_check=False,
                supplied_baseline_constraints=supplied_constraints,
                fail_on_violation=fail_on_violation,
            )
        raise ValueError(
            f"Unrecognized monitoring configuration: {configuration!r}; it should be a "
            "QualityCheckConfig or a ClarifyCheckConfig"
        )
