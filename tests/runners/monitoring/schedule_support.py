"""Driving monitoring schedules in tests: an injected clock, capture files, a stand-in job."""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from dagmaker.api import monitoring_schedules
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.api.ownership import STALE_AFTER, owner_id
from dagmaker.api.services import Services, build_services
from dagmaker.api.wiring import runner_context
from dagmaker.engine.driver import Driver
from dagmaker.engine.scheduler import Outcome
from dagmaker.errors import NotFound
from dagmaker.records.monitoring import ScheduleRecord
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.monitoring.capture_inputs import CaptureSource
from dagmaker.runners.monitoring.execution import MonitoringExecutionRunner
from dagmaker.runners.monitoring.schedule import ScheduleRunner
from dagmaker.runners.registry import runner_for
from dagmaker.settings import Settings

HERE = Path(__file__).parent
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/stand-in-monitor:1"
CAPTURE = "s3://capture-bucket/datacapture"
ENDPOINT = "ep"
REPORTS = "s3://reports-bucket/monitoring"
BASELINE = "s3://reports-bucket/baseline/constraints.json"
POST_SCRIPT = "s3://reports-bucket/code/postprocessor.py"


class FakeClock:
    """A clock the test moves; thread-safe."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment


def services() -> Services:
    """The services of the test's DAGMAKER_HOME, with the stand-in image mapped."""
    built = build_services(Settings.from_env())
    built.images.put(IMAGE, "python")
    built.artifacts.write_bytes(BASELINE, json.dumps({"max_mean": 10.0}).encode())
    built.artifacts.write_bytes(POST_SCRIPT, b"print('post-analytics script ran')\n")
    return built


def context(built: Services, model: str = "") -> RunnerContext:
    """The runners' context, with a capture locator for the endpoint ``ep`` (serving ``model``)."""

    def locate(endpoint: str) -> CaptureSource:
        if endpoint != ENDPOINT:
            raise NotFound(f"endpoint {endpoint!r} does not exist")
        return CaptureSource(CAPTURE, ("AllTraffic",), model)

    return replace(runner_context(built), capture_locator=locate)


def definition(built: Services, name: str = "dq-def", **app: Any) -> None:
    """A data quality definition for ``ep`` that runs the stand-in container."""
    built_app = {
        "ImageUri": IMAGE,
        "ContainerEntrypoint": ["python3", str(HERE / "stand_in_monitor.py")],
        "PostAnalyticsProcessorSourceUri": POST_SCRIPT,
        "Environment": {"publish_cloudwatch_metrics": "Enabled"},
        **app,
    }
    request = {
        "JobDefinitionName": name,
        "DataQualityAppSpecification": built_app,
        "DataQualityBaselineConfig": {"ConstraintsResource": {"S3Uri": BASELINE}},
        "DataQualityJobInput": {
            "EndpointInput": {
                "EndpointName": ENDPOINT,
                "LocalPath": "/opt/ml/processing/input/endpoint",
            }
        },
        "DataQualityJobOutputConfig": {
            "MonitoringOutputs": [
                {"S3Output": {"S3Uri": REPORTS, "LocalPath": "/opt/ml/processing/output"}}
            ]
        },
        "JobResources": {
            "ClusterConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.large",
                "VolumeSizeInGB": 20,
            }
        },
        "RoleArn": "arn:aws:iam::123456789012:role/monitor",
    }
    LocalSageMakerClient(built).create_data_quality_job_definition(**request)


def capture(
    built: Services, at: datetime, values: list[float], variant: str = "AllTraffic"
) -> None:
    """Captured records of ``ep`` at ``at``, one per value (the request's first field)."""
    capture_rows(built, at, [(f"{value},1", "0.5") for value in values], variant)


