"""The step types the definition format knows, and what each one allows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StepType:
    """Facts about one ``Type`` value.

    Attributes:
        name: The ``Type`` string.
        shape: Root shape of the step's properties (see ``definition.shapes``), or "".
        cacheable: Whether ``CacheConfig`` applies.
        retry_prefixes: Exception-type prefixes its ``RetryPolicies`` may use.
        required: Keys that must be present in ``Arguments``.
        required_top: Step-level keys that must be present (outside ``Arguments``).
        deferred: ``Arguments`` members not resolved when the step starts (a
            ConditionStep's branches: those steps are resolved when they start).
    """

    name: str
    shape: str = ""
    cacheable: bool = False
    retry_prefixes: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    required_top: tuple[str, ...] = ()
    deferred: tuple[str, ...] = ()


_STEP = ("Step.",)
_JOB = ("Step.", "SageMaker.")

STEP_TYPES: dict[str, StepType] = {
    t.name: t
    for t in (
        StepType(
            "Processing",
            "DescribeProcessingJobResponse",
            True,
            _JOB,
            ("AppSpecification", "ProcessingResources"),
        ),
        StepType(
            "Training",
            "DescribeTrainingJobResponse",
            True,
            _JOB,
            ("AlgorithmSpecification", "OutputDataConfig"),
        ),
        StepType(
            "Tuning",
            "TuningStepProperties",
            True,
            _JOB,
            ("HyperParameterTuningJobConfig",),
        ),
        StepType(
            "Transform",
            "DescribeTransformJobResponse",
            True,
            _JOB,
            ("ModelName", "TransformInput", "TransformOutput"),
        ),
        StepType("Model", "DescribeModelOutput", False, _STEP),
        StepType("RegisterModel", "DescribeModelPackageOutput", False, _STEP),
        StepType("Condition", "", False, (), ("Conditions",), deferred=("IfSteps", "ElseSteps")),
        StepType("Fail"),
        StepType("Lambda", "", True, (), (), ("FunctionArn",)),
        StepType("Callback", "", True, (), (), ("SqsQueueUrl",)),
        StepType("QualityCheck", "", True, (), (), ("CheckType",)),
        StepType("ClarifyCheck", "", True, (), (), ("CheckType",)),
        StepType(
            "EMR", "EMRStepProperties", True, ("Step.", "SageMaker.", "Emr."), ("StepConfig",)
        ),
        StepType("AutoML", "AutoMLStepProperties", True, _JOB),
        StepType("EndpointConfig"),
        StepType("Endpoint"),
        StepType("InferenceComponent"),
        StepType("Lineage"),
    )
}

# Step types whose properties are the step's declared output parameters.
OUTPUT_PARAMETER_TYPES = ("Lambda", "Callback")
CHECK_PROPERTIES = {
    "QualityCheck": (
        "CalculatedBaselineConstraints",
        "CalculatedBaselineStatistics",
        "BaselineUsedForDriftCheckConstraints",
        "BaselineUsedForDriftCheckStatistics",
    ),
    "ClarifyCheck": ("CalculatedBaselineConstraints", "BaselineUsedForDriftCheckConstraints"),
}
OUTPUT_TYPES = ("String", "Integer", "Boolean", "Float")
PARAMETER_TYPES = ("String", "Integer", "Float", "Boolean")
