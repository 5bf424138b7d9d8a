"""runner_for, and runners working on nothing but the in-memory stores."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dagmaker.compute import LocalSandbox
from dagmaker.definition.model import StepDef
from dagmaker.engine.ports import ExecutionInfo, StepRunner, StepWork
from dagmaker.engine.units import CompositeRunner
from dagmaker.errors import InternalError
from dagmaker.records import events as ev
from dagmaker.records.callbacks import CallbackStatus
from dagmaker.runners import RUNNERS
from dagmaker.runners.callback import CallbackRunner
from dagmaker.runners.capacity import SlotPool
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.images import ImageTable
from dagmaker.runners.registry import StepTypeNotSupported, runner_for
from dagmaker.storage.artifacts import InMemoryArtifactStore
from dagmaker.storage.memory import (
    InMemoryCallbackStore,
    InMemoryImageMappings,
    InMemoryJobStore,
    InMemoryLambdaStore,
    InMemoryModelStore,
    InMemoryRegistryStore,
)

EXECUTION = ExecutionInfo("arn:e", "e1", "P", "arn:p", datetime(2026, 1, 1, tzinfo=UTC))

# Step types whose runner drives child units (trials, monitoring runs) through the loop.
COMPOSITE_TYPES = {"Tuning", "MonitoringSchedule"}


@pytest.fixture
def context(tmp_path: Path) -> RunnerContext:
    return RunnerContext(
        artifacts=InMemoryArtifactStore(),
        jobs=InMemoryJobStore(),
        sandbox=LocalSandbox("rewrite"),
        jobs_root=tmp_path / "jobs",
        images=ImageTable(InMemoryImageMappings().all),
        slots=SlotPool(tmp_path / "slots", 2),
        callbacks=InMemoryCallbackStore(),
        lambdas=InMemoryLambdaStore(tmp_path / "lambdas"),
        models=InMemoryModelStore(),
        registry=InMemoryRegistryStore(),
    )


def work(step_type: str, arguments: object, events: list[ev.Event], **extra: object) -> StepWork:
    raw = {"Name": "S", "Type": step_type, "Arguments": arguments, **extra}
    step = StepDef(name="S", type=step_type, arguments=arguments, raw=raw)
    return StepWork(EXECUTION, step, arguments, dict(extra), "S-job", 1, events.append)


@pytest.mark.parametrize("step_type", sorted(RUNNERS))
def test_every_table_row_builds_a_runner(step_type: str, context: RunnerContext) -> None:
    runner = runner_for(step_type, context)
    if getattr(runner, "composite", False):
        assert isinstance(runner, CompositeRunner) and step_type in COMPOSITE_TYPES
    else:
        assert isinstance(runner, StepRunner)


def test_an_unknown_step_type_names_the_supported_ones(context: RunnerContext) -> None:
    with pytest.raises(StepTypeNotSupported) as caught:
        runner_for("NotebookJob", context)
    assert caught.value.message.startswith("NotebookJob steps are not supported yet")
    assert f"(supported: {', '.join(sorted(RUNNERS))})" in caught.value.message
    assert all(step_type in caught.value.message for step_type in RUNNERS)


def test_a_row_naming_no_runner_is_an_internal_error(
    context: RunnerContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(RUNNERS, "Odd", "builtins:repr")
    expected = r"builtins:repr \(the runner of Odd steps\) has neither run"
    with pytest.raises(InternalError, match=expected):
        runner_for("Odd", context)


def test_a_model_step_is_recorded_in_the_model_store(context: RunnerContext) -> None:
    context.artifacts.write_bytes("s3://b/model.tar.gz", b"model")
    request = {"ModelName": "M", "PrimaryContainer": {"ModelDataUrl": "s3://b/model.tar.gz"}}
    result = runner_for("Model", context).run(work("Model", request, []))
    assert context.models is not None
    assert context.models.describe("m") == result.properties
    assert result.properties["PrimaryContainer"] == request["PrimaryContainer"]


def test_a_callback_step_waits_on_the_callback_store(context: RunnerContext) -> None:
    store = context.callbacks
    assert isinstance(store, InMemoryCallbackStore)
    events: list[ev.Event] = []
    outputs = [{"OutputName": "rows", "OutputType": "Integer"}]
    step = work("Callback", {"n": 1}, events, SqsQueueUrl="https://q/Q", OutputParameters=outputs)
    answered = threading.Event()

    def answer() -> None:
        while not (messages := store.receive("Q")):
            threading.Event().wait(0.01)
        store.answer(
            messages[0].body["token"], CallbackStatus.SUCCEEDED, [{"Name": "rows", "Value": "7"}]
        )
        answered.set()

    threading.Thread(target=answer, daemon=True).start()
    result = CallbackRunner(context, poll_seconds=0.01).run(step)
    assert answered.is_set() and result.properties == {"OutputParameters": {"rows": 7}}
    assert [type(e).__name__ for e in events] == ["JobLaunched", "CallbackWaiting"]
