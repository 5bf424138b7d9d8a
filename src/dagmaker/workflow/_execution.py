"""A handle on one pipeline execution: describe, list steps, wait, stop."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from dagmaker.errors import DagmakerError, JobFailure
from dagmaker.session import Session

logger = logging.getLogger(__name__)

_RUNNING = ("Executing", "Stopping")
WAIT_SLICE = 20.0


@dataclass
class _PipelineExecution:
    """An execution started by ``Pipeline.start()``.

    Attributes:
        arn: The execution's ARN.
        sagemaker_session: The session whose client started it.
    """

    arn: str
    sagemaker_session: Session = field(default_factory=Session)

    @property
    def _client(self) -> Any:
        return self.sagemaker_session.sagemaker_client

    def describe(self) -> dict[str, Any]:
        """``DescribePipelineExecution``: status, failure reason and times."""
        response: dict[str, Any] = self._client.describe_pipeline_execution(
            PipelineExecutionArn=self.arn
        )
        return response

    def list_steps(self) -> Any:
        """The execution's steps (``PipelineExecutionSteps``), most recent first.

        As in the SageMaker SDK: the list itself, or, under a ``LocalPipelineSession`` (the
        SDK's local mode), the whole ``{"PipelineExecutionSteps": [...]}`` response.
        """
        response = self._client.list_pipeline_execution_steps(PipelineExecutionArn=self.arn)
        if getattr(self.sagemaker_session, "local_mode", False):
            return {"PipelineExecutionSteps": list(response["PipelineExecutionSteps"])}
        return list(response["PipelineExecutionSteps"])

    def list_parameters(
        self, max_results: int | None = None, next_token: str | None = None
    ) -> dict[str, Any]:
        """``ListPipelineParametersForExecution``."""
        kwargs: dict[str, Any] = {"PipelineExecutionArn": self.arn}
        if max_results is not None:
            kwargs["MaxResults"] = max_results
        if next_token is not None:
            kwargs["NextToken"] = next_token
        response: dict[str, Any] = self._client.list_pipeline_parameters_for_execution(**kwargs)
        return response

    def stop(self) -> dict[str, Any]:
        """``StopPipelineExecution``: running steps are stopped, then the execution."""
        response: dict[str, Any] = self._client.stop_pipeline_execution(
            PipelineExecutionArn=self.arn
        )
        return response

    def wait(self, delay: float = 2, max_attempts: int | None = None) -> dict[str, Any]:
        """Poll until the execution ends and return its description.

        Args:
            delay: Seconds between polls.
            max_attempts: Polls before giving up; ``None`` waits until it ends.

        Raises:
            JobFailure: when the execution ends Failed (the message has its reason).
            DagmakerError: when it is still running after ``max_attempts`` polls.
        """
        waiter = getattr(self._client, "wait_for_pipeline_execution", None)
        if callable(waiter):
            # dagmaker's client blocks until the end instead of being polled, in slices
            # short enough for a request to a server.
            limit = None if max_attempts is None else delay * max_attempts
            deadline = None if limit is None else time.monotonic() + limit
            while True:
                left = WAIT_SLICE if deadline is None else deadline - time.monotonic()
                done = waiter(PipelineExecutionArn=self.arn, MaxWaitSeconds=min(left, WAIT_SLICE))
                if done.get("PipelineExecutionStatus") not in _RUNNING or left <= WAIT_SLICE:
                    break
        attempts = 0
        while True:
            description = self.describe()
            status = description.get("PipelineExecutionStatus")
            attempts += 1
            if status not in _RUNNING:
                return self._ended(description, status)
            if max_attempts is not None and attempts >= max_attempts:
                raise DagmakerError(
                    f"pipeline execution {self.arn} is still {status} after {attempts} checks "
                    f"{delay}s apart; call wait() again or pass a larger max_attempts"
                )
            time.sleep(delay)

    def _ended(self, description: dict[str, Any], status: str | None) -> dict[str, Any]:
        if status == "Failed":
            reason = description.get("FailureReason") or "(no failure reason recorded)"
            raise JobFailure(f"pipeline execution {self.arn} failed: {reason}")
        if status == "Stopped":
            logger.warning("pipeline execution %s was stopped", self.arn)
        return description
