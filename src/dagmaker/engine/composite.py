"""The loop's side of composite steps: act on their machines' decisions, record every fact.

Every decision is recorded before it is acted on (``UnitStarted`` before the unit's job
launches, ``UnitStopRequested`` before it is cancelled), and every fact the machine learns
comes from an event in the log, so replaying the log rebuilds the machine exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dagmaker.definition.model import StepDef
from dagmaker.engine.launcher import Done, Launcher
from dagmaker.engine.ports import Clock, StepWork
from dagmaker.engine.units import CompositeRunner, FinishStep, StartUnit, StopUnit, UnitMachine
from dagmaker.records import events as ev

JSON = Any


@dataclass
class _Composite:
    """One running attempt of a composite step."""

    work: StepWork
    runner: CompositeRunner
    machine: UnitMachine
    payload: JSON
    running: dict[str, StepWork] = field(default_factory=dict)
    learned: bool = False


class Composites:
    """The composite steps in flight in one execution.

    Args:
        launcher: Starts the units' jobs (results come back on its queue).
        emit: Records an event (appends it to the log, then tells the scheduler).
        emit_from_thread: Records a fact reported by a unit's runner thread.
        clock: Time source.
    """

    def __init__(
        self,
        launcher: Launcher,
        emit: Callable[[ev.Event], None],
        emit_from_thread: Callable[[ev.Event], None],
        clock: Clock,
    ) -> None:
        self.launcher = launcher
        self.emit = emit
        self.emit_from_thread = emit_from_thread
        self.clock = clock
        self.steps: dict[str, _Composite] = {}

    def begin(
        self, work: StepWork, runner: CompositeRunner, payload: JSON, history: list[ev.Event]
    ) -> Done | None:
        """Start (or, with ``history``, resume) a composite step; a Done if it cannot run."""
        try:
            machine = runner.machine(work)
        except Exception as exc:
            return self.launcher.failed(work, exc)
        composite = _Composite(work, runner, machine, payload)
        self.steps[work.step.name] = composite
        self._replay(composite, history)
        runner.publish(work, machine)
        return None

    def _replay(self, composite: _Composite, history: list[ev.Event]) -> None:
        name, attempt = composite.work.step.name, composite.work.attempt
        mine = [
            e
            for e in history
            if isinstance(e, ev.UNIT_EVENTS) and e.step == name and e.attempt == attempt
        ]
        started: dict[str, ev.UnitStarted] = {}
        handles: dict[str, dict[str, JSON]] = {}
        for event in mine:
            composite.machine.apply(event)
            if isinstance(event, ev.UnitStarted):
                started[event.unit] = event
            elif isinstance(event, ev.UnitLaunched):
                handles[event.unit] = event.handle
            elif isinstance(event, ev.UnitEnded):
                started.pop(event.unit, None)
        # A unit never launched runs now: jobs run only once their handle is recorded,
        # so nothing of it ran.
        for unit, event in started.items():
            self._launch(composite, event, reattach=handles.get(unit))

    def tick(self, stopping: bool) -> list[Done]:
        """Observe running units and act on every machine's decisions; finished steps."""
        finished = []
        for name in list(self.steps):
            composite = self.steps[name]
            running = sorted(composite.running)
            for event in composite.runner.observe(composite.work, running):
                self._record(composite, event)
            done = self._act(composite, stopping)
            if done is not None:
                finished.append(done)
        return finished

    def _act(self, composite: _Composite, stopping: bool) -> Done | None:
        # The machine moved when it learned a fact (a unit ended, a request came in) or
        # decided something; either way its document is published again.
        moved, composite.learned = composite.learned, False
        for decision in composite.machine.decide(self.clock.now(), stopping):
            moved = True
            if isinstance(decision, StartUnit):
                self._start(composite, decision)
            elif isinstance(decision, StopUnit):
                self._stop(composite, decision)
            elif isinstance(decision, FinishStep):
                composite.runner.publish(composite.work, composite.machine)
                return self._finish(composite, decision)
        if moved:
            composite.runner.publish(composite.work, composite.machine)
        return None

    def _start(self, composite: _Composite, decision: StartUnit) -> None:
        work = composite.work
        started = ev.UnitStarted(
            self.clock.now(),
            step=work.step.name,
            attempt=work.attempt,
            unit=decision.unit,
            step_type=decision.step_type,
            arguments=decision.arguments,
            facts=decision.facts,
        )
        self._record(composite, started)
        self._launch(composite, started, reattach=None)

    def _launch(
        self, composite: _Composite, started: ev.UnitStarted, reattach: dict[str, JSON] | None
    ) -> None:
        parent = composite.work
        unit_work = StepWork(
            execution=parent.execution,
            step=StepDef(
                name=parent.step.name,
                type=started.step_type,
                arguments=started.arguments,
                raw={"Name": parent.step.name, "Type": started.step_type},
            ),
            arguments=started.arguments,
            extra={},
            job_name=started.unit,
            attempt=parent.attempt,
            emit=self._unit_emitter(parent, started.unit),
            reattach=reattach,
            unit=started.unit,
        )
        composite.running[started.unit] = unit_work
        done = self.launcher.start(unit_work, None, cancelled=parent.cancel.is_set())
        if done is not None:
            self.unit_done(done)

    def _unit_emitter(self, parent: StepWork, unit: str) -> Callable[[ev.Event], None]:
        def emit(event: ev.Event) -> None:
            # A unit's runner reports its job's handle as a JobLaunched of the step; it is
            # kept as the unit's own, for re-attaching after a restart.
            if isinstance(event, ev.JobLaunched):
                event = ev.UnitLaunched(
                    event.at,
                    step=parent.step.name,
                    attempt=parent.attempt,
                    unit=unit,
                    handle=event.handle,
                )
            self.emit_from_thread(event)

        return emit

    def _stop(self, composite: _Composite, decision: StopUnit) -> None:
        work = composite.running.get(decision.unit)
        self._record(
            composite,
            ev.UnitStopRequested(
                self.clock.now(),
                step=composite.work.step.name,
                attempt=composite.work.attempt,
                unit=decision.unit,
                reason=decision.reason,
            ),
        )
        if work is not None:
            work.cancel.set()

    def unit_done(self, done: Done) -> None:
        """Record how a unit ended (its result came back from the launcher)."""
        composite = self.steps.get(done.step)
        if composite is None or composite.running.pop(done.unit, None) is None:
            return
        status = "Completed" if done.result else ("Stopped" if done.stopped else "Failed")
        self._record(
            composite,
            ev.UnitEnded(
                self.clock.now(),
                step=done.step,
                attempt=done.attempt,
                unit=done.unit,
                status=status,
                properties=done.result.properties if done.result else {},
                reason=done.failure,
                failure_kind=done.kind,
            ),
        )

    def _finish(self, composite: _Composite, decision: FinishStep) -> Done:
        del self.steps[composite.work.step.name]
        work = composite.work
        return Done(
            work.step.name,
            work.attempt,
            result=decision.result,
            failure=decision.failure,
            kind=decision.kind,
            stopped=decision.stopped,
            cache_payload=composite.payload,
        )

    def _record(self, composite: _Composite, event: ev.StepEvent) -> None:
        self.emit(event)
        composite.machine.apply(event)
        composite.learned = True

    def cancel_all(self) -> None:
        """Ask every composite step's units to stop (the execution is being stopped)."""
        for composite in self.steps.values():
            composite.work.cancel.set()

    def next_wakeup(self, now: datetime) -> float | None:
        """Seconds until the earliest time-based decision of any machine."""
        waits = [c.machine.next_wakeup(now) for c in self.steps.values()]
        known = [w for w in waits if w is not None]
        return min(known) if known else None