def capture_rows(
    built: Services,
    at: datetime,
    rows: list[tuple[str, str]],
    variant: str = "AllTraffic",
    event_ids: list[str] | None = None,
) -> None:
    """Captured records of ``ep`` at ``at``: one per (request CSV, response CSV)."""
    lines = []
    ids = event_ids or [str(uuid.uuid4()) for _ in rows]
    for (request, response), event_id in zip(rows, ids, strict=True):
        record = {
            "captureData": {
                "endpointInput": {
                    "observedContentType": "text/csv",
                    "mode": "INPUT",
                    "data": request,
                    "encoding": "CSV",
                },
                "endpointOutput": {
                    "observedContentType": "text/csv; charset=utf-8",
                    "mode": "OUTPUT",
                    "data": response,
                    "encoding": "CSV",
                },
            },
            "eventMetadata": {
                "eventId": event_id,
                "inferenceTime": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
            "eventVersion": "0",
        }
        lines.append(json.dumps(record))
    key = f"{CAPTURE}/{ENDPOINT}/{variant}/{at:%Y/%m/%d/%H}/{at:%M-%S}-{uuid.uuid4()}.jsonl"
    built.artifacts.write_bytes(key, ("\n".join(lines) + "\n").encode())


class Drive:
    """A schedule driven in a thread by an engine with an injected clock."""

    def __init__(
        self,
        built: Services,
        clock: FakeClock,
        config: dict[str, Any],
        name: str = "sched",
        model: str = "",
    ) -> None:
        self.services = built
        self.clock = clock
        self.ctx = context(built, model)
        self.record: ScheduleRecord = monitoring_schedules.register(
            built, name, config, [], created=clock.now()
        )
        self.schedules = ScheduleRunner(self.ctx, clock)
        self.runs = MonitoringExecutionRunner(self.ctx)
        self.handoff = threading.Event()
        self.outcome: list[Outcome | None] = []
        self.thread = self._start()

    def again(self) -> None:
        """Drive the same schedule with a fresh engine (after a hand-off: a restart)."""
        claimed = self.services.executions.claim(
            owner_id(), STALE_AFTER, arn=self.record.execution_arn
        )
        assert claimed == [self.record.execution_arn]
        self.schedules = ScheduleRunner(self.ctx, self.clock)
        self.runs = MonitoringExecutionRunner(self.ctx)
        self.handoff = threading.Event()
        self.outcome = []
        self.thread = self._start()

    def _lookup(self, step_type: str) -> Any:
        if step_type == "MonitoringSchedule":
            return self.schedules
        if step_type == "MonitoringExecution":
            return self.runs
        return runner_for(step_type, self.ctx)

    def _start(self) -> threading.Thread:
        driver = Driver(
            log=self.services.event_log.for_owner(owner_id()),
            runners=self._lookup,
            read_json=self.services.read_json,
            clock=self.clock,
            poll_interval=0.02,
        )
        record = self.services.executions.get(self.record.execution_arn)
        thread = threading.Thread(
            target=lambda: self.outcome.append(driver.run(record, self.handoff)), daemon=True
        )
        thread.start()
        return thread

    def finish(self, timeout: float = 30) -> Outcome | None:
        """Wait for the drive to end (after a delete or a hand-off)."""
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the schedule's engine did not stop"
        return self.outcome[0]


def ground_truth(built: Services, root: str, at: datetime, labels: dict[str, str]) -> None:
    """Ground-truth records uploaded at ``at``: event id → label."""
    lines = [
        json.dumps(
            {
                "groundTruthData": {"data": label, "encoding": "CSV"},
                "eventMetadata": {"eventId": event},
                "eventVersion": "0",
            }
        )
        for event, label in labels.items()
    ]
    key = f"{root}/{at:%Y/%m/%d/%H}/labels-{uuid.uuid4()}.jsonl"
    built.artifacts.write_bytes(key, ("\n".join(lines) + "\n").encode())


def last_run(client: Any, timeout: float = 120) -> dict[str, Any]:
    """The schedule ``sched``'s last run, once it has ended."""

    def ended() -> dict[str, Any] | None:
        summary = client.describe_monitoring_schedule(MonitoringScheduleName="sched").get(
            "LastMonitoringExecutionSummary"
        )
        if summary and summary["MonitoringExecutionStatus"] not in ("Pending", "InProgress"):
            return dict(summary)
        return None

    result: dict[str, Any] = wait_for(ended, timeout=timeout, what="the run")
    return result


def wait_for(check: Any, timeout: float = 60, what: str = "condition") -> Any:
    """Poll ``check`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def hour(moment: datetime) -> datetime:
    """``moment`` rounded down to the hour."""
    return moment.replace(minute=0, second=0, microsecond=0)


H = timedelta(hours=1)
