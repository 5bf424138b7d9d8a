"""An endpoint's life as a pure state machine: events in, decisions out, ``now`` passed in.

It owns the statuses (Creating → InService, Updating → InService, Deleting, Failed) and
the serving processes' phases, and answers what to do next: stage a model generation,
launch or stop a process, report a status, finish. It never sleeps, spawns or writes;
`dagmaker.runners.endpoint` carries its decisions out and feeds it what happened.

- A generation is one endpoint configuration deployed on N instances (processes). The
  endpoint is InService once every instance of its first generation is ready; an update
  builds the next generation beside the current one and retires the current one only
  when every new instance is ready (so requests never lack a process to answer them).
- A new generation whose staging fails, or one of whose processes ends before the whole
  generation is ready, fails: at creation the endpoint becomes Failed with the reason;
  during an update the endpoint stays InService on its current configuration and
  FailureReason says why the update failed (as SageMaker reports a rolled-back update).
- A ready process of the current generation that ends is restarted after a backoff
  (`RestartPolicy`); restarts are counted.
- `snapshot` / `restore` carry the state across a restart of the supervisor.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dagmaker.records.endpoints import EndpointStatus
from dagmaker.serving.lifecycle_messages import (
    ConfigRequested,
    Decision,
    DeleteRequested,
    Event,
    Finish,
    GenerationStaged,
    Launch,
    Note,
    ProcessExited,
    ProcessReady,
    Report,
    Retired,
    Stage,
    StagingFailed,
    Stop,
)
from dagmaker.serving.statuses import ProcessPhase

__all__ = [
    "LIVE",
    "ConfigRequested",
    "Decision",
    "DeleteRequested",
    "EndpointLifecycle",
    "Event",
    "Finish",
    "Generation",
    "GenerationStaged",
    "Instance",
    "Launch",
    "Note",
    "ProcessExited",
    "ProcessReady",
    "Report",
    "RestartPolicy",
    "Retired",
    "Stage",
    "StagingFailed",
    "Stop",
    "process_id",
]


@dataclass(frozen=True)
class RestartPolicy:
    """How soon a failed process is started again.

    Attributes:
        base_seconds: Delay after a first failure; doubled for each consecutive one.
        max_seconds: Longest delay.
        stable_seconds: A process that served this long before ending starts the count
            of consecutive failures afresh.
    """

    base_seconds: float = 0.5
    max_seconds: float = 30.0
    stable_seconds: float = 60.0

    def delay(self, consecutive_failures: int) -> float:
        """Seconds to wait before restart number ``consecutive_failures`` (1-based)."""
        doublings = max(0, consecutive_failures - 1)
        return float(min(self.max_seconds, self.base_seconds * 2**doublings))


# -- state --------------------------------------------------------------------------------


@dataclass
class Instance:
    """One instance slot of a generation and the process now filling it."""

    index: int
    process: str
    phase: ProcessPhase = ProcessPhase.STARTING
    ready_at: float | None = None
    restart_at: float | None = None
    failures: int = 0
    restarts: int = 0


@dataclass
class Generation:
    """One configuration deployed on a set of instances."""

    number: int
    config: str
    instances: dict[int, Instance] = field(default_factory=dict)

    def processes(self, *phases: ProcessPhase) -> list[str]:
        """Process ids of the instances in one of ``phases`` (all when none given)."""
        return [i.process for i in self.instances.values() if not phases or i.phase in phases]


def process_id(number: int, index: int, restarts: int) -> str:
    """``g2-algo-1-r0``: generation, host and restart count of a serving process."""
    return f"g{number}-algo-{index}-r{restarts}"


LIVE = (ProcessPhase.STARTING, ProcessPhase.READY, ProcessPhase.STOPPING)


class EndpointLifecycle:
    """The state machine of one endpoint (see the module docstring)."""

    def __init__(self, policy: RestartPolicy | None = None) -> None:
        self.policy = policy or RestartPolicy()
        self.status = EndpointStatus.CREATING
        self.reason = ""
        self.current: Generation | None = None
        self.next: Generation | None = None
        self.retired: list[Generation] = []
        self.wanted = ""
        self.restarts = 0
        self.finished = False
        self._deleted = False

    # -- events ---------------------------------------------------------------------------

    def handle(self, event: Event, now: float) -> list[Decision]:
        """Apply one event; return what to do."""
        if self.finished:
            return []
        if isinstance(event, ConfigRequested):
            return self._requested(event.config)
        if isinstance(event, GenerationStaged):
            return self._staged(event)
        if isinstance(event, StagingFailed):
            return self._next_failed(event.number, event.reason)
        if isinstance(event, ProcessReady):
            return self._ready(event.process, now)
        if isinstance(event, ProcessExited):
            return self._exited(event, now)
        return self._delete()

    def tick(self, now: float) -> list[Decision]:
        """Restart the processes whose backoff is over."""
        if self.finished or self.current is None or self.status == EndpointStatus.DELETING:
            return []
        decisions: list[Decision] = []
        for instance in self.current.instances.values():
            due = instance.restart_at
            if instance.phase == ProcessPhase.DOWN and due is not None and due <= now:
                decisions.append(self._relaunch(self.current, instance))
        return decisions

    def next_wakeup(self) -> float | None:
        """When `tick` has something to do (None: only events can change anything)."""
        if self.current is None or self.finished:
            return None
        times = [i.restart_at for i in self.current.instances.values() if i.restart_at]
        return min(times) if times else None

    def live_processes(self) -> list[str]:
        """Every process that has been launched and has not ended."""
        return [p for g in self._generations() for p in g.processes(*LIVE)]

    # -- transitions ----------------------------------------------------------------------

    def _requested(self, config: str) -> list[Decision]:
        self.wanted = config
        if self.status in (EndpointStatus.DELETING, EndpointStatus.FAILED) or self.next:
            return []
        if self.current is not None and self.current.config == config:
            return []
        number = 1 + max((g.number for g in self._generations()), default=0)
        self.next = Generation(number, config)
        self.status = EndpointStatus.CREATING if self.current is None else EndpointStatus.UPDATING
        serving = self.current.config if self.current else config
        return [self._report(serving), Stage(number, config)]

    def _staged(self, event: GenerationStaged) -> list[Decision]:
        generation = self.next
        if generation is None or generation.number != event.number:
            return []
        donors = tuple(self.current.processes(ProcessPhase.READY)) if self.current else ()
        decisions: list[Decision] = []
        for index in range(1, max(1, event.instances) + 1):
            instance = Instance(index, process_id(generation.number, index, 0))
            generation.instances[index] = instance
            decisions.append(Launch(generation.number, index, instance.process, donors))
        return decisions

    def _ready(self, process: str, now: float) -> list[Decision]:
        found = self._find(process)
        if found is None or found[1].phase != ProcessPhase.STARTING:
            return []
        generation, instance = found
        instance.phase = ProcessPhase.READY
        instance.ready_at = now
        if generation is not self.next:
            return [Note(f"{process} is serving again (restart {instance.restarts})")]
        if generation.processes(ProcessPhase.READY) != generation.processes():
            return []
        return self._promote(generation)

    def _promote(self, generation: Generation) -> list[Decision]:
        decisions: list[Decision] = []
        old = self.current
        self.current, self.next = generation, None
        if old is not None:
            decisions += self._stop_all(old)
            self.retired.append(old)
            note = f"configuration {generation.config} serves; retiring {old.config}"
            decisions.append(Note(note))
            # InService only once the old processes are gone: until then one of them could
            # still take a request, and an update that reports done must answer with the
            # new configuration.
            return decisions
        return decisions + self._in_service()

    def _in_service(self) -> list[Decision]:
        assert self.current is not None
        config = self.current.config
        self.status, self.reason = EndpointStatus.IN_SERVICE, ""
        decisions: list[Decision] = [self._report(config, resolved=config)]
        if self.wanted and self.wanted != config:
            decisions += self._requested(self.wanted)
        return decisions

    def _exited(self, event: ProcessExited, now: float) -> list[Decision]:
        found = self._find(event.process)
        if found is None or found[1].phase == ProcessPhase.DOWN:
            return []
        generation, instance = found
        stopping = instance.phase == ProcessPhase.STOPPING
        instance.phase = ProcessPhase.DOWN
        if stopping or self.status == EndpointStatus.DELETING:
            return self._after_exit(generation)
        if generation is self.next:
            return self._next_failed(generation.number, event.reason)
        if generation is self.current:
            return self._schedule_restart(instance, event.reason, now)
        return self._after_exit(generation)

    def _schedule_restart(self, instance: Instance, reason: str, now: float) -> list[Decision]:
        served = now - instance.ready_at if instance.ready_at is not None else 0.0
        instance.failures = 1 if served >= self.policy.stable_seconds else instance.failures + 1
        delay = self.policy.delay(instance.failures)
        instance.restart_at = now + delay
        instance.ready_at = None
        self.restarts += 1
        return [
            Note(
                f"{instance.process} ended ({reason}); restarting instance algo-{instance.index} "
                f"in {delay:g} s (restart {self.restarts} of this endpoint)"
            )
        ]

    def _relaunch(self, generation: Generation, instance: Instance) -> Launch:
        instance.restarts += 1
        instance.process = process_id(generation.number, instance.index, instance.restarts)
        instance.phase = ProcessPhase.STARTING
        instance.restart_at = None
        donors = tuple(p for g in self._generations() for p in g.processes(ProcessPhase.READY))
        return Launch(generation.number, instance.index, instance.process, donors)

    def _next_failed(self, number: int, reason: str) -> list[Decision]:
        generation = self.next
        if generation is None or generation.number != number:
            return []
        self.next = None
        self.retired.append(generation)
        decisions = self._stop_all(generation)
        self.reason = reason
        if self.current is None:
            self.status = EndpointStatus.FAILED
            decisions.append(self._report(generation.config, resolved=generation.config))
        else:
            self.status = EndpointStatus.IN_SERVICE
            self.wanted = self.current.config
            decisions.append(self._report(self.current.config, resolved=generation.config))
            decisions.append(Note(f"update to {generation.config} failed: {reason}"))
        return decisions + self._after_exit(generation)

    def _delete(self) -> list[Decision]:
        self._deleted = True
        self.status = EndpointStatus.DELETING
        config = self.current.config if self.current else (self.next.config if self.next else "")
        decisions: list[Decision] = [self._report(config)]
        for generation in self._generations():
            decisions += self._stop_all(generation)
        return decisions + self._finish_if_idle()

    def _stop_all(self, generation: Generation) -> list[Decision]:
        decisions: list[Decision] = []
        for instance in generation.instances.values():
            if instance.phase in (ProcessPhase.STARTING, ProcessPhase.READY):
                instance.phase = ProcessPhase.STOPPING
                decisions.append(Stop(instance.process))
            elif instance.phase == ProcessPhase.DOWN:
                instance.restart_at = None
        return decisions

    def _after_exit(self, generation: Generation) -> list[Decision]:
        decisions: list[Decision] = []
        if generation in self.retired and not generation.processes(*LIVE):
            self.retired.remove(generation)
            decisions.append(Retired(generation.number))
            swapped = self.status == EndpointStatus.UPDATING and self.next is None
            if swapped and not self.retired and self.current is not None and not self._deleted:
                decisions += self._in_service()
        return decisions + self._finish_if_idle()

    def _finish_if_idle(self) -> list[Decision]:
        ending = self._deleted or self.status == EndpointStatus.FAILED
        if not ending or self.live_processes():
            return []
        self.finished = True
        return [Finish(deleted=self._deleted, reason=self.reason)]

    # -- helpers --------------------------------------------------------------------------

    def _report(self, config: str, resolved: str = "") -> Report:
        return Report(self.status, config, self.reason, resolved)

    def _generations(self) -> list[Generation]:
        found = [g for g in (self.current, self.next) if g is not None]
        return found + self.retired

    def _find(self, process: str) -> tuple[Generation, Instance] | None:
        for generation in self._generations():
            for instance in generation.instances.values():
                if instance.process == process:
                    return generation, instance
        return None

    # -- persistence ----------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The state as JSON-ready data."""
        return {
            "status": self.status.value,
            "reason": self.reason,
            "current": asdict(self.current) if self.current else None,
            "next": asdict(self.next) if self.next else None,
            "retired": [asdict(g) for g in self.retired],
            "wanted": self.wanted,
            "restarts": self.restarts,
            "deleted": self._deleted,
        }

    @classmethod
    def restore(
        cls, document: dict[str, Any], policy: RestartPolicy | None = None
    ) -> EndpointLifecycle:
        """Rebuild the state machine from `snapshot` data."""
        lifecycle = cls(policy)
        lifecycle.status = EndpointStatus(document["status"])
        lifecycle.reason = str(document.get("reason") or "")
        lifecycle.current = _generation(document.get("current"))
        lifecycle.next = _generation(document.get("next"))
        lifecycle.retired = [g for g in map(_generation, document.get("retired") or []) if g]
        lifecycle.wanted = str(document.get("wanted") or "")
        lifecycle.restarts = int(document.get("restarts") or 0)
        lifecycle._deleted = bool(document.get("deleted"))
        return lifecycle


def _generation(document: dict[str, Any] | None) -> Generation | None:
    if not document:
        return None
    instances = {
        int(key): Instance(**dict(value, phase=ProcessPhase(value["phase"])))
        for key, value in (document.get("instances") or {}).items()
    }
    return Generation(int(document["number"]), str(document["config"]), instances)
