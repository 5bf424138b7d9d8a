"""Pipeline steps: the ``Step`` base, caching, and the job steps.

``ProcessingStep``, ``TrainingStep``, ``TransformStep``, ``TuningStep`` and
``CreateModelStep`` take ``step_args`` captured under a ``PipelineSession``::

    session = PipelineSession()
    processor = SKLearnProcessor(..., sagemaker_session=session)
    step = ProcessingStep(name="Preprocess", step_args=processor.run(code="prep.py"))

Condition, fail, lambda, callback and EMR steps live in their own modules, as in the
SageMaker SDK.
"""

from __future__ import annotations

from dagmaker.workflow._job_steps import (
    CreateModelStep,
    ProcessingStep,
    TrainingStep,
    TransformStep,
    TuningStep,
)
from dagmaker.workflow._step_base import CacheConfig, ConfigurableRetryStep, Step, StepTypeEnum
from dagmaker.workflow.properties import Properties, PropertyFile

__all__ = [
    "CacheConfig",
    "ConfigurableRetryStep",
    "CreateModelStep",
    "ProcessingStep",
    "Properties",
    "PropertyFile",
    "Step",
    "StepTypeEnum",
    "TrainingStep",
    "TransformStep",
    "TuningStep",
]
