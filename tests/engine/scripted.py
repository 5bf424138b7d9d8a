"""A runner whose behaviour is scripted by the step's own arguments.

Engine tests use it to exercise graph shapes without real jobs. The step's
``Arguments.Environment.SCRIPT`` (JSON, so the arguments stay a valid CreateProcessingJob
request) says what to do: ``{"Sleep": s, "Fail": "reason", "Kind": kind,
"FailTimes": n, "Properties": {...}}``. It implements the engine's ``StepRunner`` port
for real (it sleeps, honours cancellation, reports failures); nothing is faked about the
engine under test.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from dagmaker.engine.control_steps import ConditionRunner, FailRunner
from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.errors import JobFailure
from dagmaker.records import events as ev

CONTROL_RUNNERS = {"Condition": ConditionRunner(), "Fail": FailRunner()}


class ScriptedRunner:
    """Runs scripted steps; counts attempts per step."""

    def __init__(self) -> None:
        self.attempts: Counter[str] = Counter()
        self.reattached: set[str] = set()
        self.lock = threading.Lock()
        self.running: set[str] = set()
        self.most_at_once = 0
        self.barriers: dict[str, threading.Barrier] = {}

    def __call__(self, step_type: str) -> Any:
        # Condition and Fail steps run through their real runners; every job step is scripted.
        if step_type in CONTROL_RUNNERS:
            return CONTROL_RUNNERS[step_type]
        return self

    def _hold(self, work: StepWork, script: dict[str, Any]) -> None:
        # "Together": N steps must all be running at once before any goes on (proves
        # concurrency without timing); "Sleep": real seconds, only where time is the point.
        together = script.get("Together")
        if together:
            with self.lock:
                barrier = self.barriers.setdefault(
                    str(together["Name"]), threading.Barrier(int(together["Count"]))
                )
            barrier.wait(timeout=10)
        if work.cancel.wait(float(script.get("Sleep", 0))):
            raise StepStopped()

    def run(self, work: StepWork) -> StepResult:
        script: dict[str, Any] = json.loads(
            work.arguments.get("Environment", {}).get("SCRIPT", "{}")
        )
        key = work.unit or work.step.name
        with self.lock:
            self.attempts[key] += 1
            attempt = self.attempts[key]
            if work.reattach:
                self.reattached.add(key)
        if script.get("Launch") and not work.reattach:
            handle = {"scripted": work.job_name}
            work.emit(ev.JobLaunched(datetime.now(UTC), step=work.step.name, handle=handle))
        with self.lock:
            self.running.add(key)
            self.most_at_once = max(self.most_at_once, len(self.running))
        try:
            self._hold(work, script)
        finally:
            with self.lock:
                self.running.discard(key)
        if "Fail" in script and attempt <= int(script.get("FailTimes", 10**6)):
            raise JobFailure(script["Fail"], kind=script.get("Kind", ""))
        properties = {"ProcessingJobName": work.job_name, **script.get("Properties", {})}
        return StepResult(properties, {"ProcessingJob": {"Arn": f"arn:{work.job_name}"}})


def step(name: str, script: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A Processing step definition whose runner follows ``script``."""
    arguments = {
        "AppSpecification": {"ImageUri": "scripted"},
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceType": "ml.m5.large",
                "InstanceCount": 1,
                "VolumeSizeInGB": 1,
            }
        },
        "RoleArn": "arn:aws:iam::123456789012:role/Scripted",
        "Environment": {"SCRIPT": json.dumps(script or {})},
    }
    return {"Name": name, "Type": "Processing", "Arguments": arguments, **extra}


def definition(
    *steps: dict[str, Any], parameters: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A full definition document."""
    return {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": parameters or [],
        "PipelineExperimentConfig": None,
        "Steps": list(steps),
    }


def wait_until(predicate: Any, timeout: float = 10.0) -> None:
    """Poll ``predicate`` until true (for cross-thread conditions), or fail."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)
