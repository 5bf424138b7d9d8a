"""Run a definition through the real driver with in-memory ports and the scripted runner."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from dagmaker.definition import parameters as params
from dagmaker.definition.validation import validate
from dagmaker.engine.driver import Driver
from dagmaker.engine.scheduler import Outcome
from dagmaker.records import events as ev
from dagmaker.records.fold import StepView, fold_steps
from dagmaker.records.records import ExecutionRecord
from dagmaker.storage.memory import InMemoryCacheIndex, InMemoryEventLog
from tests.engine.scripted import ScriptedRunner

ARN = "arn:aws:sagemaker:local:000000000000:pipeline/p/execution/abc"


@dataclass
class Ran:
    """The result of one driven execution."""

    outcome: Outcome
    events: list[ev.Event]
    steps: dict[str, StepView]
    runner: ScriptedRunner
    log: InMemoryEventLog

    def status(self, name: str) -> str:
        return self.steps[name].status.value

    def window(self, name: str) -> tuple[datetime, datetime]:
        view = self.steps[name]
        assert view.started_at and view.ended_at
        return view.started_at, view.ended_at


def record(
    document: dict[str, Any],
    overrides: dict[str, Any] | None = None,
    parallelism: int | None = None,
    arn: str = ARN,
) -> ExecutionRecord:
    definition = validate(document)
    return ExecutionRecord(
        arn=arn,
        execution_id=arn.rsplit("/", 1)[-1],
        pipeline_name="p",
        pipeline_arn="arn:aws:sagemaker:local:000000000000:pipeline/p",
        definition=document,
        parameters=params.resolve(definition, overrides or {}),
        parallelism=parallelism,
        created_at=datetime.now(UTC),
    )


class TickClock:
    """The engine's clock in these tests: every reading is one millisecond after the last.

    Event times then follow the order the engine emitted them in, whatever the machine's
    speed, so the shape tests compare orders, not wall-clock luck.
    """

    def __init__(self) -> None:
        self.current = datetime(2026, 1, 1, tzinfo=UTC)
        self.lock = threading.Lock()

    def now(self) -> datetime:
        with self.lock:
            self.current += timedelta(milliseconds=1)
            return self.current


def drive(
    document: dict[str, Any],
    overrides: dict[str, Any] | None = None,
    *,
    parallelism: int | None = None,
    runner: ScriptedRunner | None = None,
    log: InMemoryEventLog | None = None,
    cache: InMemoryCacheIndex | None = None,
    read_json: Any = None,
    arn: str = ARN,
) -> Ran:
    runner = runner or ScriptedRunner()
    log = log or InMemoryEventLog()
    driver = Driver(
        log=log,
        runners=runner,
        read_json=read_json or (lambda uri: {}),
        clock=TickClock(),
        cache=cache,
        poll_interval=0.02,
    )
    outcome = driver.run(record(document, overrides, parallelism, arn))
    events = log.load(arn)
    return Ran(outcome, events, fold_steps(events), runner, log)
