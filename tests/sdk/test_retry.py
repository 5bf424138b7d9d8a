import pytest

from dagmaker.workflow.retry import (
    SageMakerJobExceptionTypeEnum,
    SageMakerJobStepRetryPolicy,
    StepExceptionTypeEnum,
    StepRetryPolicy,
)

SERVICE_FAULT = StepExceptionTypeEnum.SERVICE_FAULT
CAPACITY = SageMakerJobExceptionTypeEnum.CAPACITY_ERROR


def test_step_policy_request() -> None:
    policy = StepRetryPolicy(
        exception_types=[SERVICE_FAULT, StepExceptionTypeEnum.THROTTLING],
        expire_after_mins=5,
        interval_seconds=10,
        backoff_rate=2.0,
    )
    assert policy.to_request() == {
        "BackoffRate": 2.0,
        "IntervalSeconds": 10,
        "ExpireAfterMin": 5,
        "ExceptionType": ["Step.SERVICE_FAULT", "Step.THROTTLING"],
    }


def test_job_policy_combines_both_lists_and_defaults() -> None:
    policy = SageMakerJobStepRetryPolicy(
        exception_types=[SageMakerJobExceptionTypeEnum.RESOURCE_LIMIT],
        failure_reason_types=[CAPACITY],
        max_attempts=3,
    )
    assert policy.to_request() == {
        "BackoffRate": 2.0,
        "IntervalSeconds": 1,
        "MaxAttempts": 3,
        "ExceptionType": ["SageMaker.RESOURCE_LIMIT", "SageMaker.CAPACITY_ERROR"],
    }


def test_neither_limit_leaves_the_service_default() -> None:
    request = StepRetryPolicy(exception_types=[SERVICE_FAULT]).to_request()
    assert "MaxAttempts" not in request and "ExpireAfterMin" not in request


def test_both_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="max_attempts or expire_after_mins, not both"):
        StepRetryPolicy(exception_types=[SERVICE_FAULT], max_attempts=3, expire_after_mins=10)
    with pytest.raises(ValueError, match="not both"):
        SageMakerJobStepRetryPolicy(exception_types=[CAPACITY], max_attempts=1, expire_after_min=1)


def test_the_guides_expire_after_min_spelling_is_accepted() -> None:
    policy = SageMakerJobStepRetryPolicy(
        exception_types=[CAPACITY], expire_after_min=120, interval_seconds=60
    )
    assert policy.to_request()["ExpireAfterMin"] == 120
    with pytest.raises(ValueError, match="alias"):
        StepRetryPolicy(exception_types=[SERVICE_FAULT], expire_after_mins=1, expire_after_min=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_attempts": 0}, "max_attempts must be between 1 and 20, got 0"),
        ({"max_attempts": 21}, "max_attempts must be between 1 and 20"),
        ({"expire_after_mins": 14401}, "expire_after_mins must be between 1 and 14400"),
        ({"expire_after_mins": -1}, "expire_after_mins must be between 1 and 14400"),
        ({"interval_seconds": -1}, "interval_seconds must be between 0 and 43200"),
        ({"interval_seconds": 43201}, "interval_seconds must be between 0 and 43200"),
        ({"backoff_rate": -0.5}, "backoff_rate must be at least 0"),
    ],
)
def test_ranges(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        StepRetryPolicy(exception_types=[SERVICE_FAULT], **kwargs)


def test_types() -> None:
    with pytest.raises(TypeError, match="max_attempts must be an integer"):
        StepRetryPolicy(exception_types=[SERVICE_FAULT], max_attempts=2.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="backoff_rate must be a number"):
        StepRetryPolicy(exception_types=[SERVICE_FAULT], backoff_rate="2")  # type: ignore[arg-type]


def test_exception_types_must_match_the_policy_kind() -> None:
    with pytest.raises(ValueError, match="is not a StepExceptionTypeEnum"):
        StepRetryPolicy(exception_types=[CAPACITY])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"SageMakerJobExceptionTypeEnum\.CAPACITY_ERROR"):
        SageMakerJobStepRetryPolicy(exception_types=["SageMaker.CAPACITY_ERROR"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="exception_types or failure_reason_types"):
        SageMakerJobStepRetryPolicy()
    with pytest.raises(ValueError, match="at least one"):
        StepRetryPolicy(exception_types=[])


def test_equality() -> None:
    assert StepRetryPolicy([SERVICE_FAULT], max_attempts=2) == StepRetryPolicy(
        [SERVICE_FAULT], max_attempts=2
    )
    assert StepRetryPolicy([SERVICE_FAULT]) != StepRetryPolicy([SERVICE_FAULT], max_attempts=2)
