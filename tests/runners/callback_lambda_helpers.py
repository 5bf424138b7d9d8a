"""Helpers for the Callback and Lambda step tests: run executions inline in a thread."""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from collections.abc import Callable
from typing import Any

from dagmaker.api import LocalLambdaClient, LocalSageMakerClient
from dagmaker.records.fold import StepView, fold_steps

QUEUE_URL = "https://sqs.us-east-2.amazonaws.com/012345678901/MyCallbackQueue"


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, what: str = "") -> Any:
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or predicate}")


class InlineRun:
    """An execution driven by ``start_pipeline_execution`` (inline) in a thread."""

    def __init__(
        self, client: LocalSageMakerClient, pipeline: str, parameters: list[Any] | None = None
    ) -> None:
        self.client = client
        self.pipeline = pipeline
        self.error: BaseException | None = None
        before = {e["PipelineExecutionArn"] for e in self._executions()}
        self.thread = threading.Thread(target=self._start, args=(parameters or [],), daemon=True)
        self.thread.start()
        self.arn: str = wait_for(
            lambda: next(
                (
                    e["PipelineExecutionArn"]
                    for e in self._executions()
                    if e["PipelineExecutionArn"] not in before
                ),
                None,
            ),
            what="the execution to be recorded",
        )

    def _executions(self) -> list[dict[str, Any]]:
        return self.client.list_pipeline_executions(PipelineName=self.pipeline)[
            "PipelineExecutionSummaries"
        ]

    def _start(self, parameters: list[Any]) -> None:
        try:
            self.client.start_pipeline_execution(
                PipelineName=self.pipeline, PipelineParameters=parameters
            )
        except BaseException as exc:
            self.error = exc

    def finish(self, timeout: float = 30.0) -> str:
        """Wait for the driving thread to end; return the execution status."""
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the execution did not end"
        assert self.error is None, self.error
        return self.status()

    def status(self) -> str:
        """The current PipelineExecutionStatus."""
        described = self.client.describe_pipeline_execution(PipelineExecutionArn=self.arn)
        return str(described["PipelineExecutionStatus"])

    def describe(self) -> dict[str, Any]:
        """DescribePipelineExecution."""
        return self.client.describe_pipeline_execution(PipelineExecutionArn=self.arn)

    def steps(self) -> dict[str, dict[str, Any]]:
        """ListPipelineExecutionSteps entries by step name."""
        listed = self.client.list_pipeline_execution_steps(PipelineExecutionArn=self.arn)
        return {s["StepName"]: s for s in listed["PipelineExecutionSteps"]}

    def view(self, step: str) -> StepView:
        """Everything the event log knows about the step."""
        views = fold_steps(self.client.services.event_log.load(self.arn))
        return views.get(step) or StepView(name=step)

    def properties(self, step: str) -> dict[str, Any]:
        """The step's stored properties."""
        return self.view(step).properties


def receive(client: LocalSageMakerClient, queue: str = QUEUE_URL) -> list[dict[str, Any]]:
    """Wait for at least one new message on ``queue``; return the bodies."""
    messages = wait_for(
        lambda: client.receive_callback_messages(QueueUrl=queue)["Messages"],
        what=f"a message on {queue}",
    )
    return [json.loads(m["Body"]) for m in messages]


def create_pipeline(client: LocalSageMakerClient, name: str, definition: str) -> None:
    """Create (or replace) a pipeline."""
    client.create_pipeline(PipelineName=name, PipelineDefinition=definition, RoleArn="role")


def package(files: dict[str, str]) -> bytes:
    """A zip deployment package with the given files (the same bytes on every call)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            # A fixed time: ZipFile stamps the current one, so a test that hashes two
            # packages made across a two-second tick would see different bytes.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def create_function(
    lambdas: LocalLambdaClient, name: str, source: str, timeout: int = 30, **extra: Any
) -> dict[str, Any]:
    """Create function ``name`` whose ``handler`` lives in ``<name>.py``."""
    module = name.replace("-", "_")
    return lambdas.create_function(
        FunctionName=name,
        Runtime="python3.11",
        Role="arn:aws:iam::000000000000:role/lambda",
        Handler=f"{module}.handler",
        Code={"ZipFile": package({f"{module}.py": source})},
        Timeout=timeout,
        **extra,
    )
