"""Retry policies of job steps (``RetryPolicies`` in the definition).

``StepRetryPolicy`` retries service faults and throttling when a job is created;
``SageMakerJobStepRetryPolicy`` retries jobs that failed for an internal error, lack of
capacity or a resource limit. The interval grows by ``backoff_rate`` on each attempt;
retries stop after ``max_attempts`` attempts or ``expire_after_mins`` minutes (give one of
them, or neither for the service default).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from dagmaker.workflow.entities import DefaultEnumMeta, Entity

DEFAULT_BACKOFF_RATE = 2.0
DEFAULT_INTERVAL_SECONDS = 1
MAX_ATTEMPTS_CAP = 20
MAX_EXPIRE_AFTER_MIN = 14400
MAX_INTERVAL_SECONDS = 43200


class StepExceptionTypeEnum(Enum, metaclass=DefaultEnumMeta):
    """Errors met while creating a job."""

    SERVICE_FAULT = "Step.SERVICE_FAULT"
    THROTTLING = "Step.THROTTLING"


class SageMakerJobExceptionTypeEnum(Enum, metaclass=DefaultEnumMeta):
    """Reasons a job failed that are worth retrying."""

    INTERNAL_ERROR = "SageMaker.JOB_INTERNAL_ERROR"
    CAPACITY_ERROR = "SageMaker.CAPACITY_ERROR"
    RESOURCE_LIMIT = "SageMaker.RESOURCE_LIMIT"


class RetryPolicy(Entity):
    """What both retry policies share.

    Attributes:
        backoff_rate: Multiplier of the interval after each attempt (default 2.0).
        interval_seconds: Seconds before the first retry (default 1, at most 43200).
        max_attempts: Attempts before giving up (1–20), or ``None``.
        expire_after_mins: Minutes after which no retry starts (1–14400), or ``None``.
    """

    def __init__(
        self,
        backoff_rate: float = DEFAULT_BACKOFF_RATE,
        interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
        max_attempts: int | None = None,
        expire_after_mins: int | None = None,
    ) -> None:
        _check_number("backoff_rate", backoff_rate, 0, None)
        _check_number("interval_seconds", interval_seconds, 0, MAX_INTERVAL_SECONDS)
        if max_attempts is not None:
            _check_count("max_attempts", max_attempts, MAX_ATTEMPTS_CAP)
        if expire_after_mins is not None:
            _check_count("expire_after_mins", expire_after_mins, MAX_EXPIRE_AFTER_MIN)
        if max_attempts is not None and expire_after_mins is not None:
            raise ValueError(
                "give max_attempts or expire_after_mins, not both: a retry policy stops "
                "either after a number of attempts or after a time "
                f"(got max_attempts={max_attempts}, expire_after_mins={expire_after_mins})"
            )
        self.backoff_rate = backoff_rate
        self.interval_seconds = interval_seconds
        self.max_attempts = max_attempts
        self.expire_after_mins = expire_after_mins

    def to_request(self) -> dict[str, Any]:
        """One entry of a step's ``RetryPolicies``."""
        request: dict[str, Any] = {
            "BackoffRate": self.backoff_rate,
            "IntervalSeconds": self.interval_seconds,
        }
        if self.max_attempts is not None:
            request["MaxAttempts"] = self.max_attempts
        if self.expire_after_mins is not None:
            request["ExpireAfterMin"] = self.expire_after_mins
        return request

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self) or not isinstance(other, RetryPolicy):
            return NotImplemented
        return self.to_request() == other.to_request()

    def __hash__(self) -> int:
        return hash(tuple(self.to_request()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_request()!r})"


def _check_number(name: str, value: Any, low: float, high: float | None) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be {bound}, got {value}")


def _check_count(name: str, value: Any, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if not 1 <= value <= high:
        raise ValueError(
            f"{name} must be between 1 and {high}, got {value}; to stop retrying an error, "
            "leave its exception type out of the retry policies"
        )


def _expire(expire_after_mins: int | None, expire_after_min: int | None) -> int | None:
    # The SDK's argument is expire_after_mins; its guide writes expire_after_min. Take both.
    if expire_after_min is not None and expire_after_mins is not None:
        raise ValueError("give expire_after_mins or its alias expire_after_min, not both")
    return expire_after_mins if expire_after_mins is not None else expire_after_min


class StepRetryPolicy(RetryPolicy):
    """Retry a step when creating its job meets a service fault or throttling.

    Attributes:
        exception_types: :class:`StepExceptionTypeEnum` members to retry.
    """

    def __init__(
        self,
        exception_types: list[StepExceptionTypeEnum],
        backoff_rate: float = DEFAULT_BACKOFF_RATE,
        interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
        max_attempts: int | None = None,
        expire_after_mins: int | None = None,
        *,
        expire_after_min: int | None = None,
    ) -> None:
        expire = _expire(expire_after_mins, expire_after_min)
        super().__init__(backoff_rate, interval_seconds, max_attempts, expire)
        self.exception_types = _checked_types(exception_types, StepExceptionTypeEnum)

    def to_request(self) -> dict[str, Any]:
        """The policy entry, with its ``Step.*`` exception types."""
        request = super().to_request()
        request["ExceptionType"] = [e.value for e in self.exception_types]
        return request


class SageMakerJobStepRetryPolicy(RetryPolicy):
    """Retry a step whose job failed for a retryable reason.

    ``exception_types`` (errors when the job is created) and ``failure_reason_types``
    (why a finished job failed) are combined into one ``ExceptionType`` list.

    Attributes:
        exception_type_list: All :class:`SageMakerJobExceptionTypeEnum` members matched.
    """

    def __init__(
        self,
        exception_types: list[SageMakerJobExceptionTypeEnum] | None = None,
        failure_reason_types: list[SageMakerJobExceptionTypeEnum] | None = None,
        backoff_rate: float = DEFAULT_BACKOFF_RATE,
        interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
        max_attempts: int | None = None,
        expire_after_mins: int | None = None,
        *,
        expire_after_min: int | None = None,
    ) -> None:
        expire = _expire(expire_after_mins, expire_after_min)
        super().__init__(backoff_rate, interval_seconds, max_attempts, expire)
        if not exception_types and not failure_reason_types:
            raise ValueError(
                "SageMakerJobStepRetryPolicy needs exception_types or failure_reason_types, "
                "e.g. [SageMakerJobExceptionTypeEnum.CAPACITY_ERROR]"
            )
        combined = list(exception_types or []) + list(failure_reason_types or [])
        self.exception_type_list = _checked_types(combined, SageMakerJobExceptionTypeEnum)

    def to_request(self) -> dict[str, Any]:
        """The policy entry, with its ``SageMaker.*`` exception types."""
        request = super().to_request()
        request["ExceptionType"] = [e.value for e in self.exception_type_list]
        return request


def _checked_types(values: Any, enum: type[Enum]) -> list[Any]:
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"exception types must be a list of {enum.__name__}, got {values!r}")
    if not values:
        raise ValueError(f"a retry policy needs at least one {enum.__name__} to match")
    for value in values:
        if not isinstance(value, enum):
            members = ", ".join(f"{enum.__name__}.{m.name}" for m in enum)
            raise ValueError(f"{value!r} is not a {enum.__name__}; use one of {members}")
    return list(values)
