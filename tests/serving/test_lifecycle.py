"""The endpoint state machine, event by event; every scenario also survives snapshot/restore."""

from __future__ import annotations

import json

from dagmaker.records.endpoints import EndpointStatus
from dagmaker.serving.lifecycle import (
    ConfigRequested,
    Decision,
    DeleteRequested,
    EndpointLifecycle,
    Event,
    Finish,
    GenerationStaged,
    Launch,
    Note,
    ProcessExited,
    ProcessReady,
    Report,
    RestartPolicy,
    Retired,
    Stage,
    StagingFailed,
    Stop,
)

POLICY = RestartPolicy(base_seconds=1, max_seconds=8, stable_seconds=60)


class Run:
    """Feeds events and rebuilds the machine from its snapshot after each one."""

    def __init__(self) -> None:
        self.machine = EndpointLifecycle(POLICY)

    def send(self, event: Event, now: float = 0.0) -> list[Decision]:
        decisions = self.machine.handle(event, now)
        self._rebuild()
        return decisions

    def tick(self, now: float) -> list[Decision]:
        decisions = self.machine.tick(now)
        self._rebuild()
        return decisions

    def _rebuild(self) -> None:
        snapshot = json.loads(json.dumps(self.machine.snapshot()))
        finished = self.machine.finished
        self.machine = EndpointLifecycle.restore(snapshot, POLICY)
        self.machine.finished = finished


def kinds(decisions: list[Decision]) -> list[str]:
    return [type(d).__name__ for d in decisions]


def created(run: Run, instances: int = 1) -> None:
    assert run.send(ConfigRequested("c1")) == [
        Report(EndpointStatus.CREATING, "c1", ""),
        Stage(1, "c1"),
    ]
    launches = run.send(GenerationStaged(1, instances))
    assert launches == [Launch(1, i, f"g1-algo-{i}-r0", ()) for i in range(1, instances + 1)]
    for i in range(1, instances):
        assert run.send(ProcessReady(f"g1-algo-{i}-r0")) == []
    assert run.send(ProcessReady(f"g1-algo-{instances}-r0"), now=1.0) == [
        Report(EndpointStatus.IN_SERVICE, "c1", "", resolved="c1")
    ]


def test_creation_waits_for_every_instance() -> None:
    run = Run()
    created(run, instances=2)
    assert run.machine.status == EndpointStatus.IN_SERVICE
    assert sorted(run.machine.live_processes()) == ["g1-algo-1-r0", "g1-algo-2-r0"]


def test_creation_fails_when_a_process_ends_before_ready() -> None:
    run = Run()
    run.send(ConfigRequested("c1"))
    run.send(GenerationStaged(1, 2))
    decisions = run.send(ProcessExited("g1-algo-1-r0", "model_fn failed: boom"))
    assert decisions == [
        Stop("g1-algo-2-r0"),
        Report(EndpointStatus.FAILED, "c1", "model_fn failed: boom", resolved="c1"),
    ]
    # The endpoint is over once the other process is gone too.
    assert run.send(ProcessExited("g1-algo-2-r0", "stopped")) == [
        Retired(1),
        Finish(deleted=False, reason="model_fn failed: boom"),
    ]


def test_staging_failure_fails_creation() -> None:
    run = Run()
    run.send(ConfigRequested("c1"))
    decisions = run.send(StagingFailed(1, "model data missing"))
    assert decisions == [
        Report(EndpointStatus.FAILED, "c1", "model data missing", resolved="c1"),
        Retired(1),
        Finish(deleted=False, reason="model data missing"),
    ]


def test_update_builds_beside_and_retires_the_old_generation() -> None:
    run = Run()
    created(run)
    assert run.send(ConfigRequested("c2")) == [
        Report(EndpointStatus.UPDATING, "c1", ""),
        Stage(2, "c2"),
    ]
    # The new process takes the socket from the ready one.
    assert run.send(GenerationStaged(2, 1)) == [Launch(2, 1, "g2-algo-1-r0", ("g1-algo-1-r0",))]
    decisions = run.send(ProcessReady("g2-algo-1-r0"), now=5)
    assert decisions[0] == Stop("g1-algo-1-r0")
    # Still Updating while the old process could take a request: the update is done when
    # only the new configuration answers.
    assert kinds(decisions) == ["Stop", "Note"]
    assert run.send(ProcessExited("g1-algo-1-r0", "stopped")) == [
        Retired(1),
        Report(EndpointStatus.IN_SERVICE, "c2", "", resolved="c2"),
    ]
    assert run.machine.live_processes() == ["g2-algo-1-r0"]


