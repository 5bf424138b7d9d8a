"""Chaos: kill the background worker at any moment — nothing is lost, nothing re-runs.

Pipelines (processing → training → condition → register, the first step cached),
processing and training jobs started on their own and a tuning job with parallel trials
are started from scripts that exit at once (or linger, driving their work, until they are
killed). Meanwhile the background worker is SIGKILLed at random (seeded) moments, now and
then SIGTERMed (it hands over cleanly), and killed while a step waits between
``StepStarted`` and ``JobLaunched``; the starting scripts are killed too. A new worker
takes over through ``dagmaker resume`` or the next client call. In the end every
execution, job and tuning job has succeeded, no job ran twice (each job's marker line),
every event log is consistent and no process is left behind.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from dagmaker.records import events as ev
from tests.e2e import chaos_processes as procs
from tests.e2e.chaos_workload import (
    GROUP,
    PIPELINE,
    STARTER,
    pipeline_definition,
    processing_request,
    training_request,
    tuning_request,
    upload_code_bundle,
)
from tests.e2e.defs import BUCKET

SEED = int(os.environ.get("DAGMAKER_CHAOS_SEED", "1729"))
DELAY = 2.5
TRIALS = 4
_DONE = ("StepSucceeded", "StepCacheHit")
_ENDS = ("StepSucceeded", "StepFailed", "StepStopped")


class Chaos:
    """Starts the workload and harms its processes, at seeded random moments."""

    def __init__(self, home: Path, tmp: Path, client: Any, seed: int) -> None:
        self.home = home
        self.tmp = tmp
        self.client = client
        self.rng = random.Random(seed)
        self.starters: list[subprocess.Popen[str]] = []
        self.lingering: list[subprocess.Popen[str]] = []
        self.done: Counter[str] = Counter()

    # -- the workload ---------------------------------------------------------------------

    def start(self, calls: list[tuple[str, dict[str, Any]]], linger: bool) -> None:
        """Run a starter script; a lingering one drives its work until it is killed."""
        process = subprocess.Popen(
            [sys.executable, "-c", STARTER, json.dumps(calls), "linger" if linger else "exit"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.starters.append(process)
        if linger:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "started", process.stderr
            self.lingering.append(process)

    # -- harm -----------------------------------------------------------------------------

    def act(self, action: str | None = None) -> None:
        """One harm (chosen at random unless given)."""
        action = (
            action
            or self.rng.choices(
                ["kill", "term", "gap", "starter", "resume"], weights=[5, 1, 2, 2, 1]
            )[0]
        )
        if action == "kill":
            self.kill_workers(signal.SIGKILL)
        elif action == "term":
            self.kill_workers(signal.SIGTERM)
        elif action == "gap":
            self.kill_in_gap()
        elif action == "starter" and self.lingering:
            victim = self.lingering.pop(self.rng.randrange(len(self.lingering)))
            victim.kill()
            victim.wait()
            self.done["starter"] += 1
        if self.rng.random() < 0.4 or action == "resume":
            self.resume()

    def needed(self) -> str | None:
        """The harm that has not happened yet, if any (each kind must happen under load)."""
        for action, key, least in (
            ("kill", "SIGKILL", 3),
            ("term", "SIGTERM", 1),
            ("gap", "gap", 1),
        ):
            if self.done[key] < least:
                return action
        return None

    def kill_workers(self, sig: signal.Signals) -> None:
        """Signal every worker of the home; a SIGTERMed one must be gone within seconds.

        With no worker running (the last one was killed), one is started first.
        """
        if not procs.workers(self.home):
            self.resume()
            time.sleep(self.rng.uniform(0.1, 1.0))
        for pid in procs.workers(self.home):
            os.kill(pid, sig)
            self.done[sig.name] += 1
            if sig == signal.SIGTERM:
                _wait_for(partial(self._gone, pid), 15.0, "a SIGTERMed worker to leave")

    def _gone(self, pid: int) -> bool:
        return pid not in procs.workers(self.home)

    def kill_in_gap(self) -> None:
        """SIGKILL the driver of a step that has started but whose job is not launched yet."""
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            for record in self.client.services.executions.active():
                owner = record.owner
                if not owner or not _in_gap(self.client.services.event_log.load(record.arn)):
                    continue
                pid = int(owner.rpartition(":")[2])
                if pid in procs.workers(self.home) or any(p.pid == pid for p in self.lingering):
                    os.kill(pid, signal.SIGKILL)
                    self.done["gap"] += 1
                    return
            time.sleep(0.02)

    def resume(self) -> None:
        """Let a new worker take over: ``dagmaker resume`` or a client call."""
        if self.rng.random() < 0.5:
            resumed = subprocess.run(
                [sys.executable, "-m", "dagmaker", "resume"],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert resumed.returncode == 0, resumed.stderr
        else:
            self.client.resume_pipeline_executions()
        self.done["resume"] += 1

    def finish(self, timeout: float) -> None:
        """Kill what lingers, then let workers carry everything to its end."""
        for process in self.lingering:
            process.kill()
        for process in self.starters:
            _, errors = process.communicate(timeout=30)
            assert process.returncode in (0, -signal.SIGKILL), errors
        deadline = time.monotonic() + timeout
        while self.client.resume_pipeline_executions()["ActiveCount"]:
            assert time.monotonic() < deadline, "work did not finish after the chaos ended"
            time.sleep(0.3)


def _in_gap(events: list[ev.Event]) -> bool:
    started: set[tuple[str, int]] = set()
    for event in events:
        if isinstance(event, ev.StepStarted) and event.job_name:
            started.add((event.step, event.attempt))
        elif isinstance(event, ev.JobLaunched | ev.StepSucceeded | ev.StepFailed | ev.StepStopped):
            started.discard((event.step, event.attempt))
    return bool(started)


def _wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _workload(code: str, marker: Path) -> list[tuple[list[tuple[str, dict[str, Any]]], bool]]:
    def execution(label: str) -> tuple[str, dict[str, Any]]:
        parameters = [{"Name": "Label", "Value": label}]
        return "start_pipeline_execution", {
            "PipelineName": PIPELINE,
            "PipelineParameters": parameters,
        }

    def processing_job(name: str) -> tuple[str, dict[str, Any]]:
        request = processing_request(code, marker, DELAY, f"s3://{BUCKET}/jobs/{name}")
        return "create_processing_job", {"ProcessingJobName": name, **request}

    def training_job(name: str) -> tuple[str, dict[str, Any]]:
        return "create_training_job", {"TrainingJobName": name, **training_request(marker, DELAY)}

    tuning = (
        "create_hyper_parameter_tuning_job",
        {
            "HyperParameterTuningJobName": "chaos-tuning",
            **tuning_request(marker, DELAY, TRIALS, 2),
        },
    )
    return [
        ([execution("a"), execution("a"), execution("b")], False),
        ([processing_job("chaos-proc-1")], True),
        ([tuning], False),
        ([training_job("chaos-train-1")], False),
        ([execution("a")], True),
        ([processing_job("chaos-proc-2"), training_job("chaos-train-2")], False),
        ([execution("b")], True),
    ]


@pytest.mark.slow
@pytest.mark.timeout(170)
def test_killing_the_worker_at_any_moment_loses_nothing(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGMAKER_JOB_SLOTS", "3")
    client = connect()
    marker = tmp_path / "markers.txt"
    code = upload_code_bundle(client)
    definition = pipeline_definition(code, marker, DELAY)
    client.create_pipeline(PipelineName=PIPELINE, PipelineDefinition=json.dumps(definition))
    chaos = Chaos(home, tmp_path, client, SEED)
    for calls, linger in _workload(code, marker):
        chaos.start(calls, linger)
        time.sleep(chaos.rng.uniform(0.2, 1.0))
        chaos.act()
    acts = 0
    while client.services.executions.active():
        assert acts < 80, "the work does not end under chaos"
        time.sleep(chaos.rng.uniform(0.3, 1.2))
        chaos.act(chaos.needed() if acts >= 6 else None)
        acts += 1
    chaos.finish(timeout=90)
    print(f"seed {SEED}: {acts} harms {dict(chaos.done)}")
    assert chaos.needed() is None, f"not every harm happened while work ran: {chaos.done}"

    arns = _check_everything_succeeded(client)
    _check_no_job_ran_twice(client, marker)
    for arn in arns:
        _check_log(arn, client.services.event_log.load(arn))
    _wait_for(lambda: not procs.workers(home), 30.0, "the idle worker to exit")
    assert procs.leftovers(tmp_path, set()) == []


def _check_everything_succeeded(client: Any) -> list[str]:
    executions = client.services.executions.list(PIPELINE, limit=100)
    assert len(executions) == 5
    for record in executions:
        assert record.status.value == "Succeeded", (record.arn, record.failure_reason)
    for name in ("chaos-proc-1", "chaos-proc-2"):
        described = client.describe_processing_job(ProcessingJobName=name)
        assert described["ProcessingJobStatus"] == "Completed", described.get("FailureReason")
    for name in ("chaos-train-1", "chaos-train-2"):
        described = client.describe_training_job(TrainingJobName=name)
        assert described["TrainingJobStatus"] == "Completed", described.get("FailureReason")
    tuning = client.services.jobs.get("chaos-tuning")
    assert tuning.describe["HyperParameterTuningJobStatus"] == "Completed"
    trials = tuning.describe["TrainingJobSummaries"]
    assert len(trials) == TRIALS
    assert {t["TrainingJobStatus"] for t in trials} == {"Completed"}
    packages = client.list_model_packages(ModelPackageGroupName=GROUP)["ModelPackageSummaryList"]
    assert len(packages) == len(executions), "one model package per execution"
    jobs = [j for j in client.services.jobs.list(limit=1000)]
    assert {j.status.value for j in jobs} == {"Completed"}, [
        (j.name, j.status.value) for j in jobs if j.status.value != "Completed"
    ]
    standalone = {j.execution_arn for j in jobs if j.execution_arn.startswith(j.arn)}
    assert len(standalone) == 5
    return [r.arn for r in executions] + sorted(standalone)


def _check_no_job_ran_twice(client: Any, marker: Path) -> None:
    lines = [line.split() for line in marker.read_text().splitlines()]
    names = Counter(name for name, _ in lines)
    assert {attempt for _, attempt in lines} == {"1"}, [x for x in lines if x[1] != "1"]
    assert all(n == 1 for n in names.values()), names
    ran = {
        j.name for j in client.services.jobs.list(limit=1000) if j.kind != "HyperParameterTuning"
    }
    assert set(names) == ran, "every job that ran is a recorded, completed job, and vice versa"


def _check_log(arn: str, events: list[ev.Event]) -> None:
    kinds = [e.kind for e in events]
    assert kinds.count("ExecutionFinished") == 1 and kinds[-1] == "ExecutionFinished", arn
    succeeded = Counter(e.step for e in events if isinstance(e, ev.StepEvent) and e.kind in _DONE)
    assert all(n == 1 for n in succeeded.values()), (arn, succeeded)
    open_steps: set[tuple[str, int]] = set()
    open_units: set[str] = set()
    completed_units: Counter[str] = Counter()
    for event in events:
        if isinstance(event, ev.StepStarted):
            assert (event.step, event.attempt) not in open_steps, (arn, event)
            open_steps.add((event.step, event.attempt))
        elif isinstance(event, ev.StepEvent) and event.kind in _ENDS:
            open_steps.discard((event.step, getattr(event, "attempt", 0)))
        elif isinstance(event, ev.UnitStarted):
            open_units.add(event.unit)
        elif isinstance(event, ev.UnitEnded):
            open_units.discard(event.unit)
            completed_units[event.unit] += event.status == "Completed"
    assert not open_steps, (arn, open_steps)
    assert not open_units, (arn, open_units)
    assert all(n <= 1 for n in completed_units.values()), (arn, completed_units)
