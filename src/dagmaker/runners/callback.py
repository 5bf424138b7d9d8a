"""Callback steps: post a message with a token to a local queue and wait for the answer.

The token is recorded (``JobLaunched``) before the message is posted, so an engine that
restarts re-attaches to the same token instead of posting again.

Stopping follows the seed: a stop does not end a waiting callback step. The step posts
one more message, the same body with ``"status": "Stopping"``, and keeps waiting; only
an answer ends it. A success answer still counts (the step Succeeds with its outputs
and the execution then ends Stopped); a failure answer after the stop ends the step as
Stopped, so the execution ends Stopped, as was asked, rather than Failed.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.errors import InternalError, JobFailure
from dagmaker.records import events as ev
from dagmaker.records.callbacks import CallbackStatus, CallbackToken, new_token
from dagmaker.runners import output_parameters as outs
from dagmaker.runners.context import RunnerContext
from dagmaker.storage.ports import CallbackStore

POLL_SECONDS = 0.2


class CallbackRunner:
    """Runs Callback steps over the local callback queue."""

    def __init__(self, context: RunnerContext, poll_seconds: float = POLL_SECONDS) -> None:
        if context.callbacks is None:
            raise InternalError("Callback steps need the callback store in RunnerContext")
        self.callbacks: CallbackStore = context.callbacks
        self.poll_seconds = poll_seconds

    def run(self, work: StepWork) -> StepResult:
        """Post (or re-attach to) the step's token and wait for its answer."""
        queue_url = str(work.extra.get("SqsQueueUrl", ""))
        token = self._issue(work, queue_url)
        answered = self._wait(work, token)
        if answered.status == CallbackStatus.FAILED:
            if work.cancel.is_set():
                raise StepStopped()
            raise JobFailure(answered.failure_reason or "the callback reported a failure")
        return _result(work, answered)

    def _issue(self, work: StepWork, queue_url: str) -> str:
        token = str((work.reattach or {}).get("CallbackToken") or "")
        if not token:
            token = new_token()
            work.emit(
                ev.JobLaunched(
                    datetime.now(UTC),
                    step=work.step.name,
                    attempt=work.attempt,
                    job_name=work.job_name,
                    job_kind="Callback",
                    handle={"CallbackToken": token, "SqsQueueUrl": queue_url},
                )
            )
        body = {
            "token": token,
            "pipelineExecutionArn": work.execution.arn,
            "arguments": work.arguments or {},
        }
        if self.callbacks.open(token, work.execution.arn, work.step.name, queue_url, body):
            work.emit(
                ev.CallbackWaiting(
                    datetime.now(UTC), step=work.step.name, token=token, queue_url=queue_url
                )
            )
        return token

    def _wait(self, work: StepWork, token: str) -> CallbackToken:
        while True:
            current = self.callbacks.get(token)
            if current.status != CallbackStatus.WAITING:
                return current
            if work.cancel.is_set() and not current.stop_sent:
                self.callbacks.post_stopping(token)
            time.sleep(self.poll_seconds)


def _result(work: StepWork, answered: CallbackToken) -> StepResult:
    given = {str(item["Name"]): item.get("Value") for item in answered.outputs}
    values = outs.from_text(
        outs.declared(work.extra), given, f"the callback for step {work.step.name!r}"
    )
    metadata: dict[str, Any] = {
        "Callback": {
            "CallbackToken": answered.token,
            "SqsQueueUrl": answered.queue_url,
            "OutputParameters": outs.metadata(values),
        }
    }
    return StepResult(properties={"OutputParameters": values}, metadata=metadata)
