"""Step and execution status are a fold over the event list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dagmaker.records import events as ev
from dagmaker.records.fold import ExecutionView, advance, fold_execution, fold_steps
from dagmaker.records.statuses import ExecutionStatus, StepStatus

T0 = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_no_events_no_steps() -> None:
    assert fold_steps([]) == {}
    assert fold_execution([]) == ExecutionView()


def test_a_successful_step() -> None:
    views = fold_steps(
        [
            ev.ExecutionStarted(at(0)),
            ev.StepStarted(at(1), step="A", attempt=1, job_name="job-a", metadata={"M": 1}),
            ev.JobLaunched(at(2), step="A", job_name="job-a", handle={"pid": 42}),
            ev.StepSucceeded(at(5), step="A", properties={"X": 1}, metadata={"N": 2}),
        ]
    )
    view = views["A"]
    assert view.status == StepStatus.SUCCEEDED
    assert (view.started_at, view.ended_at) == (at(1), at(5))
    assert view.attempts == 1
    assert view.job_name == "job-a"
    assert view.job_handle == {"pid": 42}
    assert view.properties == {"X": 1}
    assert view.metadata == {"M": 1, "N": 2}
    assert view.history == [
        {
            "Attempt": 1,
            "StartTime": at(1),
            "EndTime": at(5),
            "Status": "Succeeded",
            "FailureReason": "",
        }
    ]


def test_only_steps_with_events_appear() -> None:
    views = fold_steps([ev.StepStarted(at(0), step="B")])
    assert list(views) == ["B"]
    assert views["B"].status == StepStatus.EXECUTING


def test_retry_then_success_keeps_the_first_start_and_every_attempt() -> None:
    views = fold_steps(
        [
            ev.StepStarted(at(0), step="A", attempt=1, job_name="j1"),
            ev.StepFailed(
                at(2),
                step="A",
                attempt=1,
                reason="capacity",
                failure_kind="SageMaker.CAPACITY_ERROR",
            ),
            ev.StepRetryScheduled(at(2), step="A", attempt=1, delay_seconds=30),
        ]
    )
    waiting = views["A"]
    assert waiting.status == StepStatus.WAITING_FOR_RETRY
    assert waiting.retry_at == at(32)
    assert waiting.ended_at is None
    assert (waiting.failure_reason, waiting.failure_kind) == (
        "capacity",
        "SageMaker.CAPACITY_ERROR",
    )

    views = fold_steps(
        [
            ev.StepStarted(at(0), step="A", attempt=1, job_name="j1"),
            ev.StepFailed(at(2), step="A", attempt=1, reason="capacity"),
            ev.StepRetryScheduled(at(2), step="A", attempt=1, delay_seconds=30),
            ev.StepStarted(at(32), step="A", attempt=2, job_name="j2"),
            ev.StepSucceeded(at(40), step="A", attempt=2),
        ]
    )
    view = views["A"]
    assert view.status == StepStatus.SUCCEEDED
    assert view.attempts == 2
    assert view.started_at == at(0)
    assert view.ended_at == at(40)
    assert view.retry_at is None
    assert view.job_name == "j2"
    assert [(h["Attempt"], h["Status"], h["FailureReason"]) for h in view.history] == [
        (1, "Failed", "capacity"),
        (2, "Succeeded", ""),
    ]


def test_failure() -> None:
    views = fold_steps(
        [
            ev.StepStarted(at(0), step="Stop"),
            ev.StepFailed(at(1), step="Stop", reason="MSE too high", metadata={"Fail": {"x": 1}}),
        ]
    )
    view = views["Stop"]
    assert view.status == StepStatus.FAILED
    assert view.failure_reason == "MSE too high"
    assert view.metadata == {"Fail": {"x": 1}}
    assert view.ended_at == at(1)


def test_cache_hit_without_a_start() -> None:
    views = fold_steps(
        [
            ev.StepCacheMiss(at(0), step="A", explanation="no earlier successful run"),
            ev.StepCacheHit(at(1), step="B", source_execution_arn="arn:old", properties={"P": 1}),
        ]
    )
    assert views["A"].cache_explanation == "no earlier successful run"
    assert views["A"].status == StepStatus.PENDING
    hit = views["B"]
    assert hit.status == StepStatus.SUCCEEDED
    assert hit.cache_source == "arn:old"
    assert hit.properties == {"P": 1}
    assert (hit.started_at, hit.ended_at) == (at(1), at(1))
    assert hit.attempts == 0


def test_skip() -> None:
    views = fold_steps([ev.StepSkipped(at(0), step="No", reason="condition 'Gate' evaluated true")])
    assert views["No"].status == StepStatus.SKIPPED
    assert views["No"].skip_reason == "condition 'Gate' evaluated true"


def test_callback_waiting_records_the_token_in_metadata() -> None:
    views = fold_steps(
        [
            ev.StepStarted(at(0), step="Wait"),
            ev.CallbackWaiting(at(1), step="Wait", token="tok", queue_url="https://sqs/q"),
        ]
    )
    view = views["Wait"]
    assert view.status == StepStatus.EXECUTING
    assert view.callback_token == "tok"
    assert view.metadata["Callback"] == {"CallbackToken": "tok", "SqsQueueUrl": "https://sqs/q"}


def test_stop() -> None:
    views = fold_steps([ev.StepStarted(at(0), step="A"), ev.StepStopped(at(3), step="A")])
    view = views["A"]
    assert view.status == StepStatus.STOPPED
    assert view.failure_reason == "Stopped by user"
    assert view.history[-1]["Status"] == "Stopped"


def test_execution_retried_resets_only_the_named_steps() -> None:
    events: list[ev.Event] = [
        ev.StepStarted(at(0), step="A"),
        ev.StepSucceeded(at(1), step="A", properties={"X": 1}),
        ev.StepStarted(at(1), step="B"),
        ev.StepFailed(at(2), step="B", reason="exit 1", failure_kind=""),
        ev.ExecutionFinished(at(2), status="Failed", reason="Step failure"),
        ev.ExecutionRetried(at(10), steps=["B", "NeverSeen"]),
    ]
    views = fold_steps(events)
    assert views["A"].status == StepStatus.SUCCEEDED
    b = views["B"]
    assert b.status == StepStatus.PENDING
    assert (b.failure_reason, b.ended_at) == ("", None)
    assert b.attempts == 1
    assert "NeverSeen" not in views
    views = fold_steps([*events, ev.StepStarted(at(11), step="B", attempt=2)])
    assert views["B"].started_at == at(1)
    assert len(views["B"].history) == 2


def test_execution_status() -> None:
    running = [ev.ExecutionStarted(at(0)), ev.StepStarted(at(0), step="A")]
    assert fold_execution(running).status == ExecutionStatus.EXECUTING
    done = [*running, ev.ExecutionFinished(at(5), status="Succeeded")]
    view = fold_execution(done)
    assert view.status == ExecutionStatus.SUCCEEDED
    assert view.ended_at == at(5)


def test_stop_requested_then_stopped() -> None:
    events: list[ev.Event] = [ev.ExecutionStarted(at(0)), ev.StopRequested(at(1), by="me")]
    view = fold_execution(events)
    assert view.status == ExecutionStatus.STOPPING
    assert view.stop_requested
    view = fold_execution([*events, ev.ExecutionFinished(at(2), status="Stopped")])
    assert view.status == ExecutionStatus.STOPPED


def test_a_late_stop_request_does_not_reopen_a_finished_execution() -> None:
    view = fold_execution(
        [
            ev.ExecutionFinished(at(1), status="Failed", reason="Step failure"),
            ev.StopRequested(at(2)),
        ]
    )
    assert view.status == ExecutionStatus.FAILED
    assert view.failure_reason == "Step failure"
    assert view.stop_requested


def test_execution_retried_starts_a_fresh_view() -> None:
    view = fold_execution(
        [
            ev.ExecutionFinished(at(1), status="Failed", reason="Step failure"),
            ev.ExecutionRetried(at(2), steps=["A"]),
        ]
    )
    assert view == ExecutionView()


def test_advance_applies_more_events_like_one_fold() -> None:
    events: list[ev.Event] = [
        ev.ExecutionStarted(at(0)),
        ev.StopRequested(at(1)),
        ev.ExecutionFinished(at(2), status="Stopped"),
    ]
    partial = fold_execution(events[:1])
    assert advance(partial, events[1:]) == fold_execution(events)


def test_fold_of_a_stored_round_trip_is_the_same() -> None:
    events: list[ev.Event] = [
        ev.StepStarted(at(0), step="A", job_name="j"),
        ev.StepFailed(at(1), step="A", reason="r", failure_kind="Step.THROTTLING"),
        ev.StepRetryScheduled(at(1), step="A", delay_seconds=2.0),
        ev.StepStarted(at(3), step="A", attempt=2),
        ev.StepSucceeded(at(4), step="A", attempt=2, properties={"X": [1]}),
    ]
    stored = [(e.kind, e.at, e.payload()) for e in events]
    restored = [ev.event_from_payload(kind, when, payload) for kind, when, payload in stored]
    assert restored == events
    assert fold_steps(restored) == fold_steps(events)
