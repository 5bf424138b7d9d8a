"""Retry decisions: pure functions of the declared policies, the failure and the attempt."""

from __future__ import annotations

from dataclasses import dataclass

from dagmaker.definition.model import RetryPolicy

DEFAULT_MAX_ATTEMPTS = 5
# SageMaker retries start failures (service faults, throttling) with a one-second
# exponential back-off even when no policy is declared.
IMPLICIT_START_POLICY = RetryPolicy(
    exception_types=("Step.SERVICE_FAULT", "Step.THROTTLING"),
    interval_seconds=1.0,
    backoff_rate=2.0,
    max_attempts=DEFAULT_MAX_ATTEMPTS,
)


@dataclass(frozen=True)
class RetryDecision:
    """Whether to retry and after how long."""

    retry: bool
    delay_seconds: float = 0.0
    explanation: str = ""


def policy_for(policies: tuple[RetryPolicy, ...], failure_kind: str) -> RetryPolicy | None:
    """The first declared policy covering ``failure_kind`` (implicit one for start failures)."""
    if not failure_kind:
        return None
    for policy in policies:
        if failure_kind in policy.exception_types:
            return policy
    if failure_kind in IMPLICIT_START_POLICY.exception_types:
        return IMPLICIT_START_POLICY
    return None


def next_delay(policy: RetryPolicy, retries_done: int) -> float:
    """Delay before retry number ``retries_done + 1``: interval × backoff^retries_done."""
    return float(policy.interval_seconds * policy.backoff_rate**retries_done)


def decide(
    policies: tuple[RetryPolicy, ...],
    failure_kind: str,
    attempt: int,
    elapsed_seconds: float,
) -> RetryDecision:
    """Decide on a retry after attempt number ``attempt`` (1-based) failed.

    Args:
        policies: The step's declared policies.
        failure_kind: A ``FailureKind`` value ("" for the user's own errors: never retried).
        attempt: How many attempts have run, the failed one included.
        elapsed_seconds: Time since the first attempt started (for ExpireAfterMin).
    """
    policy = policy_for(policies, failure_kind)
    if policy is None:
        why = "not retryable" if not failure_kind else f"no retry policy covers {failure_kind}"
        return RetryDecision(False, explanation=why)
    retries_done = attempt - 1
    delay = next_delay(policy, retries_done)
    if policy.expire_after_min is not None:
        limit = policy.expire_after_min * 60.0
        if limit <= 0 or elapsed_seconds + delay > limit:
            return RetryDecision(
                False, explanation=f"retry window of {policy.expire_after_min} min used up"
            )
        return RetryDecision(True, delay, f"retry {attempt} of {failure_kind}")
    max_attempts = DEFAULT_MAX_ATTEMPTS if policy.max_attempts is None else policy.max_attempts
    if retries_done >= max_attempts:
        return RetryDecision(False, explanation=f"{max_attempts} retries used up")
    return RetryDecision(True, delay, f"retry {attempt} of {max_attempts} for {failure_kind}")