def test_failed_update_keeps_serving_the_old_configuration() -> None:
    run = Run()
    created(run)
    run.send(ConfigRequested("c2"))
    run.send(GenerationStaged(2, 1))
    decisions = run.send(ProcessExited("g2-algo-1-r0", "model_fn failed"))
    assert decisions[0] == Report(EndpointStatus.IN_SERVICE, "c1", "model_fn failed", resolved="c2")
    assert kinds(decisions) == ["Report", "Note", "Retired"]
    assert run.machine.live_processes() == ["g1-algo-1-r0"]
    # Asking for c2 again is a new attempt.
    assert kinds(run.send(ConfigRequested("c2"))) == ["Report", "Stage"]


def test_request_during_an_update_is_served_next() -> None:
    run = Run()
    created(run)
    run.send(ConfigRequested("c2"))
    assert run.send(ConfigRequested("c3")) == []
    run.send(GenerationStaged(2, 1))
    assert kinds(run.send(ProcessReady("g2-algo-1-r0"))) == ["Stop", "Note"]
    decisions = run.send(ProcessExited("g1-algo-1-r0", "stopped"))
    assert decisions[-2:] == [Report(EndpointStatus.UPDATING, "c2", ""), Stage(3, "c3")]


def test_crashed_instance_restarts_with_backoff() -> None:
    run = Run()
    created(run)
    decisions = run.send(ProcessExited("g1-algo-1-r0", "signal 9"), now=10)
    assert kinds(decisions) == ["Note"]
    assert "restart 1" in decisions[0].message  # type: ignore[union-attr]
    assert run.machine.next_wakeup() == 11
    assert run.tick(10.5) == []
    assert run.tick(11) == [Launch(1, 1, "g1-algo-1-r1", ())]
    # It fails again before serving: the delay doubles.
    run.send(ProcessExited("g1-algo-1-r1", "exit code 1"), now=12)
    assert run.machine.next_wakeup() == 14
    assert run.tick(14) == [Launch(1, 1, "g1-algo-1-r2", ())]
    assert kinds(run.send(ProcessReady("g1-algo-1-r2"), now=15)) == ["Note"]
    # After serving for a while, a crash starts the count afresh.
    run.send(ProcessExited("g1-algo-1-r2", "signal 9"), now=100)
    assert run.machine.next_wakeup() == 101
    assert run.machine.restarts == 3
    assert run.machine.status == EndpointStatus.IN_SERVICE


def test_restart_takes_the_socket_from_a_ready_sibling() -> None:
    run = Run()
    created(run, instances=2)
    run.send(ProcessExited("g1-algo-1-r0", "signal 9"), now=10)
    assert run.tick(11) == [Launch(1, 1, "g1-algo-1-r1", ("g1-algo-2-r0",))]


def test_delete_stops_everything_then_finishes() -> None:
    run = Run()
    created(run)
    run.send(ConfigRequested("c2"))
    run.send(GenerationStaged(2, 1))
    decisions = run.send(DeleteRequested())
    assert decisions == [
        Report(EndpointStatus.DELETING, "c1", ""),
        Stop("g1-algo-1-r0"),
        Stop("g2-algo-1-r0"),
    ]
    # Late readiness and restarts are ignored while deleting.
    assert run.send(ProcessReady("g2-algo-1-r0")) == []
    assert run.send(ProcessExited("g1-algo-1-r0", "stopped")) == []
    assert run.send(ProcessExited("g2-algo-1-r0", "stopped")) == [Finish(True, "")]
    assert run.send(ConfigRequested("c3")) == []


def test_delete_of_a_crashed_endpoint_finishes_at_once() -> None:
    run = Run()
    created(run)
    run.send(ProcessExited("g1-algo-1-r0", "signal 9"), now=1)
    decisions = run.send(DeleteRequested(), now=1.5)
    assert decisions == [Report(EndpointStatus.DELETING, "c1", ""), Finish(True, "")]
    assert run.tick(100) == []


def test_notes_say_what_happened() -> None:
    run = Run()
    created(run)
    run.send(ConfigRequested("c2"))
    run.send(GenerationStaged(2, 1))
    notes = [d for d in run.send(ProcessReady("g2-algo-1-r0")) if isinstance(d, Note)]
    assert notes == [Note("configuration c2 serves; retiring c1")]
