"""The scheduler: a pure state machine over the step graph.

It owns only the step states. It takes events (:meth:`Scheduler.apply`) and answers
"what may start now?", "what must be skipped?", "when is the next retry due?" and
"is the execution over, and how?". It never sleeps, spawns or writes; the driver does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dagmaker.definition.graph import Graph
from dagmaker.records import events as ev
from dagmaker.records.statuses import ExecutionStatus, StepStatus
from dagmaker.records.transitions import RETRIED_STATUS, step_status_after

GENERIC_FAILURE = "Step failure: One or multiple steps failed."


@dataclass(frozen=True)
class Outcome:
    """How a finished execution ended."""

    status: ExecutionStatus
    reason: str = ""


class SchedulerError(RuntimeError):
    """An event arrived that the state machine cannot accept (a dagmaker bug)."""


class Scheduler:
    """Step states of one execution.

    Args:
        graph: The step graph.
        step_types: Step name → ``Type``.
        parallelism: ``MaxParallelExecutionSteps``, or None for no cap.
        selected: For selective execution, the steps that run; the rest must be
            pre-filled by events (their properties come from the source execution).
    """

    def __init__(
        self,
        graph: Graph,
        step_types: dict[str, str],
        parallelism: int | None = None,
        selected: set[str] | None = None,
    ) -> None:
        self.graph = graph
        self.step_types = step_types
        self.parallelism = parallelism
        self.selected = selected
        self.states: dict[str, StepStatus] = {n: StepStatus.PENDING for n in graph.nodes}
        self.retry_at: dict[str, datetime] = {}
        self.outcomes: dict[str, bool] = {}
        self.failures: dict[str, str] = {}
        self.fail_step_reason = ""
        self.stop_requested = False

    # -- events ---------------------------------------------------------------------------

    def apply(self, event: ev.Event) -> None:
        """Move step states according to ``event``."""
        if isinstance(event, ev.StopRequested):
            self.stop_requested = True
        elif isinstance(event, ev.ExecutionRetried):
            self._retried(event.steps)
        elif isinstance(event, ev.StepEvent):
            self._step_event(event)

    def _step_event(self, event: ev.StepEvent) -> None:
        name = event.step
        if name not in self.states:
            raise SchedulerError(f"event for unknown step {name!r}")
        status = step_status_after(event, self.states[name])
        self.states[name] = status
        if status != StepStatus.WAITING_FOR_RETRY:
            self.retry_at.pop(name, None)
        if status != StepStatus.FAILED:
            self.failures.pop(name, None)
        if isinstance(event, (ev.StepSucceeded, ev.StepCacheHit)):
            self._record_outcome(name, event.properties)
        elif isinstance(event, ev.StepFailed):
            self.failures[name] = event.reason
            if self.step_types.get(name) == "Fail":
                self.fail_step_reason = event.reason
        elif isinstance(event, ev.StepRetryScheduled):
            self.retry_at[name] = event.at + timedelta(seconds=event.delay_seconds)

    def _record_outcome(self, name: str, properties: dict[str, object]) -> None:
        if self.step_types.get(name) == "Condition":
            self.outcomes[name] = bool(properties.get("Outcome"))

    def _retried(self, steps: list[str]) -> None:
        self.stop_requested = False
        self.fail_step_reason = ""
        for name in steps:
            if name in self.states:
                self.states[name] = RETRIED_STATUS
                self.failures.pop(name, None)

    # -- questions ------------------------------------------------------------------------

    def running(self) -> set[str]:
        """Steps currently executing."""
        return {n for n, s in self.states.items() if s == StepStatus.EXECUTING}

    def waiting_for_retry(self) -> list[str]:
        """Steps whose next attempt is scheduled, in name order."""
        return sorted(n for n, s in self.states.items() if s == StepStatus.WAITING_FOR_RETRY)

    def failing(self) -> bool:
        """True once a step failed for good: nothing new may start."""
        return bool(self.failures)

    def to_skip(self) -> list[tuple[str, str]]:
        """Pending steps that can never run, with the reason; apply StepSkipped for each."""
        found: list[tuple[str, str]] = []
        for name in self._pending():
            reason = self._skip_reason(name)
            if reason:
                found.append((name, reason))
        return found

    def _skip_reason(self, name: str) -> str:
        branch = self.graph.branch_of.get(name)
        if branch is not None:
            condition, which = branch
            # A branch step needs its condition to have run, whatever else it waits for.
            if self.states[condition] == StepStatus.SKIPPED:
                return f"its condition {condition!r} was skipped"
            if condition in self.outcomes and self.outcomes[condition] != (which == "IfSteps"):
                taken = "true" if self.outcomes[condition] else "false"
                return f"condition {condition!r} evaluated {taken}; this step is in its {which}"
        if self.selected is not None and name not in self.selected:
            return "not selected for this selective execution"
        skipped = {u for u in self.graph.upstream[name] if self.states[u] == StepStatus.SKIPPED}
        if not skipped:
            return ""
        data_skipped = skipped & self.graph.data_upstream[name]
        if data_skipped:
            return f"it uses properties of skipped step {sorted(data_skipped)[0]!r}"
        if skipped == self.graph.upstream[name]:
            return f"every step it depends on was skipped ({', '.join(sorted(skipped))})"
        return ""

    def ready(self, now: datetime) -> list[str]:
        """Steps that may start now, in a stable order, within the parallelism cap."""
        if self.stop_requested or self.failing():
            return []
        candidates = [
            n for n in self._pending() if self._upstream_done(n) and not self._skip_reason(n)
        ]
        candidates += sorted(
            n
            for n, at in self.retry_at.items()
            if self.states[n] == StepStatus.WAITING_FOR_RETRY and at <= now
        )
        room = len(candidates)
        if self.parallelism is not None:
            room = max(0, self.parallelism - len(self.running()))
        return candidates[:room]

    def _pending(self) -> list[str]:
        return sorted(n for n, s in self.states.items() if s == StepStatus.PENDING)

    def _upstream_done(self, name: str) -> bool:
        ups = self.graph.upstream[name]
        states = [self.states[u] for u in ups]
        if not all(s in (StepStatus.SUCCEEDED, StepStatus.SKIPPED) for s in states):
            return False
        return not (ups & self.graph.data_upstream[name] & self._skipped())

    def _skipped(self) -> set[str]:
        return {n for n, s in self.states.items() if s == StepStatus.SKIPPED}

    def next_wakeup(self, now: datetime) -> float | None:
        """Seconds until the earliest scheduled retry, or None if none is waiting."""
        waiting = [
            at for n, at in self.retry_at.items() if self.states[n] == StepStatus.WAITING_FOR_RETRY
        ]
        if not waiting or self.stop_requested or self.failing():
            return None
        return max(0.0, (min(waiting) - now).total_seconds())

    def outcome(self) -> Outcome | None:
        """How the execution ended, or None while it goes on.

        The execution ends when nothing runs and nothing more can start: after a failure
        or a stop, running steps are waited for first (a FailStep beside a running step
        ends the execution only once that step finishes).
        """
        if self.running():
            return None
        waiting = any(s == StepStatus.WAITING_FOR_RETRY for s in self.states.values())
        if self.failing():
            return Outcome(ExecutionStatus.FAILED, self.fail_step_reason or GENERIC_FAILURE)
        if self.stop_requested:
            return Outcome(ExecutionStatus.STOPPED)
        if waiting or self._pending():
            return None
        return Outcome(ExecutionStatus.SUCCEEDED)

    def unfinished(self) -> set[str]:
        """Steps not in a terminal state (for the on-exit check and for retries)."""
        return {n for n, s in self.states.items() if not s.terminal}


def rebuild(
    graph: Graph,
    step_types: dict[str, str],
    events: list[ev.Event],
    parallelism: int | None = None,
    selected: set[str] | None = None,
) -> Scheduler:
    """A scheduler with every stored event replayed: how resume and retry start."""
    scheduler = Scheduler(graph, step_types, parallelism, selected)
    for event in events:
        scheduler.apply(event)
    return scheduler
