"""Retry decisions: pure functions of the policies, the failure kind, the attempt and the time."""

from __future__ import annotations

import pytest

from dagmaker.definition.model import RetryPolicy
from dagmaker.engine.retry import (
    DEFAULT_MAX_ATTEMPTS,
    IMPLICIT_START_POLICY,
    RetryDecision,
    decide,
    next_delay,
    policy_for,
)
from dagmaker.records.statuses import FailureKind

CAPACITY = RetryPolicy(
    exception_types=("SageMaker.CAPACITY_ERROR", "SageMaker.RESOURCE_LIMIT"),
    interval_seconds=30,
    backoff_rate=1.5,
    max_attempts=3,
)
FAULTS = RetryPolicy(
    exception_types=("Step.SERVICE_FAULT",),
    interval_seconds=10,
    backoff_rate=2.0,
    expire_after_min=1,
)


def test_delays_grow_by_the_backoff_rate() -> None:
    assert [next_delay(CAPACITY, n) for n in range(4)] == [30.0, 45.0, 67.5, 101.25]
    assert [next_delay(FAULTS, n) for n in range(3)] == [10.0, 20.0, 40.0]


def test_backoff_of_one_keeps_the_interval() -> None:
    flat = RetryPolicy(("Step.THROTTLING",), interval_seconds=5, backoff_rate=1.0)
    assert [next_delay(flat, n) for n in range(3)] == [5.0, 5.0, 5.0]


def test_the_first_matching_policy_wins() -> None:
    other = RetryPolicy(("SageMaker.CAPACITY_ERROR",), interval_seconds=1, max_attempts=9)
    assert policy_for((CAPACITY, other), "SageMaker.CAPACITY_ERROR") is CAPACITY
    assert policy_for((other, CAPACITY), "SageMaker.CAPACITY_ERROR") is other


def test_no_policy_for_an_uncovered_kind() -> None:
    assert policy_for((CAPACITY,), "SageMaker.JOB_INTERNAL_ERROR") is None


def test_user_failures_never_have_a_policy() -> None:
    catch_all = RetryPolicy(("",), max_attempts=5)
    assert policy_for((catch_all,), FailureKind.USER) is None
    assert decide((catch_all,), FailureKind.USER, 1, 0.0) == RetryDecision(
        False, explanation="not retryable"
    )


@pytest.mark.parametrize("kind", [FailureKind.SERVICE_FAULT, FailureKind.THROTTLING])
def test_service_faults_and_throttling_are_retried_without_a_declared_policy(kind: str) -> None:
    assert policy_for((), kind) is IMPLICIT_START_POLICY
    decision = decide((), kind, 1, 0.0)
    assert decision.retry and decision.delay_seconds == 1.0


def test_implicit_policy_backs_off_and_stops_after_the_default_retries() -> None:
    delays = [decide((), "Step.THROTTLING", attempt, 0.0).delay_seconds for attempt in range(1, 6)]
    assert delays == [1.0, 2.0, 4.0, 8.0, 16.0]
    last = decide((), "Step.THROTTLING", DEFAULT_MAX_ATTEMPTS + 1, 0.0)
    assert last == RetryDecision(False, explanation="5 retries used up")


def test_a_declared_policy_for_step_faults_replaces_the_implicit_one() -> None:
    declared = RetryPolicy(("Step.THROTTLING",), interval_seconds=7, max_attempts=1)
    assert decide((declared,), "Step.THROTTLING", 1, 0.0).delay_seconds == 7.0
    assert not decide((declared,), "Step.THROTTLING", 2, 0.0).retry


@pytest.mark.parametrize(
    "kind",
    [
        FailureKind.JOB_INTERNAL_ERROR,
        FailureKind.CAPACITY_ERROR,
        FailureKind.RESOURCE_LIMIT,
    ],
)
def test_job_failures_need_a_declared_policy(kind: str) -> None:
    assert decide((), kind, 1, 0.0) == RetryDecision(
        False, explanation=f"no retry policy covers {kind}"
    )


def test_max_attempts_counts_retries_after_the_first_attempt() -> None:
    decisions = [decide((CAPACITY,), "SageMaker.CAPACITY_ERROR", n, 0.0) for n in range(1, 5)]
    assert [d.retry for d in decisions] == [True, True, True, False]
    assert [d.delay_seconds for d in decisions[:3]] == [30.0, 45.0, 67.5]
    assert decisions[0].explanation == "retry 1 of 3 for SageMaker.CAPACITY_ERROR"
    assert decisions[3].explanation == "3 retries used up"


def test_max_attempts_zero_never_retries() -> None:
    never = RetryPolicy(("SageMaker.CAPACITY_ERROR",), max_attempts=0)
    assert decide((never,), "SageMaker.CAPACITY_ERROR", 1, 0.0) == RetryDecision(
        False, explanation="0 retries used up"
    )


def test_neither_limit_means_the_default_max_attempts() -> None:
    policy = RetryPolicy(("SageMaker.CAPACITY_ERROR",), interval_seconds=0)
    retries = [decide((policy,), "SageMaker.CAPACITY_ERROR", n, 0.0).retry for n in range(1, 8)]
    assert retries == [True] * DEFAULT_MAX_ATTEMPTS + [False, False]


def test_expire_window_allows_retries_that_start_inside_it() -> None:
    first = decide((FAULTS,), "Step.SERVICE_FAULT", 1, 0.0)
    assert first == RetryDecision(True, 10.0, "retry 1 of Step.SERVICE_FAULT")
    # A retry may start at the end of the 60 s window at the latest: elapsed + delay <= 60.
    assert decide((FAULTS,), "Step.SERVICE_FAULT", 2, 40.0).retry
    assert decide((FAULTS,), "Step.SERVICE_FAULT", 3, 20.0).retry
    late = decide((FAULTS,), "Step.SERVICE_FAULT", 3, 21.0)
    assert late == RetryDecision(False, explanation="retry window of 1 min used up")


def test_expire_window_ignores_the_attempt_count() -> None:
    cheap = RetryPolicy(
        ("Step.SERVICE_FAULT",), interval_seconds=1, backoff_rate=1.0, expire_after_min=10
    )
    assert decide((cheap,), "Step.SERVICE_FAULT", 50, 100.0).retry


def test_expire_after_zero_never_retries_even_without_an_interval() -> None:
    never = RetryPolicy(("Step.SERVICE_FAULT",), interval_seconds=0, expire_after_min=0)
    assert not decide((never,), "Step.SERVICE_FAULT", 1, 0.0).retry


def test_decisions_are_pure() -> None:
    first = decide((CAPACITY, FAULTS), "SageMaker.RESOURCE_LIMIT", 2, 5.0)
    assert first == decide((CAPACITY, FAULTS), "SageMaker.RESOURCE_LIMIT", 2, 5.0)
    assert first == RetryDecision(True, 45.0, "retry 2 of 3 for SageMaker.RESOURCE_LIMIT")
