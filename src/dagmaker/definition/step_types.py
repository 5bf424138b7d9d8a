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
        required: Keys that must be present in ``Arguments`` beyond what the request
            shape requires (``request_rules`` checks those).
        required_top: Step-level keys that must be present (outside ``Arguments``).
        deferred: ``Arguments`` members not resolved when the step starts (a
            ConditionStep's branches: those steps are resolved when they start).
        keys: Step-level keys of this type beside the common envelope (spec §7).
    """

    name: str
    shape: str = ""
    cacheable: bool = False
    retry_prefixes: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    required_top: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    deferred: tuple[str, ...] = ()


_CHECK_KEYS = (
    "CheckType",
    "ModelPackageGroupName",
    "SkipCheck",
    "FailOnViolation",
    "RegisterNewBaseline",
    "SuppliedBaselineConstraints",
)
# Keys every step may carry (PropertyFiles is checked per type by its own rule).
ENVELOPE = (
    "Name",
    "Type",
    "Arguments",
    "DependsOn",
    "DisplayName",
    "Description",
    "RetryPolicies",
    "CacheConfig",
    "PropertyFiles",
)
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
        ),
        StepType(
            "Training",
            "DescribeTrainingJobResponse",
            True,
            _JOB,
            # The API also accepts a model package or serverless job; runs need an algorithm.
            ("AlgorithmSpecification",),
        ),
        StepType(
            "Tuning",
            "TuningStepProperties",
            True,
            _JOB,
        ),
        StepType(
            "Transform",
            "DescribeTransformJobResponse",
            True,
            _JOB,
        ),
        StepType("Model", "DescribeModelOutput", False, _STEP),
        StepType("RegisterModel", "DescribeModelPackageOutput", False, _STEP),
        StepType("Condition", "", False, (), ("Conditions",), deferred=("IfSteps", "ElseSteps")),
        StepType("Fail"),
        StepType("Lambda", "", True, (), (), ("FunctionArn",), ("FunctionArn", "OutputParameters")),
        StepType(
            "Callback", "", True, (), (), ("SqsQueueUrl",), ("SqsQueueUrl", "OutputParameters")
        ),
        StepType(
            "QualityCheck",
            "",
            True,
            (),
            (),
            ("CheckType",),
            (*_CHECK_KEYS, "SuppliedBaselineStatistics"),
        ),
        StepType("ClarifyCheck", "", True, (), (), ("CheckType",), (*_CHECK_KEYS, "ModelName")),
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
